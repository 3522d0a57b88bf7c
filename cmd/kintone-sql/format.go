package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Output formats selected with --format and \format.
const (
	formatTable = "table"
	formatCSV   = "csv"
	formatTSV   = "tsv"
	formatJSON  = "json"
	formatJSONL = "jsonl"
)

// formatNames lists the output formats in the order help shows them.
var formatNames = []string{formatTable, formatCSV, formatTSV, formatJSON, formatJSONL}

// checkFormat returns the canonical name of an output format, or an error
// listing the valid ones.
func checkFormat(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "aligned" {
		n = formatTable
	}
	if slices.Contains(formatNames, n) {
		return n, nil
	}
	return "", fmt.Errorf("unknown format %q (want %s)", name, strings.Join(formatNames, ", "))
}

// resultColumn is one column of a result set.
type resultColumn struct {
	// Name is the column name.
	Name string
	// Type is the SQL type name the driver reports (BIGINT, DECIMAL,
	// DATETIME, JSON, ...), "" when unknown.
	Type string
}

// resultWriter prints one result set in some format. WriteHeader comes
// first, then WriteRow for each row, then Close with the row count.
type resultWriter interface {
	// WriteHeader starts the result with its columns.
	WriteHeader(cols []resultColumn) error
	// WriteRow prints (or keeps) one row; values are those database/sql
	// scans into *any: nil, int64, float64, bool, string, []byte, time.Time.
	WriteRow(vals []any) error
	// Close finishes the output; rows is the number of rows written.
	Close(rows int) error
	// Streams reports whether rows appear as they are written (true) or
	// only at Close (false, for aligned layouts that need every width).
	Streams() bool
}

// writerOptions tune a resultWriter.
type writerOptions struct {
	// Expanded prints one "column | value" block per row (\x) in the table
	// format; the other formats ignore it.
	Expanded bool
	// Footer prints the "(n rows)" line after a table.
	Footer bool
	// Width measures the display width of text; nil means East Asian
	// aware measuring (see displayWidth).
	Width func(string) int
}

// newResultWriter returns the writer of a format (see checkFormat) on w.
func newResultWriter(format string, w io.Writer, opts writerOptions) resultWriter {
	if opts.Width == nil {
		opts.Width = displayWidth
	}
	switch format {
	case formatCSV:
		return &delimitedWriter{w: w, sep: ','}
	case formatTSV:
		return &delimitedWriter{w: w, sep: '\t'}
	case formatJSON:
		return &jsonWriter{w: w, array: true}
	case formatJSONL:
		return &jsonWriter{w: w}
	}
	if opts.Expanded {
		return &expandedWriter{w: w, opts: opts}
	}
	return &tableWriter{w: w, opts: opts}
}

// rowCountText is psql's footer: "(1 row)", "(3 rows)".
func rowCountText(n int) string {
	if n == 1 {
		return "(1 row)"
	}
	return fmt.Sprintf("(%d rows)", n)
}

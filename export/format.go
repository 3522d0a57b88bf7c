package export

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is an output file format.
type Format string

// The formats.
const (
	CSV     Format = "csv"     // RFC 4180, header row
	TSV     Format = "tsv"     // as CSV with tabs between fields
	JSONL   Format = "jsonl"   // one JSON object per line, keys in column order
	Parquet Format = "parquet" // typed columns, compressed
)

// ParseFormat reads a --format name.
func ParseFormat(name string) (Format, error) {
	switch f := Format(strings.ToLower(name)); f {
	case CSV, TSV, JSONL, Parquet:
		return f, nil
	case "ndjson", "json":
		return JSONL, nil
	}
	return "", fmt.Errorf("export: unknown format %q (want csv, tsv, jsonl or parquet)", name)
}

// FormatForPath picks the format from a file name's extension.
func FormatForPath(path string) (Format, error) {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	if ext == "" {
		return "", fmt.Errorf("export: cannot tell the format of %q from its name; give one (csv, tsv, jsonl or parquet)", path)
	}
	return ParseFormat(ext)
}

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// Encoding is the character encoding of CSV and TSV output.
type Encoding string

// The encodings.
const (
	UTF8     Encoding = "utf-8"
	UTF8BOM  Encoding = "utf-8-bom" // UTF-8 with a byte-order mark, for Excel
	ShiftJIS Encoding = "shift_jis" // Windows-31J style Shift_JIS, for Excel in Japan
)

// ParseEncoding reads an --encoding name.
func ParseEncoding(name string) (Encoding, error) {
	switch e := Encoding(strings.ToLower(strings.ReplaceAll(name, "_", "-"))); e {
	case "", "utf8", UTF8:
		return UTF8, nil
	case "utf8-bom", UTF8BOM:
		return UTF8BOM, nil
	case "shift-jis", "sjis", "cp932", "windows-31j":
		return ShiftJIS, nil
	}
	return "", fmt.Errorf("export: unknown encoding %q (want utf-8, utf-8-bom or shift_jis)", name)
}

// Compression names a Parquet compression codec.
type Compression string

// The codecs.
const (
	Zstd         Compression = "zstd"
	Snappy       Compression = "snappy"
	Uncompressed Compression = "none"
)

// ParseCompression reads a --compression name ("" is zstd).
func ParseCompression(name string) (Compression, error) {
	switch c := Compression(strings.ToLower(name)); c {
	case "", Zstd:
		return Zstd, nil
	case Snappy, Uncompressed:
		return c, nil
	case "uncompressed":
		return Uncompressed, nil
	}
	return "", fmt.Errorf("export: unknown compression %q (want zstd, snappy or none)", name)
}

// Options tune a writer; the zero value is usable.
type Options struct {
	// Encoding is the CSV/TSV character encoding (default UTF-8).
	Encoding Encoding
	// Replace writes '?' for characters the encoding cannot hold instead
	// of failing.
	Replace bool
	// Compression is the Parquet codec (default zstd).
	Compression Compression
	// RowGroupBytes bounds the memory a Parquet row group buffers before it
	// is written out (default 8 MiB of values).
	RowGroupBytes int
}

// RowWriter writes rows of one set of columns to a stream.
type RowWriter interface {
	// WriteRow writes one row of driver values (as database/sql scans
	// them into *any), in column order.
	WriteRow(vals []any) error
	// Close writes what is buffered and any trailer; it does not close
	// the underlying writer.
	Close() error
}

// NewWriter returns a writer of format f on w.
func NewWriter(w io.Writer, f Format, cols []Column, opts Options) (RowWriter, error) {
	switch f {
	case CSV:
		return newDelimitedWriter(w, ',', cols, opts)
	case TSV:
		return newDelimitedWriter(w, '\t', cols, opts)
	case JSONL:
		return newJSONLWriter(w, cols), nil
	case Parquet:
		return newParquetWriter(w, cols, opts)
	}
	return nil, fmt.Errorf("export: unknown format %q", f)
}

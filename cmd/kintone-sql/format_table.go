package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// tableCell is a value prepared for an aligned layout.
type tableCell struct {
	lines  []string
	widths []int
}

// newTableCell prepares a value's text for an aligned layout.
func newTableCell(v any, typ string, width func(string) int) tableCell {
	text, null := valueText(v, typ)
	if null {
		text = nullText
	}
	c := tableCell{lines: cellLines(text)}
	c.widths = make([]int, len(c.lines))
	for i, l := range c.lines {
		c.widths[i] = width(l)
	}
	return c
}

// maxWidth is the width of the widest line.
func (c tableCell) maxWidth() int {
	m := 0
	for _, w := range c.widths {
		m = max(m, w)
	}
	return m
}

// tableWriter prints psql's aligned format: centred headers, a dashed rule,
// numbers right-aligned, multi-line values continued with '+', and widths
// counted in terminal cells so that Japanese text stays aligned. It keeps
// every row until Close, since widths depend on all of them.
type tableWriter struct {
	w       io.Writer
	opts    writerOptions
	cols    []resultColumn
	numeric []bool
	rows    [][]tableCell
}

// WriteHeader keeps the columns.
func (t *tableWriter) WriteHeader(cols []resultColumn) error {
	t.cols = cols
	t.numeric = make([]bool, len(cols))
	for i, c := range cols {
		t.numeric[i] = isNumericColumn(c.Type, nil)
	}
	return nil
}

// WriteRow keeps one row.
func (t *tableWriter) WriteRow(vals []any) error {
	row := make([]tableCell, len(vals))
	for i, v := range vals {
		typ := ""
		if i < len(t.cols) {
			typ = t.cols[i].Type
			if typ == "" && v != nil && !t.numeric[i] {
				t.numeric[i] = isNumericColumn("", v)
			}
		}
		row[i] = newTableCell(v, typ, t.opts.Width)
	}
	t.rows = append(t.rows, row)
	return nil
}

// Streams is false: the table is printed at Close.
func (t *tableWriter) Streams() bool { return false }

// Close prints the table and the row count.
func (t *tableWriter) Close(n int) error {
	bw := bufio.NewWriter(t.w)
	widths := make([]int, len(t.cols))
	headers := make([]tableCell, len(t.cols))
	for i, c := range t.cols {
		headers[i] = newTableCell(c.Name, "", t.opts.Width)
		widths[i] = headers[i].maxWidth()
	}
	for _, row := range t.rows {
		for i, c := range row {
			if i < len(widths) {
				widths[i] = max(widths[i], c.maxWidth())
			}
		}
	}
	if len(t.cols) > 0 {
		t.writeRow(bw, headers, widths, true)
		rule := make([]string, len(widths))
		for i, w := range widths {
			rule[i] = strings.Repeat("-", w+2)
		}
		fmt.Fprintln(bw, strings.Join(rule, "+"))
		for _, row := range t.rows {
			t.writeRow(bw, row, widths, false)
		}
	}
	if t.opts.Footer {
		fmt.Fprintln(bw, rowCountText(n))
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// writeRow prints the physical lines of one row.
func (t *tableWriter) writeRow(w io.Writer, row []tableCell, widths []int, header bool) {
	height := 1
	for _, c := range row {
		height = max(height, len(c.lines))
	}
	var b strings.Builder
	for k := range height {
		b.Reset()
		for i, c := range row {
			if i >= len(widths) {
				break
			}
			if i > 0 {
				b.WriteByte('|')
			}
			b.WriteByte(' ')
			text, w := "", 0
			if k < len(c.lines) {
				text, w = c.lines[k], c.widths[k]
			}
			switch {
			case header:
				left := (widths[i] - w) / 2
				b.WriteString(padRight(strings.Repeat(" ", left)+text, left+w, widths[i]))
			case t.numeric[i] && len(c.lines) == 1:
				b.WriteString(padLeft(text, w, widths[i]))
			default:
				b.WriteString(padRight(text, w, widths[i]))
			}
			if k < len(c.lines)-1 {
				b.WriteByte('+')
			} else {
				b.WriteByte(' ')
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// expandedWriter prints psql's expanded format (\x): one block per row,
// "column | value" lines under a "-[ RECORD n ]" rule.
type expandedWriter struct {
	w    io.Writer
	opts writerOptions
	cols []resultColumn
	rows [][]tableCell
}

// WriteHeader keeps the columns.
func (e *expandedWriter) WriteHeader(cols []resultColumn) error {
	e.cols = cols
	return nil
}

// WriteRow keeps one row.
func (e *expandedWriter) WriteRow(vals []any) error {
	row := make([]tableCell, len(vals))
	for i, v := range vals {
		typ := ""
		if i < len(e.cols) {
			typ = e.cols[i].Type
		}
		row[i] = newTableCell(v, typ, e.opts.Width)
	}
	e.rows = append(e.rows, row)
	return nil
}

// Streams is false: the blocks are printed at Close.
func (e *expandedWriter) Streams() bool { return false }

// Close prints the blocks and the row count.
func (e *expandedWriter) Close(n int) error {
	bw := bufio.NewWriter(e.w)
	labels := make([]tableCell, len(e.cols))
	lw, vw := 0, 0
	for i, c := range e.cols {
		labels[i] = newTableCell(c.Name, "", e.opts.Width)
		lw = max(lw, labels[i].maxWidth())
	}
	for _, row := range e.rows {
		for _, c := range row {
			vw = max(vw, c.maxWidth())
		}
	}
	for r, row := range e.rows {
		fmt.Fprintln(bw, recordRule(r+1, lw, vw))
		for i, c := range row {
			if i >= len(labels) {
				break
			}
			for k, line := range c.lines {
				label := ""
				if k == 0 {
					label = labels[i].lines[0]
				}
				s := padRight(label, e.opts.Width(label), lw) + " | " + line
				if k < len(c.lines)-1 {
					s += "+"
				}
				fmt.Fprintln(bw, strings.TrimRight(s, " "))
			}
		}
	}
	if e.opts.Footer && (n == 0 || len(e.cols) == 0) {
		fmt.Fprintln(bw, rowCountText(n))
	}
	if e.opts.Footer {
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// recordRule is the "-[ RECORD n ]----+------" line above a record, as wide
// as the label column, " | " and the value column.
func recordRule(n, labelWidth, valueWidth int) string {
	s := fmt.Sprintf("-[ RECORD %d ]", n)
	total := labelWidth + 3 + valueWidth
	if len(s) <= labelWidth {
		s += strings.Repeat("-", labelWidth-len(s)+1) + "+"
	}
	if len(s) < total {
		s += strings.Repeat("-", total-len(s))
	}
	return s
}

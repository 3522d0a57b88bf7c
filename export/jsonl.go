package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
)

// jsonlWriter writes one JSON object per line, keys in column order.
// Numbers (BIGINT, DECIMAL, DOUBLE) are JSON numbers written digit for
// digit, JSON columns are embedded as JSON, temporal values are strings.
type jsonlWriter struct {
	w    *bufio.Writer
	cols []Column
	keys [][]byte
	row  int64
}

// newJSONLWriter prepares the quoted keys once.
func newJSONLWriter(w io.Writer, cols []Column) *jsonlWriter {
	j := &jsonlWriter{w: bufio.NewWriterSize(w, 64<<10), cols: cols}
	for _, c := range cols {
		k, _ := json.Marshal(c.Name) // a string always marshals
		j.keys = append(j.keys, k)
	}
	return j
}

// WriteRow writes one line.
func (j *jsonlWriter) WriteRow(vals []any) error {
	j.row++
	j.w.WriteByte('{')
	for i, c := range j.cols {
		if i > 0 {
			j.w.WriteByte(',')
		}
		j.w.Write(j.keys[i])
		j.w.WriteByte(':')
		if err := j.value(c, vals[i]); err != nil {
			return cellError(j.row, c, err)
		}
	}
	j.w.WriteByte('}')
	_, err := j.w.WriteString("\n")
	return err
}

// value writes one JSON value.
func (j *jsonlWriter) value(c Column, v any) error {
	s, ok, err := textValue(c, v)
	switch {
	case err != nil:
		return err
	case !ok:
		j.w.WriteString("null")
		return nil
	}
	switch c.Kind {
	case KindInt64, KindDecimal, KindBool:
		j.w.WriteString(s)
		return nil
	case KindDouble:
		if f, ok := v.(float64); ok && !isFinite(f) {
			j.w.WriteString(strconv.Quote(s)) // JSON has no NaN or Inf
			return nil
		}
		j.w.WriteString(s)
		return nil
	case KindJSON, KindStringList:
		if json.Valid([]byte(s)) {
			j.w.WriteString(s)
			return nil
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	j.w.Write(b)
	return nil
}

// isFinite reports whether f is neither NaN nor infinite.
func isFinite(f float64) bool { return f-f == 0 }

// Close flushes the buffer.
func (j *jsonlWriter) Close() error { return j.w.Flush() }

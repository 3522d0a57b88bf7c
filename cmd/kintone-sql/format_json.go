package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// jsonWriter prints rows as JSON objects whose keys are the column names in
// column order: as one array with an object per line (json), or one object
// per line (jsonl). Numbers stay exact: DECIMAL text is written as a JSON
// number, JSON columns (CHECK_BOX, USER_SELECT, ...) as their JSON value,
// times as strings, NULL as null.
type jsonWriter struct {
	w     io.Writer
	bw    *bufio.Writer
	array bool
	cols  []resultColumn
	keys  [][]byte
	rows  int
}

// WriteHeader encodes the keys once.
func (j *jsonWriter) WriteHeader(cols []resultColumn) error {
	j.bw = bufio.NewWriter(j.w)
	j.cols = cols
	j.keys = make([][]byte, len(cols))
	for i, c := range cols {
		j.keys[i] = jsonString(c.Name)
	}
	if j.array {
		j.bw.WriteString("[")
	}
	return nil
}

// WriteRow prints one object.
func (j *jsonWriter) WriteRow(vals []any) error {
	if j.array {
		if j.rows > 0 {
			j.bw.WriteString(",")
		}
		j.bw.WriteString("\n")
	}
	j.rows++
	j.bw.WriteByte('{')
	for i, v := range vals {
		if i >= len(j.keys) {
			break
		}
		if i > 0 {
			j.bw.WriteByte(',')
		}
		j.bw.Write(j.keys[i])
		j.bw.WriteByte(':')
		j.bw.Write(jsonValue(v, j.cols[i].Type))
	}
	j.bw.WriteByte('}')
	if !j.array {
		j.bw.WriteByte('\n')
	}
	return j.bw.Flush()
}

// Streams is true.
func (j *jsonWriter) Streams() bool { return true }

// Close ends the array.
func (j *jsonWriter) Close(int) error {
	if j.bw == nil {
		return nil
	}
	if j.array {
		if j.rows > 0 {
			j.bw.WriteString("\n")
		}
		j.bw.WriteString("]\n")
	}
	return j.bw.Flush()
}

// jsonValue encodes one value (see jsonWriter).
func jsonValue(v any, typ string) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("null")
	case bool:
		return []byte(strconv.FormatBool(x))
	case int64:
		return []byte(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return jsonString(strconv.FormatFloat(x, 'g', -1, 64))
		}
		return []byte(strconv.FormatFloat(x, 'f', -1, 64))
	case time.Time:
		return jsonString(timeText(x, typ))
	case []byte:
		if strings.EqualFold(typ, "JSON") && json.Valid(x) {
			return compactJSON(x)
		}
	case string:
		switch {
		case isNumericColumn(typ, nil) && isJSONNumber(x):
			return []byte(x)
		case strings.EqualFold(typ, "JSON") && json.Valid([]byte(x)):
			return compactJSON([]byte(x))
		}
		return jsonString(x)
	}
	text, _ := valueText(v, typ)
	return jsonString(text)
}

// compactJSON removes insignificant space from valid JSON.
func compactJSON(b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}

// isJSONNumber reports whether s is a number in JSON syntax.
func isJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	var n json.Number
	return json.Unmarshal([]byte(s), &n) == nil
}

// jsonString encodes s as a JSON string without escaping <, > and &.
func jsonString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

package export

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Text layouts of the temporal kinds in CSV, TSV and JSON Lines: ISO 8601,
// as MySQL prints DATE and TIME, and RFC 3339 in UTC for instants.
const (
	dateLayout      = "2006-01-02"
	timeLayout      = "15:04:05"
	timestampLayout = "2006-01-02T15:04:05Z"
)

// textValue renders a driver value of column c as text; ok is false for
// NULL. Temporal values use the layouts above; JSON columns keep their JSON
// text.
func textValue(c Column, v any) (s string, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return x, true, nil
	case []byte:
		return string(x), true, nil
	case int64:
		return strconv.FormatInt(x, 10), true, nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true, nil
	case bool:
		return strconv.FormatBool(x), true, nil
	case time.Time:
		switch c.Kind {
		case KindDate:
			return x.UTC().Format(dateLayout), true, nil
		case KindTime:
			return x.UTC().Format(timeLayout), true, nil
		}
		return x.UTC().Format(timestampLayout), true, nil
	}
	return "", false, fmt.Errorf("unexpected value of type %T", v)
}

// stringList decodes the JSON array of a KindStringList value.
func stringList(v any) ([]string, error) {
	s, _, err := textValue(Column{Kind: KindStringList}, v)
	if err != nil {
		return nil, err
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("want a JSON array of strings: %w", err)
	}
	return out, nil
}

// cellError names the row (1-based, counting data rows) and column of a
// value that could not be written.
func cellError(row int64, c Column, err error) error {
	return fmt.Errorf("export: row %d, column %q: %w", row, c.Name, err)
}

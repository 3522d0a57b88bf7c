package bridge

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/engine"
)

// ServerVersion is the version the bridge reports in the handshake and
// for @@version: the driver's VERSION(), a MySQL 8.0 version (clients gate
// features on it) with a marker naming kintone-sql.
const ServerVersion = engine.ServerVersion

// defaultVariables are the system variables clients read on connect, with
// the values a MySQL 8.0 server in UTC with utf8mb4 would report. Numbers
// are int64, everything else text.
var defaultVariables = map[string]any{
	"auto_increment_increment": int64(1),
	"autocommit":               int64(1),
	"character_set_client":     "utf8mb4",
	"character_set_connection": "utf8mb4",
	"character_set_database":   "utf8mb4",
	"character_set_results":    "utf8mb4",
	"character_set_server":     "utf8mb4",
	"character_set_system":     "utf8mb3",
	"collation_connection":     "utf8mb4_0900_ai_ci",
	"collation_database":       "utf8mb4_0900_ai_ci",
	"collation_server":         "utf8mb4_0900_ai_ci",
	"init_connect":             "",
	"interactive_timeout":      int64(28800),
	"license":                  "GPL",
	"local_infile":             "OFF",
	"lower_case_table_names":   int64(0),
	"max_allowed_packet":       int64(67108864),
	"net_buffer_length":        int64(16384),
	"net_write_timeout":        int64(60),
	"partial_revokes":          "OFF",
	"performance_schema":       int64(0),
	"query_cache_size":         int64(0),
	"query_cache_type":         "OFF",
	"sql_auto_is_null":         int64(0),
	"sql_mode":                 "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
	"sql_select_limit":         int64(18446744073709551615 >> 1),
	"system_time_zone":         "UTC",
	"time_zone":                "SYSTEM",
	"transaction_isolation":    "READ-COMMITTED",
	"transaction_read_only":    int64(0),
	"tx_isolation":             "READ-COMMITTED",
	"tx_read_only":             int64(0),
	"version":                  ServerVersion,
	"version_comment":          "kintone-sql MySQL protocol bridge",
	"wait_timeout":             int64(28800),
}

// variables are one session's system variables: the defaults overlaid by
// what the session SET.
type variables map[string]any

// get returns the value of a variable (name without @@ and scope, any
// case) and whether it exists.
func (v variables) get(name string) (any, bool) {
	name = strings.ToLower(name)
	if x, ok := v[name]; ok {
		return x, true
	}
	x, ok := defaultVariables[name]
	return x, ok
}

// set records a value, as int64 when it reads as an integer.
func (v variables) set(name string, value any) {
	if s, ok := value.(string); ok {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			value = n
		}
	}
	v[strings.ToLower(name)] = value
}

// names lists every variable name, sorted.
func (v variables) names() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{defaultVariables, v} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// variableName strips @@, @@session., @@global., @@local. from a variable
// reference, returning the bare name.
func variableName(ref string) string {
	ref = strings.TrimPrefix(ref, "@@")
	lower := strings.ToLower(ref)
	for _, p := range []string{"session.", "global.", "local."} {
		if strings.HasPrefix(lower, p) {
			return ref[len(p):]
		}
	}
	return ref
}

// literal is a SQL literal of a variable value.
func literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		return quoteString(x)
	}
	return "NULL"
}

// waitTimeout is how long the session may stay idle: its wait_timeout
// when the client set one (SET wait_timeout = seconds), else def.
func (s *session) waitTimeout(def time.Duration) time.Duration {
	if n, ok := s.vars["wait_timeout"].(int64); ok && n > 0 && time.Duration(n)*time.Second != def.Truncate(time.Second) {
		return time.Duration(n) * time.Second
	}
	return def
}

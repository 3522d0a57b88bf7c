package bridge

import (
	"fmt"
	"strings"

	"github.com/go-mysql-org/go-mysql/mysql"
)

// errUnknownVariable is MySQL's error for @@name that does not exist.
func errUnknownVariable(name string) error {
	return mysql.NewError(mysql.ER_UNKNOWN_SYSTEM_VARIABLE, fmt.Sprintf("Unknown system variable '%s'", name))
}

// substituteVariables replaces @@system and @user variable references
// outside strings with their values as literals, so the driver evaluates
// the rest of the statement (SELECT @@version, concat(@@sql_mode, …),
// convert_tz(now(), @@GLOBAL.time_zone, '+00:00')). A reference that is a
// whole select item keeps its written name as the column name, as MySQL
// names it.
func (s *session) substituteVariables(query string, toks []token) (string, error) {
	var b strings.Builder
	last := 0
	for i, t := range toks {
		if t.kind != tokWord || !strings.HasPrefix(t.text, "@") {
			continue
		}
		var value any
		if strings.HasPrefix(t.text, "@@") {
			vars := s.vars
			if strings.HasPrefix(strings.ToLower(t.text), "@@global.") {
				vars = nil // the global values: the session's SETs do not change them
			}
			v, ok := vars.get(variableName(t.text))
			if !ok {
				return "", errUnknownVariable(variableName(t.text))
			}
			value = v
		} else {
			value = s.userVars[strings.ToLower(t.text[1:])]
		}
		b.WriteString(query[last:t.start])
		b.WriteString(literal(value))
		if wholeItem(toks, i) {
			b.WriteString(" AS " + quoteIdent(t.text))
		}
		last = t.end
	}
	if last == 0 {
		return query, nil
	}
	b.WriteString(query[last:])
	return b.String(), nil
}

// wholeItem reports whether toks[i] is a select item on its own: after
// SELECT or a comma, and before a comma, FROM, or the end.
func wholeItem(toks []token, i int) bool {
	if i == 0 || !(toks[i-1].is("SELECT") || toks[i-1].text == ",") {
		return false
	}
	if i+1 == len(toks) {
		return true
	}
	next := toks[i+1]
	return next.text == "," || next.is("FROM") || next.text == ";"
}

// set answers SET: NAMES / CHARACTER SET, TRANSACTION …, and assignments
// to session (@@, SESSION, GLOBAL) and user (@) variables. A value that
// is not a plain literal is evaluated by the driver (with variables
// substituted), e.g. sql_mode = concat(@@sql_mode, ',STRICT_TRANS_TABLES').
// autocommit and sql_select_limit take effect; the rest is recorded so
// later SELECT @@… reads it back.
func (s *session) set(toks []token, query string) (*mysql.Result, error) {
	for _, item := range splitTop(toks) {
		if err := s.setOne(item, query); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// setOne applies one assignment of a SET statement.
func (s *session) setOne(item []token, query string) error {
	if len(item) == 0 {
		return mysql.NewError(mysql.ER_PARSE_ERROR, "SET: empty assignment")
	}
	scope := ""
	if item[0].is("SESSION") || item[0].is("GLOBAL") || item[0].is("LOCAL") || item[0].is("PERSIST") {
		scope, item = strings.ToUpper(item[0].text), item[1:]
	}
	switch {
	case len(item) == 0:
		return mysql.NewError(mysql.ER_PARSE_ERROR, "SET: missing variable")
	case item[0].is("NAMES"), item[0].is("CHARSET"), item[0].is("CHARACTER") && len(item) > 1 && item[1].is("SET"):
		return nil // the bridge always speaks utf8mb4
	case item[0].is("TRANSACTION"):
		return s.setTransaction(item[1:])
	case item[0].is("ROLE"):
		return nil
	}
	if scope == "GLOBAL" || scope == "PERSIST" {
		return mysql.NewError(mysql.ER_SPECIFIC_ACCESS_DENIED_ERROR,
			"Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) for this operation")
	}
	name := item[0]
	if len(item) < 3 || !(item[1].text == "=" || item[1].text == ":") {
		return mysql.NewError(mysql.ER_PARSE_ERROR, fmt.Sprintf("SET %s: expected = and a value", name.text))
	}
	valueToks := item[2:]
	if item[1].text == ":" && len(valueToks) > 0 && valueToks[0].text == "=" {
		valueToks = valueToks[1:]
	}
	if len(valueToks) == 0 {
		return mysql.NewError(mysql.ER_PARSE_ERROR, fmt.Sprintf("SET %s: missing value", name.text))
	}
	value, isDefault, err := s.setValue(valueToks, query)
	if err != nil {
		return err
	}
	if strings.HasPrefix(name.text, "@") && !strings.HasPrefix(name.text, "@@") {
		s.userVars[strings.ToLower(name.text[1:])] = value
		return nil
	}
	varName := strings.ToLower(variableName(name.name()))
	if _, ok := defaultVariables[varName]; !ok {
		// Unknown variables are recorded too: clients set many (e.g.
		// Connector/J's session variables) that mean nothing here.
		s.vars.set(varName, value)
		return nil
	}
	if isDefault {
		delete(s.vars, varName)
		value = defaultVariables[varName]
	}
	if varName == "autocommit" {
		return s.setAutocommit(value)
	}
	s.vars.set(varName, value)
	return nil
}

// setValue reads the value of an assignment: DEFAULT, ON/OFF, a literal,
// or an expression the driver evaluates.
func (s *session) setValue(toks []token, query string) (value any, isDefault bool, err error) {
	if len(toks) == 1 {
		t := toks[0]
		switch {
		case t.is("DEFAULT"):
			return nil, true, nil
		case t.is("ON"), t.is("TRUE"):
			return "ON", false, nil
		case t.is("OFF"), t.is("FALSE"):
			return "OFF", false, nil
		case t.is("NULL"):
			return nil, false, nil
		case t.kind == tokString:
			return t.text, false, nil
		case t.kind == tokWord && !strings.HasPrefix(t.text, "@"):
			return t.text, false, nil
		}
	}
	expr := query[toks[0].start:toks[len(toks)-1].end]
	q, err := s.substituteVariables("SELECT "+expr, tokenize("SELECT "+expr))
	if err != nil {
		return nil, false, err
	}
	ctx, done := s.statement()
	defer done()
	if err := s.q().QueryRowContext(ctx, q).Scan(&value); err != nil {
		return nil, false, err
	}
	if b, ok := value.([]byte); ok {
		value = string(b)
	}
	return value, false, nil
}

// setAutocommit is SET autocommit = 0|1|ON|OFF. Turning it on commits an
// open transaction, as MySQL does.
func (s *session) setAutocommit(v any) error {
	var on bool
	switch fmt.Sprint(v) {
	case "1", "ON", "on", "true":
		on = true
	case "0", "OFF", "off", "false":
	default:
		return mysql.NewError(mysql.ER_WRONG_VALUE_FOR_VAR, fmt.Sprintf("Variable 'autocommit' can't be set to the value of '%v'", v))
	}
	s.autocommit = on
	if on {
		s.vars.set("autocommit", int64(1))
		s.conn.SetStatus(mysql.SERVER_STATUS_AUTOCOMMIT)
		return s.commit()
	}
	s.vars.set("autocommit", int64(0))
	s.conn.UnsetStatus(mysql.SERVER_STATUS_AUTOCOMMIT)
	return nil
}

// setTransaction is SET [SESSION] TRANSACTION ISOLATION LEVEL … | READ
// ONLY | READ WRITE: recorded for @@transaction_isolation and
// @@transaction_read_only. The driver's transactions read committed data
// whatever the level.
func (s *session) setTransaction(toks []token) error {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = strings.ToUpper(t.text)
	}
	text := strings.Join(words, " ")
	switch {
	case strings.HasPrefix(text, "ISOLATION LEVEL "):
		level := strings.ReplaceAll(strings.TrimPrefix(text, "ISOLATION LEVEL "), " ", "-")
		s.vars.set("transaction_isolation", level)
		s.vars.set("tx_isolation", level)
	case text == "READ ONLY":
		s.vars.set("transaction_read_only", int64(1))
		s.vars.set("tx_read_only", int64(1))
	case text == "READ WRITE":
		s.vars.set("transaction_read_only", int64(0))
		s.vars.set("tx_read_only", int64(0))
	default:
		return mysql.NewError(mysql.ER_PARSE_ERROR, "SET TRANSACTION: expected ISOLATION LEVEL …, READ ONLY or READ WRITE")
	}
	return nil
}

// splitTop splits tokens at the commas outside parentheses.
func splitTop(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, toks[start:i])
				start = i + 1
			}
		}
	}
	return append(out, toks[start:])
}

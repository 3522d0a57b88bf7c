package bridge

import (
	"crypto/tls"
	"fmt"
	"strings"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// show answers SHOW statements in MySQL's shapes. What concerns tables
// comes from the driver's information_schema (one implementation for Go
// users and BI tools); what concerns the session (variables, warnings,
// collations) is answered here.
func (s *session) show(toks []token) (*mysql.Result, error) {
	p := &parser{toks: toks}
	full := p.accept("FULL")
	_ = p.accept("SESSION") || p.accept("LOCAL")
	global := p.accept("GLOBAL")
	switch {
	case p.accept("DATABASES"), p.accept("SCHEMAS"):
		return s.showDatabases(p)
	case p.accept("TABLES"):
		return s.showTables(p, full)
	case p.accept("TABLE"):
		if !p.accept("STATUS") {
			break
		}
		return s.showTableStatus(p)
	case p.accept("COLUMNS"), p.accept("FIELDS"):
		return s.showColumns(p, full)
	case p.accept("INDEX"), p.accept("INDEXES"), p.accept("KEYS"):
		return s.showIndex(p)
	case p.accept("CREATE"):
		if p.accept("TABLE") {
			return s.showCreateTable(p)
		}
		if p.accept("DATABASE") || p.accept("SCHEMA") {
			return s.showCreateDatabase(p)
		}
	case p.accept("VARIABLES"):
		vars := s.vars
		if global {
			vars = nil // the defaults: a session's SET does not change them
		}
		return s.showVariables(p, vars)
	case p.accept("STATUS"):
		return s.sendStatic([]string{"Variable_name", "Value"}, filterLike(p, s.status()))
	case p.accept("WARNINGS"), p.accept("ERRORS"):
		return s.sendStatic([]string{"Level", "Code", "Message"}, nil)
	case p.accept("COLLATION"):
		return s.showCollation(p)
	case p.accept("CHARACTER"), p.accept("CHARSET"):
		p.accept("SET")
		return s.sendStatic([]string{"Charset", "Description", "Default collation", "Maxlen"},
			filterLike(p, [][]any{{"utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", int64(4)}}))
	case p.accept("ENGINES"):
		return s.sendStatic([]string{"Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"},
			[][]any{{"kintone", "DEFAULT", "kintone apps through the kintone-sql driver", "YES", "NO", "NO"}})
	case p.accept("PROCESSLIST"):
		return s.sendStatic([]string{"Id", "User", "Host", "db", "Command", "Time", "State", "Info"}, s.srv.processList(s.conn.GetUser()))
	case p.accept("GRANTS"):
		return s.sendStatic([]string{"Grants for " + s.conn.GetUser() + "@%"},
			[][]any{{"GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO `" + s.conn.GetUser() + "`@`%`"}})
	case p.accept("PLUGINS"), p.accept("TRIGGERS"), p.accept("EVENTS"):
		return s.sendStatic([]string{"Name"}, nil)
	case p.accept("PROCEDURE"), p.accept("FUNCTION"):
		return s.sendStatic([]string{"Db", "Name", "Type", "Definer", "Modified", "Created", "Security_type", "Comment"}, nil)
	}
	return nil, mysql.NewError(mysql.ER_PARSE_ERROR, fmt.Sprintf("SHOW %s is not supported by the kintone bridge", joinText(toks)))
}

// showDatabases is SHOW DATABASES [LIKE p]: the driver's schemas.
func (s *session) showDatabases(p *parser) (*mysql.Result, error) {
	q := "SELECT SCHEMA_NAME AS `Database` FROM information_schema.SCHEMATA"
	if like, ok := p.like(); ok {
		q += " WHERE SCHEMA_NAME LIKE " + quoteString(like)
	}
	return s.stream(q+" ORDER BY SCHEMA_NAME", nil, -1)
}

// showTables is SHOW [FULL] TABLES [FROM db] [LIKE p].
func (s *session) showTables(p *parser, full bool) (*mysql.Result, error) {
	db, err := s.fromDatabase(p)
	if err != nil {
		return nil, err
	}
	q := "SELECT TABLE_NAME AS " + quoteIdent("Tables_in_"+db)
	if full {
		q += ", CASE WHEN TABLE_TYPE = 'SYSTEM VIEW' THEN 'SYSTEM VIEW' ELSE 'BASE TABLE' END AS Table_type"
	}
	q += " FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + quoteString(db)
	if like, ok := p.like(); ok {
		q += " AND TABLE_NAME LIKE " + quoteString(like)
	}
	return s.stream(q+" ORDER BY TABLE_NAME", nil, -1)
}

// showTableStatus is SHOW TABLE STATUS [FROM db] [LIKE p].
func (s *session) showTableStatus(p *parser) (*mysql.Result, error) {
	db, err := s.fromDatabase(p)
	if err != nil {
		return nil, err
	}
	q := "SELECT TABLE_NAME AS Name, 'kintone' AS Engine, 10 AS Version, 'Dynamic' AS Row_format, NULL AS `Rows`, " +
		"NULL AS Avg_row_length, NULL AS Data_length, NULL AS Max_data_length, NULL AS Index_length, NULL AS Data_free, " +
		"NULL AS Auto_increment, NULL AS Create_time, NULL AS Update_time, NULL AS Check_time, " +
		"'utf8mb4_0900_ai_ci' AS Collation, NULL AS Checksum, '' AS Create_options, TABLE_COMMENT AS `Comment` " +
		"FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + quoteString(db)
	if like, ok := p.like(); ok {
		q += " AND TABLE_NAME LIKE " + quoteString(like)
	}
	return s.stream(q+" ORDER BY TABLE_NAME", nil, -1)
}

// showColumns is SHOW [FULL] COLUMNS FROM t [FROM db] [LIKE p] and
// DESCRIBE t.
func (s *session) showColumns(p *parser, full bool) (*mysql.Result, error) {
	p.accept("FROM")
	p.accept("IN")
	db, table, err := s.tableName(p)
	if err != nil {
		return nil, err
	}
	q := "SELECT COLUMN_NAME AS Field, COLUMN_TYPE AS Type, "
	if full {
		q += "CASE WHEN CHARACTER_SET_NAME IS NULL THEN NULL ELSE 'utf8mb4_0900_ai_ci' END AS Collation, "
	}
	q += "IS_NULLABLE AS `Null`, COLUMN_KEY AS `Key`, COLUMN_DEFAULT AS `Default`, EXTRA AS Extra"
	if full {
		q += ", 'select,insert,update,references' AS Privileges, COLUMN_COMMENT AS `Comment`"
	}
	q += " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + quoteString(db) + " AND TABLE_NAME = " + quoteString(table)
	if like, ok := p.like(); ok {
		q += " AND COLUMN_NAME LIKE " + quoteString(like)
	}
	return s.stream(q+" ORDER BY ORDINAL_POSITION", nil, -1)
}

// showIndex is SHOW INDEX|KEYS FROM t [FROM db]: the primary key.
func (s *session) showIndex(p *parser) (*mysql.Result, error) {
	p.accept("FROM")
	p.accept("IN")
	db, table, err := s.tableName(p)
	if err != nil {
		return nil, err
	}
	q := "SELECT TABLE_NAME AS `Table`, NON_UNIQUE AS Non_unique, INDEX_NAME AS Key_name, SEQ_IN_INDEX AS Seq_in_index, " +
		"COLUMN_NAME AS Column_name, 'A' AS Collation, NULL AS Cardinality, NULL AS Sub_part, NULL AS Packed, " +
		"NULLABLE AS `Null`, INDEX_TYPE AS Index_type, '' AS `Comment`, '' AS Index_comment, 'YES' AS Visible, NULL AS Expression " +
		"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + quoteString(db) + " AND TABLE_NAME = " + quoteString(table) +
		" ORDER BY INDEX_NAME, SEQ_IN_INDEX"
	return s.stream(q, nil, -1)
}

// showCreateDatabase is SHOW CREATE DATABASE db.
func (s *session) showCreateDatabase(p *parser) (*mysql.Result, error) {
	name := p.next().name()
	canon, ok := schema.CanonicalSchema(name)
	if !ok {
		return nil, mysql.NewError(mysql.ER_BAD_DB_ERROR, fmt.Sprintf("Unknown database '%s'", name))
	}
	return s.sendStatic([]string{"Database", "Create Database"},
		[][]any{{canon, "CREATE DATABASE " + quoteIdent(canon) + " /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */"}})
}

// showCreateTable is SHOW CREATE TABLE t: MySQL-shaped DDL built from the
// driver's information_schema, one column per line, the primary key, and
// the table comment, which SQLAlchemy's reflection parses.
func (s *session) showCreateTable(p *parser) (*mysql.Result, error) {
	db, table, err := s.tableName(p)
	if err != nil {
		return nil, err
	}
	ctx, done := s.statement()
	rows, err := s.q().QueryContext(ctx, "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_COMMENT "+
		"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "+quoteString(db)+" AND TABLE_NAME = "+quoteString(table)+
		" ORDER BY ORDINAL_POSITION")
	if err != nil {
		done()
		return nil, err
	}
	var b strings.Builder
	var keys []string
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", quoteIdent(table))
	for rows.Next() {
		var name, typ, nullable, key string
		var comment *string
		if err := rows.Scan(&name, &typ, &nullable, &key, &comment); err != nil {
			rows.Close()
			done()
			return nil, err
		}
		b.WriteString("  " + quoteIdent(name) + " " + typ)
		if nullable == "NO" {
			b.WriteString(" NOT NULL")
		}
		if comment != nil && *comment != "" {
			b.WriteString(" COMMENT " + quoteString(*comment))
		}
		b.WriteString(",\n")
		if key == "PRI" {
			keys = append(keys, quoteIdent(name))
		}
	}
	err = rows.Err()
	rows.Close()
	done()
	if err != nil {
		return nil, err
	}
	ddl := strings.TrimSuffix(b.String(), ",\n")
	if len(keys) > 0 {
		ddl += ",\n  PRIMARY KEY (" + strings.Join(keys, ",") + ")"
	}
	ddl += "\n) ENGINE=kintone DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci"
	return s.sendStatic([]string{"Table", "Create Table"}, [][]any{{table, ddl}})
}

// showVariables is SHOW [SESSION|GLOBAL] VARIABLES [LIKE p | WHERE …] of
// vars (the session's, or nil for the global values). A
// WHERE keeps the variables named by its string literals (the shape
// clients send: Variable_name = '…' or IN ('…', …)).
func (s *session) showVariables(p *parser, vars variables) (*mysql.Result, error) {
	var rows [][]any
	for _, name := range vars.names() {
		v, _ := vars.get(name)
		text := ""
		if v != nil {
			text = strings.Trim(literal(v), "'")
		}
		rows = append(rows, []any{name, text})
	}
	if p.accept("WHERE") {
		want := map[string]bool{}
		for _, t := range p.rest() {
			if t.kind == tokString {
				want[strings.ToLower(t.text)] = true
			}
		}
		var kept [][]any
		for _, r := range rows {
			if want[r[0].(string)] {
				kept = append(kept, r)
			}
		}
		rows = kept
	} else {
		rows = filterLike(p, rows)
	}
	return s.sendStatic([]string{"Variable_name", "Value"}, rows)
}

// status are the rows of SHOW STATUS: the session's TLS state and the
// server's session count.
func (s *session) status() [][]any {
	cipher, version := "", ""
	if tc, ok := netConn(s.conn.Conn.Conn).(*tls.Conn); ok {
		st := tc.ConnectionState()
		cipher, version = tls.CipherSuiteName(st.CipherSuite), tls.VersionName(st.Version)
	}
	return [][]any{
		{"Ssl_cipher", cipher},
		{"Ssl_version", version},
		{"Threads_connected", fmt.Sprint(s.srv.sessionCount())},
	}
}

// showCollation is SHOW COLLATION [LIKE p].
func (s *session) showCollation(p *parser) (*mysql.Result, error) {
	rows := [][]any{
		{"binary", "binary", int64(63), "Yes", "Yes", int64(1), "NO PAD"},
		{"utf8mb4_0900_ai_ci", "utf8mb4", int64(255), "Yes", "Yes", int64(0), "NO PAD"},
		{"utf8mb4_bin", "utf8mb4", int64(46), "", "Yes", int64(1), "PAD SPACE"},
		{"utf8mb4_general_ci", "utf8mb4", int64(45), "", "Yes", int64(1), "PAD SPACE"},
		{"utf8mb4_unicode_ci", "utf8mb4", int64(224), "", "Yes", int64(8), "PAD SPACE"},
	}
	return s.sendStatic([]string{"Collation", "Charset", "Id", "Default", "Compiled", "Sortlen", "Pad_attribute"}, filterLike(p, rows))
}

// filterLike keeps the rows whose first column matches a LIKE clause, if
// the statement has one.
func filterLike(p *parser, rows [][]any) [][]any {
	like, ok := p.like()
	if !ok {
		return rows
	}
	var kept [][]any
	for _, r := range rows {
		if engine.LikeMatch(strings.ToLower(r[0].(string)), strings.ToLower(like), '\\') {
			kept = append(kept, r)
		}
	}
	return kept
}

// fromDatabase reads an optional FROM|IN db, defaulting to the current
// database (Kintone when none was chosen).
func (s *session) fromDatabase(p *parser) (string, error) {
	if p.accept("FROM") || p.accept("IN") {
		name := p.next().name()
		canon, ok := schema.CanonicalSchema(name)
		if !ok {
			return "", mysql.NewError(mysql.ER_BAD_DB_ERROR, fmt.Sprintf("Unknown database '%s'", name))
		}
		return canon, nil
	}
	return s.currentDatabase(), nil
}

// currentDatabase is the session's database, Kintone when none was chosen.
func (s *session) currentDatabase() string {
	if s.database == "" {
		return schema.KintoneSchema
	}
	return s.database
}

// tableName reads [db.]t [FROM|IN db] and returns the table's schema and
// name as information_schema spells them; an unknown table is MySQL's
// error 1146.
func (s *session) tableName(p *parser) (string, string, error) {
	first := p.next().name()
	db, table := "", first
	if p.peek().text == "." {
		p.next()
		db, table = first, p.next().name()
	}
	if p.accept("FROM") || p.accept("IN") {
		db = p.next().name()
	}
	if table == "" {
		return "", "", mysql.NewError(mysql.ER_PARSE_ERROR, "a table name is missing")
	}
	ctx, done := s.statement()
	defer done()
	q := "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_NAME = " + quoteString(table)
	if db != "" {
		canon, ok := schema.CanonicalSchema(db)
		if !ok {
			return "", "", mysql.NewError(mysql.ER_BAD_DB_ERROR, fmt.Sprintf("Unknown database '%s'", db))
		}
		q += " AND TABLE_SCHEMA = " + quoteString(canon)
	}
	var gotDB, gotTable string
	if err := s.q().QueryRowContext(ctx, q+" ORDER BY TABLE_SCHEMA LIMIT 1").Scan(&gotDB, &gotTable); err != nil {
		if db == "" {
			db = s.currentDatabase()
		}
		return "", "", mysql.NewError(mysql.ER_NO_SUCH_TABLE, fmt.Sprintf("Table '%s.%s' doesn't exist", db, table))
	}
	return gotDB, gotTable, nil
}

// sendStatic writes a small result the bridge computed itself: text
// columns, or BIGINT where the first row holds an integer.
func (s *session) sendStatic(names []string, rows [][]any) (*mysql.Result, error) {
	cols := make([]column, len(names))
	for i, n := range names {
		f := &mysql.Field{Name: []byte(n), OrgName: []byte(n), Type: mysql.MYSQL_TYPE_VAR_STRING, Charset: collationUTF8MB4, ColumnLength: 1024}
		if len(rows) > 0 {
			if _, ok := rows[0][i].(int64); ok {
				f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_LONGLONG, collationBinary, 21, mysql.BINARY_FLAG|mysql.NOT_NULL_FLAG
			}
		}
		cols[i] = column{field: f}
	}
	if err := s.writeHeader(cols); err != nil {
		return nil, err
	}
	w := s.rowWriter(cols)
	for _, r := range rows {
		if err := w(r); err != nil {
			return nil, err
		}
	}
	return streamDone(cols), nil
}

// parser walks the tokens of a SHOW statement.
type parser struct {
	toks []token
	i    int
}

// peek returns the next token (a zero token at the end).
func (p *parser) peek() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return token{}
}

// next consumes the next token.
func (p *parser) next() token {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

// accept consumes the next token if it is the word w.
func (p *parser) accept(w string) bool {
	if p.peek().is(w) {
		p.i++
		return true
	}
	return false
}

// like reads LIKE 'pattern'.
func (p *parser) like() (string, bool) {
	if p.accept("LIKE") {
		if t := p.next(); t.kind == tokString {
			return t.text, true
		}
	}
	return "", false
}

// rest returns the tokens not consumed yet.
func (p *parser) rest() []token { return p.toks[p.i:] }

// joinText joins the tokens' texts with spaces (for error messages).
func joinText(toks []token) string {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.text
	}
	return strings.Join(words, " ")
}

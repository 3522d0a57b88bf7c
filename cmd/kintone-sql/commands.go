package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// errQuit is returned by \q.
var errQuit = errors.New("quit")

// commandLine is a parsed backslash command.
type commandLine struct {
	// Name is the command with its backslash, e.g. `\dt`.
	Name string
	// Args are the arguments, split at white space; '...' and "..." group
	// words (a doubled quote inside stands for itself).
	Args []string
	// Rest is the text after the name, as typed (trimmed).
	Rest string
}

// parseCommandLine splits a backslash command line into name and arguments.
func parseCommandLine(line string) (commandLine, error) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, `\`) {
		return commandLine{}, fmt.Errorf("not a backslash command: %q", line)
	}
	end := strings.IndexAny(line, " \t")
	if end < 0 {
		end = len(line)
	}
	cl := commandLine{Name: line[:end], Rest: strings.TrimSpace(line[end:])}
	if cl.Name == `\` {
		return commandLine{}, errors.New(`missing command name after \ (try \?)`)
	}
	args, err := splitArgs(cl.Rest)
	if err != nil {
		return commandLine{}, fmt.Errorf("%s: %w", cl.Name, err)
	}
	cl.Args = args
	return cl, nil
}

// splitArgs splits command arguments at white space, honouring quotes.
func splitArgs(s string) ([]string, error) {
	var (
		args  []string
		cur   strings.Builder
		quote byte
		inArg bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			if i+1 < len(s) && s[i+1] == quote {
				cur.WriteByte(c)
				i++
			} else {
				quote = 0
			}
		case quote != 0:
			cur.WriteByte(c)
		case c == '\'' || c == '"':
			quote, inArg = c, true
		case c == ' ' || c == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// shellCommand is one backslash command.
type shellCommand struct {
	names []string
	usage string
	help  string
	run   func(ctx context.Context, s *session, cl commandLine) error
}

// shellCommands lists the backslash commands in the order \? shows them.
// It is filled in init because \? refers to it.
var shellCommands []shellCommand

func init() {
	shellCommands = []shellCommand{
		{names: []string{`\?`, `\help`}, help: "show this help", run: cmdHelp},
		{names: []string{`\q`, `\quit`}, help: "quit (Ctrl-D also quits)", run: cmdQuit},
		{names: []string{`\dt`}, usage: "[PATTERN]", help: "list tables (apps, subtables, directory and metadata tables); PATTERN may use * and ?", run: cmdTables},
		{names: []string{`\d`}, usage: "[NAME]", help: "describe a table: columns, SQL types, kintone field types and codes", run: cmdDescribe},
		{names: []string{`\du`}, help: "list cybozu.com users (CybozuUser.Users)", run: cmdUsers},
		{names: []string{`\dg`}, help: "list cybozu.com groups (CybozuUser.Groups)", run: cmdGroups},
		{names: []string{`\x`}, usage: "[on|off]", help: "toggle expanded output (one column per line)", run: cmdExpanded},
		{names: []string{`\timing`}, usage: "[on|off]", help: "show the time and kintone requests of each statement", run: cmdTiming},
		{names: []string{`\format`, `\pset`}, usage: "[" + strings.Join(formatNames, "|") + "]", help: "show or set the output format; \\pset pager [on|off]: page long or wide results (PAGER)", run: cmdFormat},
		{names: []string{`\i`}, usage: "FILE", help: "run the statements in FILE", run: cmdInclude},
		{names: []string{`\o`}, usage: "[FILE]", help: "send results to FILE, or back to the screen", run: cmdOutput},
		{names: []string{`\copy`}, usage: copyUsage, help: "write a query's rows or a table to a CSV, TSV, JSON Lines or Parquet file", run: cmdCopy},
		{names: []string{`\explain`}, usage: "SQL", help: "show how a statement runs (same as EXPLAIN SQL)", run: cmdExplain},
		{names: []string{`\conninfo`}, help: "show the connection", run: cmdConninfo},
	}
}

// findCommand returns the command called name.
func findCommand(name string) (shellCommand, bool) {
	for _, c := range shellCommands {
		for _, n := range c.names {
			if n == name {
				return c, true
			}
		}
	}
	return shellCommand{}, false
}

// commandNames returns every command name and alias, for completion.
func commandNames() []string {
	var out []string
	for _, c := range shellCommands {
		out = append(out, c.names...)
	}
	return out
}

// execCommand runs one backslash command line.
func (s *session) execCommand(ctx context.Context, line string) error {
	cl, err := parseCommandLine(line)
	if err != nil {
		return err
	}
	c, ok := findCommand(cl.Name)
	if !ok {
		return fmt.Errorf("invalid command %s (try \\? for help)", cl.Name)
	}
	return c.run(ctx, s, cl)
}

// helpText is the text of \?.
func helpText() string {
	var b strings.Builder
	b.WriteString("SQL statements end with ';' and may span lines. Tab completes keywords, tables and columns;\n")
	b.WriteString("Ctrl-C cancels a running statement (or clears the input); Ctrl-D quits.\n\n")
	for _, c := range shellCommands {
		left := strings.Join(c.names, ", ")
		if c.usage != "" {
			left += " " + c.usage
		}
		fmt.Fprintf(&b, "  %-30s %s\n", left, c.help)
	}
	return b.String()
}

// cmdHelp prints the command list.
func cmdHelp(_ context.Context, s *session, _ commandLine) error {
	fmt.Fprint(s.out, helpText())
	return nil
}

// cmdQuit ends the session.
func cmdQuit(context.Context, *session, commandLine) error { return errQuit }

// cmdTables lists the tables matching an optional pattern (the rest of the
// line, so that names with spaces need no quotes).
func cmdTables(ctx context.Context, s *session, cl commandLine) error {
	tables, err := s.loadTables(ctx)
	if err != nil {
		return err
	}
	var match func(string) bool
	if cl.Rest != "" {
		match = globMatcher(unquoteName(cl.Rest))
	}
	cols := []resultColumn{{Name: "Schema"}, {Name: "Name"}, {Name: "Kind"}, {Name: "App", Type: "BIGINT"}, {Name: "Code"}, {Name: "Columns", Type: "BIGINT"}, {Name: "Description"}}
	var rows [][]any
	for _, t := range tables {
		if match != nil && !match(t.Name) {
			continue
		}
		if match == nil && strings.EqualFold(t.Schema, informationSchema) {
			continue // the views describe the others; \dt NAME still lists them
		}
		var app any
		if t.App > 0 {
			app = t.App
		}
		rows = append(rows, []any{t.Schema, t.Name, t.Kind, app, nullIfEmpty(t.AppCode), int64(len(t.Columns)), nullIfEmpty(t.Description)})
	}
	return s.printTable(ctx, "", cols, rows)
}

// informationSchema is the schema of the introspection views, which \dt
// leaves out unless asked by name.
const informationSchema = "information_schema"

// loadTables reads every table and refreshes the completion cache with
// them.
func (s *session) loadTables(ctx context.Context) ([]tableInfo, error) {
	ctx, done := s.gate.begin(ctx)
	defer done()
	tables, err := s.meta.Tables(ctx)
	if err != nil {
		return nil, err
	}
	if s.completion != nil {
		s.completion.set(tables)
	}
	return tables, nil
}

// cmdDescribe shows the columns of a table, or lists tables without a name.
func cmdDescribe(ctx context.Context, s *session, cl commandLine) error {
	if cl.Rest == "" {
		return cmdTables(ctx, s, cl)
	}
	ctx, done := s.gate.begin(ctx)
	defer done()
	t, err := s.meta.Table(ctx, unquoteName(cl.Rest))
	if err != nil {
		return err
	}
	cols := []resultColumn{{Name: "Column"}, {Name: "Type"}, {Name: "Nullable"}, {Name: "Field type"}, {Name: "Field code"}}
	rows := make([][]any, len(t.Columns))
	for i, c := range t.Columns {
		null := "not null"
		if c.Nullable {
			null = "null"
		}
		rows[i] = []any{c.Name, c.Type, null, nullIfEmpty(c.FieldType), nullIfEmpty(c.Code)}
	}
	if err := s.printTable(ctx, describeTitle(t), cols, rows); err != nil {
		return err
	}
	if s.format == formatTable && hasDisambiguatedNames(t) {
		fmt.Fprintln(s.out, disambiguationNote)
	}
	return nil
}

// disambiguationNote explains, under \d, the names of columns whose label
// (or code) another column shares.
const disambiguationNote = `Fields sharing a name (letter case ignored, as SQL compares names) are named "<name> (<field code>)";
when their codes too differ only in case, the later ones also get " #2", " #3", ... The shared name alone is ambiguous.`

// hasDisambiguatedNames reports whether a column of t carries its field
// code in its name because another column shares its label.
func hasDisambiguatedNames(t tableInfo) bool {
	for _, c := range t.Columns {
		if c.Code != "" && !strings.HasPrefix(c.Code, "$") && strings.Contains(c.Name, " ("+c.Code+")") {
			return true
		}
	}
	return false
}

// describeTitle is the line above \d output, e.g.
// `Table "Deals" (app 2, code DEAL)`.
func describeTitle(t tableInfo) string {
	var extra []string
	if t.Kind != "" && t.Kind != "app" {
		extra = append(extra, t.Kind)
	}
	if t.App > 0 {
		extra = append(extra, fmt.Sprintf("app %d", t.App))
	}
	if t.AppCode != "" {
		extra = append(extra, "code "+t.AppCode)
	}
	title := fmt.Sprintf("Table %q", t.Name)
	if len(extra) > 0 {
		title += " (" + strings.Join(extra, ", ") + ")"
	}
	return title
}

// Queries behind \du and \dg.
const (
	usersQuery  = "SELECT Code, Name, Email, Timezone, Locale, Valid FROM CybozuUser.Users"
	groupsQuery = "SELECT Code, Name, Description FROM CybozuUser.Groups"
)

// cmdUsers lists the users of the directory.
func cmdUsers(ctx context.Context, s *session, _ commandLine) error {
	return s.execSQL(ctx, usersQuery)
}

// cmdGroups lists the groups of the directory.
func cmdGroups(ctx context.Context, s *session, _ commandLine) error {
	return s.execSQL(ctx, groupsQuery)
}

// unquoteName removes one level of `...`, "..." or [...] quoting from a
// table name given to \d.
func unquoteName(s string) string {
	if len(s) >= 2 {
		first, last := s[0], s[len(s)-1]
		if (first == '`' && last == '`') || (first == '"' && last == '"') || (first == '[' && last == ']') {
			inner := s[1 : len(s)-1]
			if first != '[' {
				inner = strings.ReplaceAll(inner, string(first)+string(first), string(first))
			}
			return inner
		}
	}
	return s
}

// nullIfEmpty maps "" to NULL for listings.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// globMatcher returns a case-insensitive matcher for a pattern with * and
// ? wildcards.
func globMatcher(pattern string) func(string) bool {
	var b strings.Builder
	b.WriteString("(?is)^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re := regexp.MustCompile(b.String())
	return re.MatchString
}

// toggle reads an optional on/off argument; without one it flips cur.
func toggle(cl commandLine, cur bool) (bool, error) {
	switch len(cl.Args) {
	case 0:
		return !cur, nil
	case 1:
		switch strings.ToLower(cl.Args[0]) {
		case "on", "true", "1":
			return true, nil
		case "off", "false", "0":
			return false, nil
		}
	}
	return cur, fmt.Errorf("%s: want on or off", cl.Name)
}

// onOff names a setting's state.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// cmdExpanded switches expanded output.
func cmdExpanded(_ context.Context, s *session, cl commandLine) error {
	v, err := toggle(cl, s.expanded)
	if err != nil {
		return err
	}
	s.expanded = v
	s.notice("Expanded display is %s.", onOff(v))
	return nil
}

// cmdTiming switches timing.
func cmdTiming(_ context.Context, s *session, cl commandLine) error {
	v, err := toggle(cl, s.timing)
	if err != nil {
		return err
	}
	s.timing = v
	s.notice("Timing is %s.", onOff(v))
	return nil
}

// cmdFormat shows or sets the output format; \pset format NAME works too.
func cmdFormat(_ context.Context, s *session, cl commandLine) error {
	args := cl.Args
	if cl.Name == `\pset` {
		if len(args) > 0 && args[0] == "pager" {
			return cmdPager(s, cl)
		}
		if len(args) == 0 || args[0] != "format" {
			return errors.New(`\pset: only "\pset format NAME" and "\pset pager [on|off]" are supported`)
		}
		args = args[1:]
	}
	switch len(args) {
	case 0:
		s.notice("Output format is %s.", s.format)
		return nil
	case 1:
		f, err := checkFormat(args[0])
		if err != nil {
			return err
		}
		s.format = f
		s.notice("Output format is %s.", f)
		return nil
	}
	return fmt.Errorf("%s: want one format name", cl.Name)
}

// cmdInclude runs the statements of a file.
func cmdInclude(ctx context.Context, s *session, cl commandLine) error {
	if len(cl.Args) != 1 {
		return fmt.Errorf("%s: want one file name", cl.Name)
	}
	return s.runFile(ctx, cl.Args[0])
}

// cmdOutput redirects results.
func cmdOutput(_ context.Context, s *session, cl commandLine) error {
	switch len(cl.Args) {
	case 0:
		return s.setOutput("")
	case 1:
		return s.setOutput(cl.Args[0])
	}
	return fmt.Errorf("%s: want at most one file name", cl.Name)
}

// cmdExplain runs EXPLAIN on the rest of the line.
func cmdExplain(ctx context.Context, s *session, cl commandLine) error {
	sql := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cl.Rest), ";"))
	if sql == "" {
		return fmt.Errorf("%s: want a statement", cl.Name)
	}
	return s.execSQL(ctx, "EXPLAIN "+sql)
}

// cmdConninfo describes the connection.
func cmdConninfo(_ context.Context, s *session, _ commandLine) error {
	fmt.Fprintln(s.out, s.info)
	return nil
}

// runFile runs a script file (\i, -f); "-" is standard input.
func (s *session) runFile(ctx context.Context, name string) error {
	if name == "-" {
		return s.runScript(ctx, s.stdin, "<stdin>")
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.runScript(ctx, f, name)
}

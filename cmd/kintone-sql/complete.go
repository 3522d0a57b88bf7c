package main

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/translate/sqltext"
)

// sqlKeywords are the keywords the completer offers, in upper case.
var sqlKeywords = []string{
	"ALL", "AND", "AS", "ASC", "AVG", "BETWEEN", "BY", "CASE", "COUNT", "CROSS", "DELETE",
	"DESC", "DESCRIBE", "DISTINCT", "ELSE", "END", "EXISTS", "EXPLAIN", "FALSE", "FROM",
	"FULL", "GROUP", "HAVING", "IN", "INNER", "INSERT", "INTO", "IS", "JOIN", "LEFT",
	"LIKE", "LIMIT", "MAX", "MIN", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER",
	"RIGHT", "SELECT", "SET", "SHOW", "SUM", "TABLES", "THEN", "TRUE", "UNION", "UPDATE",
	"VALUES", "WHEN", "WHERE", "WITH",
}

// tableKeywords are the keywords after which a table name comes.
var tableKeywords = map[string]bool{
	"FROM": true, "JOIN": true, "INTO": true, "UPDATE": true, "TABLE": true,
	"DESCRIBE": true, "DESC": true,
}

// clauseKeywords end a FROM list when looking back from a comma.
var clauseKeywords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "ORDER": true,
	"HAVING": true, "LIMIT": true, "SET": true, "VALUES": true, "ON": true, "BY": true,
}

// isKeyword reports whether word is one of sqlKeywords, in any case.
func isKeyword(word string) bool {
	_, found := slices.BinarySearch(sqlKeywords, strings.ToUpper(word))
	return found
}

// completionSource is what the completer knows about tables.
type completionSource interface {
	// TableNames returns the table names.
	TableNames() []string
	// ColumnNames returns the columns of a table (any name the driver
	// resolves), nil when unknown.
	ColumnNames(table string) []string
}

// isWordRune reports whether r can be part of an unquoted name: letters
// (kanji and kana included), digits, marks, '_', '$', the prolonged sound
// mark and the katakana middle dot.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		r == '_' || r == '$' || r == 'ー' || r == '・'
}

// needsQuote reports whether a name must be quoted to be used in SQL.
func needsQuote(name string) bool {
	if name == "" || isKeyword(name) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(name)
	if unicode.IsDigit(first) {
		return true
	}
	// One plain word of the driver's lexer reads as this name unquoted.
	toks := sqltext.Lex(name)
	return len(toks) != 1 || toks[0].Kind != sqltext.Word || name[0] == '$' && strings.Trim(name[1:], "0123456789") == ""
}

// quoteName quotes a name with backticks when it needs it.
func quoteName(name string) string {
	if !needsQuote(name) {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// completion is the result of completing the word before the cursor.
type completion struct {
	// Word is the text before the cursor the candidates replace.
	Word string
	// Candidates are the full replacements for Word, best first.
	Candidates []string
}

// complete returns the candidates for the word that ends at the cursor.
// before is the input up to the cursor (earlier lines of the statement
// included), after the rest of the current line.
func complete(before, after string, src completionSource) completion {
	lineStart := strings.LastIndexByte(before, '\n') + 1
	if line := strings.TrimLeft(before[lineStart:], " \t"); strings.HasPrefix(line, `\`) && openQuoteAt(before[:lineStart]) < 0 {
		return completeCommand(line, src)
	}
	if q := openQuoteAt(before); q >= 0 {
		word := before[q:]
		quote := word[0]
		if quote == '\'' {
			return completion{Word: word}
		}
		closer := string(quote)
		if quote == '[' {
			closer = "]"
		}
		ctx := sqlContextOf(before[:q], after)
		prefix := strings.ToLower(word[1:])
		var out []string
		for _, n := range ctx.names(src) {
			if strings.HasPrefix(strings.ToLower(n), prefix) {
				out = append(out, string(quote)+n+closer)
			}
		}
		return completion{Word: word, Candidates: dedupe(out)}
	}
	start := len(before)
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:start])
		if !isWordRune(r) {
			break
		}
		start -= size
	}
	word := before[start:]
	ctx := sqlContextOf(before[:start], after)
	prefix := strings.ToLower(word)
	var out []string
	for _, n := range ctx.names(src) {
		if !strings.HasPrefix(strings.ToLower(n), prefix) {
			continue
		}
		if needsQuote(n) {
			if word != "" {
				continue // an unquoted prefix cannot become a quoted name
			}
			n = quoteName(n)
		}
		out = append(out, n)
	}
	if !ctx.tablesOnly && !ctx.qualified && word != "" {
		for _, k := range sqlKeywords {
			if strings.HasPrefix(k, strings.ToUpper(word)) {
				out = append(out, keywordAsTyped(word, k))
			}
		}
	}
	return completion{Word: word, Candidates: dedupe(out)}
}

// keywordAsTyped returns keyword continuing word in the case the user
// typed: the typed letters are kept and the rest takes the case of the last
// typed letter ("sel" → "select", "SEL" → "SELECT", "Sel" → "Select").
func keywordAsTyped(word, keyword string) string {
	rest := keyword[len(strings.ToUpper(word)):] // the caller checked it is a prefix
	lower := false
	for _, r := range word {
		if unicode.IsUpper(r) {
			lower = false
		} else if unicode.IsLower(r) {
			lower = true
		}
	}
	if lower {
		rest = strings.ToLower(rest)
	}
	return word + rest
}

// completeCommand completes a backslash command line: the command name,
// then its argument.
func completeCommand(line string, src completionSource) completion {
	name, arg, hasArg := strings.Cut(line, " ")
	if !hasArg {
		var out []string
		for _, n := range commandNames() {
			if strings.HasPrefix(n, name) {
				out = append(out, n)
			}
		}
		return completion{Word: name, Candidates: out}
	}
	arg = strings.TrimLeft(arg, " ")
	var choices []string
	switch name {
	case `\d`, `\dt`:
		choices = src.TableNames() // both take the rest of the line as the name

	case `\format`:
		choices = formatNames
	case `\x`, `\timing`:
		choices = []string{"on", "off"}
	case `\i`, `\o`:
		matches, _ := filepath.Glob(arg + "*")
		choices = matches
	}
	var out []string
	for _, c := range choices {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(arg)) {
			out = append(out, c)
		}
	}
	return completion{Word: arg, Candidates: out}
}

// dedupe removes repeated candidates, keeping the first.
func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// sqlContext is what the text around the cursor says about the word being
// typed.
type sqlContext struct {
	// tablesOnly is true after FROM, JOIN and the like.
	tablesOnly bool
	// qualified is true after "name."; qualifier is that name.
	qualified bool
	qualifier string
	// tables maps the table names and aliases of the statement to table
	// names.
	tables map[string]string
	// order lists the statement's tables in order of appearance.
	order []string
}

// sqlContextOf reads the statement around the word: before is the text up
// to the start of the word, after the text following the cursor.
func sqlContextOf(before, after string) sqlContext {
	ctx := sqlContext{tables: map[string]string{}}
	toks := sqlTokens(before)
	if n := len(toks); n > 0 && toks[n-1].text == "." && !toks[n-1].quoted {
		ctx.qualified = true
		if n > 1 {
			ctx.qualifier = toks[n-2].text
		}
	} else {
		ctx.tablesOnly = expectsTable(toks)
	}
	all := sqlTokens(before + " " + after)
	for i := 0; i < len(all); i++ {
		t := all[i]
		if t.quoted || !tableKeywords[strings.ToUpper(t.text)] {
			continue
		}
		for i+1 < len(all) && (all[i+1].quoted || !isKeyword(all[i+1].text)) && all[i+1].word() {
			name := all[i+1].text
			ctx.tables[strings.ToLower(name)] = name
			ctx.order = append(ctx.order, name)
			i++
			if i+1 < len(all) && strings.EqualFold(all[i+1].text, "AS") && !all[i+1].quoted {
				i++
			}
			if i+1 < len(all) && all[i+1].word() && (all[i+1].quoted || !isKeyword(all[i+1].text)) {
				ctx.tables[strings.ToLower(all[i+1].text)] = name
				i++
			}
			if i+1 < len(all) && all[i+1].text == "," && !all[i+1].quoted {
				i++
				continue
			}
			break
		}
	}
	return ctx
}

// expectsTable reports whether the tokens end where a table name goes.
func expectsTable(toks []sqlToken) bool {
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		if t.quoted {
			if i == len(toks)-1 {
				return false
			}
			continue
		}
		up := strings.ToUpper(t.text)
		if i == len(toks)-1 {
			if tableKeywords[up] {
				return true
			}
			if t.text != "," {
				return false
			}
			continue
		}
		if clauseKeywords[up] {
			return up == "FROM"
		}
		if tableKeywords[up] {
			return true
		}
	}
	return false
}

// names returns the names to offer in the context: tables after FROM and
// friends; the columns of the qualifying table after "name."; otherwise the
// columns of the statement's tables (of every known table when the
// statement names none yet), then the table names.
func (c sqlContext) names(src completionSource) []string {
	if src == nil {
		return nil
	}
	if c.tablesOnly {
		return src.TableNames()
	}
	if c.qualified {
		table := c.qualifier
		if t, ok := c.tables[strings.ToLower(table)]; ok {
			table = t
		}
		return src.ColumnNames(table)
	}
	var out []string
	if len(c.order) > 0 {
		for _, t := range c.order {
			out = append(out, src.ColumnNames(t)...)
		}
	} else {
		for _, t := range src.TableNames() {
			out = append(out, src.ColumnNames(t)...)
		}
	}
	return append(out, src.TableNames()...)
}

// sqlToken is a word, quoted name or punctuation mark of SQL text; string
// literals and comments are skipped.
type sqlToken struct {
	text   string
	quoted bool
}

// word reports whether the token is a name.
func (t sqlToken) word() bool {
	if t.quoted {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return isWordRune(r)
}

// sqlTokens splits SQL text into tokens (package sqltext's, without
// strings, comments and unterminated tokens).
func sqlTokens(text string) []sqlToken {
	var out []sqlToken
	for _, t := range sqltext.CodeTokens(text) {
		switch {
		case t.Open || t.Kind == sqltext.String:
		case t.Kind == sqltext.Quoted || t.Kind == sqltext.Bracket:
			out = append(out, sqlToken{text: t.Name(), quoted: true})
		default:
			out = append(out, sqlToken{text: t.Text})
		}
	}
	return out
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/ergochat/readline"
)

// historyLimit is the number of statements kept in the history file.
const historyLimit = 1000

// lineReader reads input lines with editing; *readline.Instance is one.
type lineReader interface {
	// Readline returns the next line, readline.ErrInterrupt on Ctrl-C and
	// io.EOF on Ctrl-D.
	Readline() (string, error)
	// SetPrompt changes the prompt.
	SetPrompt(prompt string)
	// SaveToHistory appends an entry to the history (and its file).
	SaveToHistory(entry string) error
}

// historyPath returns the history file: $KINTONE_SQL_HISTORY, else
// ~/.kintone_sql_history; "" (no history file) when neither can be known.
func historyPath(getenv func(string) string) string {
	if p := getenv("KINTONE_SQL_HISTORY"); p != "" {
		return p
	}
	home := getenv("HOME")
	if home == "" {
		var err error
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	return filepath.Join(home, ".kintone_sql_history")
}

// promptFor returns the prompt: name=> for a new statement, name-> when a
// statement continues, and name'> (or "> `> [> *>) inside a string, quoted
// name or comment.
func promptFor(name string, sp *splitter) string {
	if !sp.Pending() {
		return name + "=> "
	}
	switch sp.State() {
	case lexSingle:
		return name + "'> "
	case lexDouble:
		return name + `"> `
	case lexBacktick:
		return name + "`> "
	case lexBracket:
		return name + "[> "
	case lexBlockComment:
		return name + "*> "
	}
	return name + "-> "
}

// newReadline returns a line editor on the terminal with history and
// completion.
func newReadline(in io.Reader, out, errOut io.Writer, history string, comp readline.AutoCompleter) (*readline.Instance, error) {
	return readline.NewFromConfig(&readline.Config{
		HistoryFile:            history,
		HistoryLimit:           historyLimit,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           comp,
		InterruptPrompt:        "^C",
		Stdin:                  in,
		Stdout:                 out,
		Stderr:                 errOut,
	})
}

// interactive reads and runs statements and commands until \q or Ctrl-D.
// Ctrl-C at the prompt clears the statement being typed; while a
// statement runs, it cancels it (see interruptGate).
func (s *session) interactive(ctx context.Context, rl lineReader, sp *splitter, name string) error {
	var entry []string // lines of the history entry being typed
	if s.safeUpdates {
		s.askWith(rl)
	}
	for {
		rl.SetPrompt(promptFor(name, sp))
		line, err := rl.Readline()
		if ctx.Err() != nil {
			// A signal ended the read: keep what was typed in the history,
			// unrun.
			if t := strings.TrimSpace(line); err == nil && t != "" {
				entry = append(entry, t)
			}
			if len(entry) > 0 {
				_ = rl.SaveToHistory(strings.Join(entry, " "))
			}
			return nil
		}
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			sp.Reset()
			entry = nil
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(s.stdout)
			return nil
		case err != nil:
			return err
		}
		if t := strings.TrimSpace(line); !sp.Pending() && (t == "exit" || t == "quit") {
			return nil
		}
		items := sp.Feed(line)
		if strings.TrimSpace(line) != "" {
			entry = append(entry, strings.TrimSpace(line))
		}
		if !sp.Pending() && len(entry) > 0 {
			_ = rl.SaveToHistory(strings.Join(entry, " ")) // history is a convenience
			entry = nil
		}
		for _, it := range items {
			if err := s.runItem(ctx, it, ""); errors.Is(err, errQuit) {
				return nil
			}
			if ctx.Err() != nil {
				return nil
			}
		}
	}
}

// readlineCompleter adapts complete to the line editor, which appends the
// rest of a candidate to the word typed so far.
type readlineCompleter struct {
	sp  *splitter
	src completionSource
}

// Do returns the completions of the word before pos in line, as suffixes.
func (c readlineCompleter) Do(line []rune, pos int) ([][]rune, int) {
	before := c.sp.PendingText() + string(line[:pos])
	comp := complete(before, string(line[pos:]), c.src)
	return suffixes(comp), utf8.RuneCountInString(comp.Word)
}

// suffixes turns candidates into what must be appended to the typed word.
// Candidates that differ from the word only in letter case are kept (names
// resolve case-insensitively); a lone candidate gets a trailing space,
// unless it is a file name or ends in '.'.
func suffixes(comp completion) [][]rune {
	word := []rune(comp.Word)
	var (
		out  [][]rune
		kept string
	)
	for _, cand := range comp.Candidates {
		cr := []rune(cand)
		if len(cr) < len(word) || !strings.EqualFold(string(cr[:len(word)]), comp.Word) {
			continue
		}
		out = append(out, cr[len(word):])
		kept = cand
	}
	if len(out) == 1 && !strings.HasSuffix(kept, "/") && !strings.HasSuffix(kept, ".") {
		out[0] = append(out[0], ' ')
	}
	return out
}

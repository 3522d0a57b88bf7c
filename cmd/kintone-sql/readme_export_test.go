package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readmeCommands returns the README's command lines starting with prefix,
// split into arguments (single and double quotes group words; a trailing
// "# comment" is dropped), without the program name.
func readmeCommands(t *testing.T, prefix string) [][]string {
	t.Helper()
	text, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	var out [][]string
	for line := range strings.Lines(string(text)) {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		var args []string
		var cur strings.Builder
		var quote rune
		inWord := false
		for _, r := range strings.TrimSpace(line) {
			switch {
			case quote != 0 && r == quote:
				quote = 0
			case quote != 0:
				cur.WriteRune(r)
			case r == '\'' || r == '"':
				quote, inWord = r, true
			case r == '#' && !inWord:
				goto done
			case r == ' ' || r == '\t':
				if inWord {
					args, inWord = append(args, cur.String()), false
					cur.Reset()
				}
			default:
				cur.WriteRune(r)
				inWord = true
			}
		}
	done:
		if inWord {
			args = append(args, cur.String())
		}
		out = append(out, args[1:])
	}
	return out
}

// TestReadmeExportCommandsRunOnTheDemo runs the README's export and sync
// command lines, in order, on the demo tenant (what a newcomer trying them
// gets, --dsn "$KINTONE_DSN" meaning the demo): each must succeed. A
// --resume line is run on an empty directory, as after an interrupted
// first run (resuming a complete export is refused by design).
func TestReadmeExportCommandsRunOnTheDemo(t *testing.T) {
	t.Setenv("KINTONE_DSN", "")
	cmds := append(readmeCommands(t, "kintone-sql export "), readmeCommands(t, "kintone-sql sync ")...)
	t.Chdir(t.TempDir())
	require.GreaterOrEqual(t, len(cmds), 5, "the README shows export and sync commands")
	for _, args := range cmds {
		var kept []string
		for i := 0; i < len(args); i++ {
			if args[i] == "--dsn" && i+1 < len(args) && args[i+1] == "$KINTONE_DSN" {
				i++
				continue
			}
			if args[i] == "--resume" {
				require.NoError(t, os.RemoveAll(args[slices.Index(args, "--out")+1]))
			}
			kept = append(kept, args[i])
		}
		code, _, stderr := runCLI(t, kept...)
		require.Equal(t, 0, code, "kintone-sql %s: %s", strings.Join(args, " "), stderr)
	}
}

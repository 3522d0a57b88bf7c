package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// openCompletionList types text and Tab twice on the demo shell, and
// returns the output once the list shows Deals_明細.
func openCompletionList(t *testing.T, text string) (*ptySession, string) {
	const step = 15 * time.Second
	p := startPTY(t, t.TempDir())
	p.expect("demo=> ", step)
	p.send(text + "\t")
	time.Sleep(300 * time.Millisecond)
	p.send("\t")
	list := p.expect("Deals_明細", step)
	time.Sleep(300 * time.Millisecond)
	return p, list + p.text()[p.seen:]
}

func TestTerminalCtrlCInCompletionListClearsTheLine(t *testing.T) {
	const step = 15 * time.Second
	p, _ := openCompletionList(t, "SELECT * FROM De")
	p.send("\x03") // Ctrl-C
	p.expect("demo=> ", step)
	p.send("SELECT 'fresh' AS f;\r")
	out := p.expect("(1 row)", step)
	assert.Contains(t, out, "fresh")
	assert.NotContains(t, out, "ERROR")
	p.send("\\q\r")
	assert.Equal(t, 0, p.wait(step))
}

func TestTerminalCompletesTablesAfterBackslashD(t *testing.T) {
	const step = 15 * time.Second
	p, list := openCompletionList(t, `\d De`)
	assert.NotContains(t, strings.ToUpper(list), "DELETE", "keywords offered after \\d")
	p.send("\x03\\q\r")
	assert.Equal(t, 0, p.wait(step))
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTerminalPagerForLongAndWideResults(t *testing.T) {
	const step = 15 * time.Second
	home := t.TempDir()
	paged := filepath.Join(home, "paged.txt")
	p := startTerminal(t, ptyOptions{home: home, env: []string{"PAGER=cat >> " + paged}})
	p.expect("demo=> ", step)
	readPaged := func() string {
		data, err := os.ReadFile(paged)
		if os.IsNotExist(err) {
			return ""
		}
		require.NoError(t, err)
		return string(data)
	}

	// 120 rows do not fit in 40 lines: the pager gets them, the terminal not.
	p.send("SELECT $id, title FROM Tasks ORDER BY $id;\r")
	p.expect("demo=> ", step)
	assert.Contains(t, readPaged(), "(120 rows)")
	assert.NotContains(t, p.text(), "(120 rows)")

	// A short, narrow result stays on the terminal.
	p.send("SELECT 'short' AS s;\r")
	assert.Contains(t, p.expect("(1 row)", step), "short")
	p.expect("demo=> ", step)
	assert.NotContains(t, readPaged(), "short")

	// Two rows wider than 120 columns are paged.
	p.send("SELECT CONCAT(title, title, title, title, title, title, title, title) AS wide, $id FROM Tasks LIMIT 2;\r")
	p.expect("demo=> ", step)
	assert.Contains(t, readPaged(), "(2 rows)")

	// \pset pager off: everything on the terminal.
	p.send("\\pset pager off\r")
	p.expect("Pager usage is off.", step)
	p.send("SELECT $id FROM Tasks ORDER BY $id;\r")
	p.expect("(120 rows)", step)
	p.expect("demo=> ", step)
	assert.Equal(t, 2, strings.Count(readPaged(), " rows)"), "nothing more paged")
	p.send("\\q\r")
	assert.Equal(t, 0, p.wait(step))
}

func TestPagerCommand(t *testing.T) {
	env := func(vals map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vals[k]; return v, ok }
	}
	found := func(names ...string) func(string) (string, error) {
		return func(n string) (string, error) {
			for _, f := range names {
				if f == n {
					return "/usr/bin/" + n, nil
				}
			}
			return "", os.ErrNotExist
		}
	}
	assert.Equal(t, "most -s", pagerCommand(env(map[string]string{"PAGER": "most -s"}), found("less")))
	assert.Equal(t, "", pagerCommand(env(map[string]string{"PAGER": ""}), found("less")), "an empty PAGER turns paging off")
	assert.Equal(t, "less", pagerCommand(env(nil), found("less", "more")))
	assert.Equal(t, "more", pagerCommand(env(nil), found("more")))
	assert.Equal(t, "", pagerCommand(env(nil), found()))
}

func TestFitsTerminal(t *testing.T) {
	assert.True(t, fitsTerminal([]byte("a\nb\n"), 10, 3))
	assert.False(t, fitsTerminal([]byte("a\nb\nc\n"), 10, 3), "a line is left for the prompt")
	assert.False(t, fitsTerminal([]byte("0123456789x\n"), 10, 40))
	assert.True(t, fitsTerminal([]byte("顧客顧客顧\n"), 10, 40), "width in terminal cells")
	assert.False(t, fitsTerminal([]byte("顧客顧客顧客\n"), 10, 40))
}

func TestTerminalSIGTERMStopsThePager(t *testing.T) {
	const step = 15 * time.Second
	p := startTerminal(t, ptyOptions{home: t.TempDir(), env: []string{"PAGER=sleep 60"}})
	p.expect("demo=> ", step)
	p.send("SELECT $id FROM Tasks;\r")
	time.Sleep(time.Second) // the pager is running
	start := time.Now()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	p.expect("received SIGTERM (terminated), exiting", step)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.wait(step))
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestTerminalLessGetsTheKeys(t *testing.T) {
	if _, err := exec.LookPath("less"); err != nil {
		if os.Getenv("KINTONE_PAGER_TESTS") == "1" {
			t.Fatal("KINTONE_PAGER_TESTS=1 but less is not installed")
		}
		t.Skip("less is not installed (CI installs it and sets KINTONE_PAGER_TESTS=1)")
	}
	const step = 15 * time.Second
	p := startTerminal(t, ptyOptions{home: t.TempDir(), env: []string{"PAGER=less", "LESS="}})
	p.expect("demo=> ", step)
	p.send("SELECT $id FROM Tasks ORDER BY $id;\r")
	p.expect(" 37\n", step) // less shows the first screen
	time.Sleep(200 * time.Millisecond)
	p.send("G") // to the end: less, not the shell, reads the key
	p.expect("(120 rows)", step)
	p.send("q")
	p.expect("demo=> ", step)
	p.send("SELECT 'after' AS a;\r")
	assert.Contains(t, p.expect("(1 row)", step), "after")
	p.send("\\q\r")
	assert.Equal(t, 0, p.wait(step))
}

package main

import (
	"strings"
	"testing"
	"time"
)

func TestInteractiveWholeTableWriteAsks(t *testing.T) {
	const step = 15 * time.Second
	p := startPTY(t, t.TempDir())
	p.expect("demo=> ", step)

	p.send("DELETE FROM Tasks;\r")
	p.expect("DELETE without WHERE changes every row of Tasks. Run it? [y/N] ", step)
	p.send("n\r")
	p.expect("DELETE not run", step)
	p.expect("demo=> ", step)
	p.send("SELECT COUNT(*) AS n FROM Tasks;\r")
	if out := p.expect("(1 row)", step); !strings.Contains(out, "120") {
		t.Fatalf("declined DELETE changed the table:\n%s", out)
	}
	p.expect("demo=> ", step)

	// A statement with a WHERE runs without a question.
	p.send("DELETE FROM Tasks WHERE FALSE;\r")
	if out := p.expect("DELETE 0", step); strings.Contains(out, "Run it?") {
		t.Fatalf("asked for a statement with WHERE:\n%s", out)
	}

	p.send("DELETE FROM Tasks;\r")
	p.expect("Run it? [y/N] ", step)
	p.send("y\r")
	p.expect("DELETE 120", step)
	p.expect("demo=> ", step)
	p.send("\x04")
	p.wait(step)
}

func TestInteractiveSafeUpdatesOff(t *testing.T) {
	const step = 15 * time.Second
	p := startPTY(t, t.TempDir(), "-safe-updates=false")
	p.expect("demo=> ", step)
	p.send("DELETE FROM Tasks;\r")
	if out := p.expect("DELETE 120", step); strings.Contains(out, "Run it?") {
		t.Fatalf("asked with -safe-updates=false:\n%s", out)
	}
	p.expect("demo=> ", step)
	p.send("\x04")
	p.wait(step)
}

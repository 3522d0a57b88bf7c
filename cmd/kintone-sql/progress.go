package main

import (
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/kintone-sql/kintone/engine"
)

// Progress line timing: nothing is drawn for statements that end within
// progressDelay, and the line is redrawn at most every progressInterval
// (ten times a second).
const (
	progressDelay    = 300 * time.Millisecond
	progressInterval = 100 * time.Millisecond
)

// clearLine returns the cursor to column 0 and erases the line.
const clearLine = "\r\x1b[K"

// progressText describes a statement's kintone work so far, e.g.
// "fetched 1,500 of 20,000 records (7%), 3 requests". expected is
// kintone's totalCount, <= 0 when unknown.
func progressText(records, expected, requests int64) string {
	req := plural(requests, "request", "requests")
	if expected > 0 {
		pct := records * 100 / expected
		return fmt.Sprintf("fetched %s of %s records (%d%%), %s %s",
			groupDigits(records), groupDigits(expected), pct, groupDigits(requests), req)
	}
	return fmt.Sprintf("fetched %s records, %s %s", groupDigits(records), groupDigits(requests), req)
}

// workText sums up a finished statement's kintone work for \timing, e.g.
// "3 requests, 1,500 records fetched".
func workText(records, requests int64) string {
	return fmt.Sprintf("%s %s, %s %s fetched", groupDigits(requests), plural(requests, "request", "requests"),
		groupDigits(records), plural(records, "record", "records"))
}

// plural picks the singular or plural form for n.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// groupDigits writes n with comma thousands separators.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// progressLine keeps one status line on a terminal up to date from a
// statement's Stats while the statement runs.
type progressLine struct {
	w  io.Writer
	st *engine.Stats
	// text, when set, replaces progressText (the export's line).
	text  func() string
	done  chan struct{}
	ended sync.WaitGroup
}

// startProgress draws progress for st on w (a terminal) from another
// goroutine until Stop.
func startProgress(w io.Writer, st *engine.Stats, delay, interval time.Duration) *progressLine {
	return startProgressText(w, st, nil, delay, interval)
}

// startProgressText is startProgress with the line's text from text (nil
// for progressText).
func startProgressText(w io.Writer, st *engine.Stats, text func() string, delay, interval time.Duration) *progressLine {
	p := &progressLine{w: w, st: st, text: text, done: make(chan struct{})}
	p.ended.Add(1)
	go p.run(delay, interval)
	return p
}

// run redraws the line when the text changes.
func (p *progressLine) run(delay, interval time.Duration) {
	defer p.ended.Done()
	wait := time.NewTimer(delay)
	defer wait.Stop()
	select {
	case <-p.done:
		return
	case <-wait.C:
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	last := ""
	for {
		text := p.line()
		if text != last {
			fmt.Fprint(p.w, clearLine+text)
			last = text
		}
		select {
		case <-p.done:
			fmt.Fprint(p.w, clearLine)
			return
		case <-tick.C:
		}
	}
}

// line is the text to show now.
func (p *progressLine) line() string {
	if p.text != nil {
		return p.text()
	}
	return progressText(p.st.Records.Load(), p.st.Expected.Load(), p.st.Requests.Load())
}

// Stop ends the updates and erases the line; it is safe to call more than
// once and on a nil progressLine.
func (p *progressLine) Stop() {
	if p == nil {
		return
	}
	select {
	case <-p.done:
	default:
		close(p.done)
	}
	p.ended.Wait()
}

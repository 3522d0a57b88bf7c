package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// runScript runs the statements and commands read from r, stopping at the
// first failure, which it prints with the location name:line and reports
// as errReported. \q ends the script early without error.
func (s *session) runScript(ctx context.Context, r io.Reader, name string) error {
	var sp splitter
	br := bufio.NewReader(r)
	for {
		line, readErr := br.ReadString('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("reading %s: %w", name, readErr)
		}
		if line != "" || readErr == nil {
			line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
			for _, it := range sp.Feed(line) {
				if err := s.runScriptItem(ctx, it, name); err != nil {
					return err
				}
			}
		}
		if readErr != nil {
			break
		}
	}
	if it, ok := sp.Flush(); ok {
		return s.runScriptItem(ctx, it, name)
	}
	return nil
}

// runScriptItem runs one item of a script; see runScript.
func (s *session) runScriptItem(ctx context.Context, it inputItem, name string) error {
	err := s.runItem(ctx, it, fmt.Sprintf("%s:%d", name, it.Line))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errQuit), errors.Is(err, errReported):
		return err
	}
	return errReported
}

// runText runs the statements and commands of one -c argument, stopping at
// the first failure (printed, reported as errReported).
func (s *session) runText(ctx context.Context, text string) error {
	for _, it := range splitStatements(text) {
		if err := s.runItem(ctx, it, ""); err != nil {
			if errors.Is(err, errQuit) || errors.Is(err, errReported) {
				return err
			}
			return errReported
		}
	}
	return nil
}

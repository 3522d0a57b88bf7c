package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlagSet is a subcommand's flag set: errors and -h go to stderr,
// the usage being the given lines, then the flags.
func newFlagSet(name string, stderr io.Writer, usage ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		for _, line := range usage {
			fmt.Fprintln(stderr, line)
		}
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parseNoArgs parses the flags of a subcommand that takes no arguments,
// then runs complete (checks of values that need parsing), as parseFlags.
func parseNoArgs(fs *flag.FlagSet, args []string, stderr io.Writer, complete func() error) error {
	return parseFlags(fs, args, stderr, func() error {
		if fs.NArg() > 0 {
			return fmt.Errorf("unexpected argument %q", fs.Arg(0))
		}
		return complete()
	})
}

// parseFlags parses args into fs, then runs check on the result. -h
// returns flag.ErrHelp; a bad flag, or a problem check reports (printed
// with the usage), returns errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, check func() error) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if err := check(); err != nil {
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return errUsage
	}
	return nil
}

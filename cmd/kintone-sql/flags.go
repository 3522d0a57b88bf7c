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
// then runs complete (checks of values that need parsing). A bad flag,
// an argument or a complete error is reported on stderr with the usage
// and returned as errUsage; -h returns flag.ErrHelp.
func parseNoArgs(fs *flag.FlagSet, args []string, stderr io.Writer, complete func() error) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if err := complete(); err != nil {
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return errUsage
	}
	return nil
}

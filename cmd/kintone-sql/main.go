// Command kintone-sql is the kintone SQL tool. Its subcommands:
//
//	kintone-sql [shell] [flags]    the SQL shell (REPL), the default
//	kintone-sql export [flags]     write a table or query to a file
//	kintone-sql sync [flags] APP…  keep a local copy of apps current
//	kintone-sql emulator [flags]   run a local kintone-compatible server
//	kintone-sql serve [flags]      serve kintone over the MySQL protocol (BI tools)
//
// Without a subcommand (or with only flags) the SQL shell runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands are the subcommands by name.
var commands = map[string]command{
	"export":   {summary: "write a table or query to CSV, TSV, JSON Lines or Parquet (--out, --partition-rows, --resume)", run: runExport},
	"emulator": {summary: "run a local kintone-compatible server (kintonetest), optionally with demo data", run: runEmulator},
	"sync":     {summary: "keep a local copy of apps current: sync --to sqlite:FILE|DIR APP...", run: runSync},
	"shell":    {summary: "the SQL shell (the default when no command is given): --dsn, -c, -f, --format", run: runShell},
	"serve":    {summary: "serve kintone over the MySQL protocol for BI tools and MySQL clients: --listen, --dsn, --user", run: runServe},
}

// commandOrder lists the subcommands in the order usage shows them.
var commandOrder = []string{"shell", "export", "sync", "emulator", "serve"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit code: 0 on
// success, 2 for a usage error, 128+N when signal N ended the shell, 1 for
// any other failure.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			usage(stdout)
			return 0
		}
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		args = append([]string{"shell"}, args...)
	}
	name := args[0]
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "kintone-sql: unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	err := cmd.run(ctx, args[1:], stdout, stderr)
	var se signalError
	switch {
	case errors.As(err, &se):
		return se.ExitCode() // the shell has said why
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errReported):
		return 1
	}
	fmt.Fprintf(stderr, "kintone-sql %s: %v\n", name, err)
	return 1
}

// errUsage reports bad flags; the FlagSet has already printed why.
var errUsage = errors.New("usage error")

// usage prints the list of subcommands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: kintone-sql <command> [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, name := range commandOrder {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'kintone-sql <command> -h' for a command's flags.")
}

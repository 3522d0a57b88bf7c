package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/require"
)

// Export benchmark settings, from the environment:
//
//	EXPORT_BENCH_RECORDS  records in the app (default 100000)
//	EXPORT_BENCH_LATENCY  emulator latency per response (default 50ms)
//	EXPORT_BENCH_CLI      path of cli-kintone, to compare with `cli-kintone record export`
//
// The exporter runs as a separate process (the built kintone-sql binary)
// so that its peak RSS is its own, not the emulator's.
func benchSettings(b *testing.B) (int, time.Duration) {
	n, lat := 100_000, 50*time.Millisecond
	if v := os.Getenv("EXPORT_BENCH_RECORDS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err)
	}
	if v := os.Getenv("EXPORT_BENCH_LATENCY"); v != "" {
		var err error
		lat, err = time.ParseDuration(v)
		require.NoError(b, err)
	}
	return n, lat
}

// benchApp starts an emulator on localhost (cli-kintone accepts plain
// HTTP only there) with an app of n records of typical fields.
func benchApp(b *testing.B, n int) (*kt.Server, int64, string) {
	l, err := net.Listen("tcp", "localhost:0")
	require.NoError(b, err)
	srv := kt.NewServer(kt.WithListener(l))
	b.Cleanup(srv.Close)
	app, err := srv.CreateApp(kt.AppSpec{Name: "bench", Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "title", Label: "title"},
		{Type: kt.TypeNumber, Code: "amount", Label: "amount"},
		{Type: kt.TypeNumber, Code: "qty", Label: "qty"},
		{Type: kt.TypeDate, Code: "day", Label: "day"},
		{Type: kt.TypeDateTime, Code: "at", Label: "at"},
		{Type: kt.TypeDropDown, Code: "stage", Label: "stage", Options: []string{"new", "won", "lost"}},
		{Type: kt.TypeCheckBox, Code: "tags", Label: "tags", Options: []string{"a", "b", "c"}},
		{Type: kt.TypeMultiLineText, Code: "memo", Label: "memo"},
	}})
	require.NoError(b, err)
	for start := 0; start < n; start += 10_000 {
		recs := make([]map[string]any, 0, 10_000)
		for i := start; i < min(n, start+10_000); i++ {
			recs = append(recs, map[string]any{
				"title": fmt.Sprintf("案件 %d", i), "amount": fmt.Sprintf("%d.%02d", i*37%100000, i%100),
				"qty": strconv.Itoa(i % 50), "day": time.Date(2024, 1, 1+i%365, 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
				"at":    time.Date(2024, 1, 1, i%24, i%60, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour).Format(time.RFC3339),
				"stage": []string{"new", "won", "lost"}[i%3], "tags": [][]string{{"a"}, {"b", "c"}, {}}[i%3],
				"memo": fmt.Sprintf("line one %d\nline two", i),
			})
		}
		_, err := srv.AddRecords(app, recs)
		require.NoError(b, err)
	}
	_, port, err := net.SplitHostPort(l.Addr().String())
	require.NoError(b, err)
	return srv, app, "http://localhost:" + port
}

// buildCLI builds kintone-sql into a temporary directory.
func buildCLI(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "kintone-sql")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(b, err, "%s", out)
	return bin
}

// runMeasured runs a command under /usr/bin/time and returns its peak RSS
// in MiB. (The rusage of a direct child would count the pages it shared
// with this process before exec.)
func runMeasured(b *testing.B, cmd *exec.Cmd) float64 {
	report := filepath.Join(b.TempDir(), "rss")
	cmd.Args = append([]string{"/usr/bin/time", "-f", "%M", "-o", report}, cmd.Args...)
	cmd.Path = "/usr/bin/time"
	out, err := cmd.CombinedOutput()
	require.NoError(b, err, "%s", out)
	text, err := os.ReadFile(report)
	require.NoError(b, err)
	kib, err := strconv.Atoi(strings.TrimSpace(string(text)))
	require.NoError(b, err, "%s", text)
	return float64(kib) / 1024
}

// BenchmarkExportCLI exports the app with `kintone-sql export` (Parquet,
// CSV) and, when EXPORT_BENCH_CLI is set, `cli-kintone record export`,
// reporting requests and peak RSS per run.
func BenchmarkExportCLI(b *testing.B) {
	n, latency := benchSettings(b)
	srv, app, url := benchApp(b, n)
	bin := buildCLI(b)
	dsn := fmt.Sprintf("Url=%s;User=%s;Password=%s", url, kt.DefaultUser, kt.DefaultPassword)
	dir := b.TempDir()
	srv.SetLatency(latency)
	measure := func(b *testing.B, mk func() *exec.Cmd) {
		var rss float64
		srv.ResetCounters()
		b.ResetTimer()
		for range b.N {
			rss = max(rss, runMeasured(b, mk()))
		}
		b.StopTimer()
		b.ReportMetric(float64(srv.TotalRequests())/float64(b.N), "requests/op")
		b.ReportMetric(rss, "MB-RSS")
		b.ReportMetric(float64(n), "records")
	}
	for _, format := range []string{"parquet", "csv"} {
		b.Run("kintone-sql/"+format, func(b *testing.B) {
			measure(b, func() *exec.Cmd {
				return exec.Command(bin, "export", "--quiet", "--dsn", dsn, "--out", filepath.Join(dir, "out."+format), "bench")
			})
		})
	}
	if cli := os.Getenv("EXPORT_BENCH_CLI"); cli != "" {
		b.Run("cli-kintone/csv", func(b *testing.B) {
			measure(b, func() *exec.Cmd {
				c := exec.Command("sh", "-c", `"$0" record export --base-url "$1" --username "$2" --password "$3" --app "$4" > "$5"`,
					cli, url, kt.DefaultUser, kt.DefaultPassword, strconv.FormatInt(app, 10), filepath.Join(dir, "cli.csv"))
				return c
			})
		})
	}
}

package kintone

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
)

// basicPair is the value of X-Cybozu-Authorization for user and password.
func basicPair(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// readBenchChildEnv carries the DSN to TestReadBenchChild, the driver scan
// BenchmarkReadsVsOfficialTools runs in a process of its own so that its
// RSS and CPU time are the driver's alone (the emulator holds every record).
const readBenchChildEnv = "KINTONE_READBENCH_DSN"

// TestReadBenchChild scans table Big of the DSN in readBenchChildEnv and
// prints "rows seconds"; it does nothing in a normal test run.
func TestReadBenchChild(t *testing.T) {
	dsn := os.Getenv(readBenchChildEnv)
	if dsn == "" {
		t.Skip("run by BenchmarkReadsVsOfficialTools")
	}
	db, err := sql.Open("kintone", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queryStrings(t, db, "SELECT n FROM Big LIMIT 1") // schema
	cpu0 := cpuTime()
	start := time.Now()
	var st engine.Stats
	rows, err := db.QueryContext(WithStats(context.Background(), &st), "SELECT n, label FROM Big")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var (
		v     int64
		label string
	)
	for rows.Next() {
		if err := rows.Scan(&v, &label); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	secs, cpu, rss := time.Since(start).Seconds(), cpuTime()-cpu0, peakRSSKB(t)
	var jsonCPU time.Duration // the yardstick in a process like this one
	if f := strings.Fields(os.Getenv(readBenchJSONEnv)); len(f) == 2 {
		app, _ := strconv.ParseInt(f[1], 10, 64)
		jsonCPU = encodingJSONCPU(t, f[0], app, n)
	}
	fmt.Printf("READBENCH %d %.3f %d %d %d %d\n", n, secs, st.Requests.Load(), rss, cpu, jsonCPU)
}

// readBenchJSONEnv carries "baseURL appID" to TestReadBenchChild, which
// then also measures encoding/json on a page of that app after its scan:
// the yardstick measured in a process of the same small heap (the
// benchmark's own process holds the emulator's records, which makes its
// garbage collections rarer).
const readBenchJSONEnv = "KINTONE_READBENCH_JSON"

// peakRSSKB reads the process's peak resident set (VmHWM). The rusage of a
// child is no use here: Linux carries the parent's peak over the exec.
func peakRSSKB(t testing.TB) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// BenchmarkReadsVsOfficialTools scans KINTONE_BENCH_RECORDS records
// (default 100,000; a NUMBER and a text field) from the emulator with 300 ms
// of latency per request, the service time of a kintone page, side by side:
// the driver (default MaxConcurrency, 16 and 32), cli-kintone record export and
// js-sdk getAllRecords (skipped when testdata/readbench has no node_modules:
// npm ci --prefix testdata/readbench). Reported per tool: seconds per scan,
// requests per scan; for the driver also its process's peak RSS and CPU per
// record as a multiple of encoding/json decoding the same pages into
// map[string]any, measured in the driver's process after its scan
// (CPU-vs-json-maps) and in the benchmark's own, which holds the emulator
// (CPU-vs-json-maps-in-server-process). Run with -benchtime=1x.
func BenchmarkReadsVsOfficialTools(b *testing.B) {
	n := 100_000
	if s := os.Getenv("KINTONE_BENCH_RECORDS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	srv := kintonetest.NewServer()
	defer srv.Close()
	app := numberedApp(b, srv, "Big", n)
	base := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) // the official tools accept http only for localhost
	jsonCPU := encodingJSONCPU(b, base, app, n)
	srv.SetLatency(300 * time.Millisecond)

	for _, conc := range []int{DefaultMaxConcurrency, 16, 32} {
		b.Run(fmt.Sprintf("driver-MaxConcurrency-%d", conc), func(b *testing.B) {
			dsn := fmt.Sprintf("URL=%s;User=%s;Password=%s;MaxConcurrency=%d", base, kintonetest.DefaultUser, kintonetest.DefaultPassword, conc)
			for range b.N {
				args := []string{"-test.run=^TestReadBenchChild$", "-test.v"}
				if prof := os.Getenv("KINTONE_READBENCH_CPUPROFILE"); prof != "" {
					args = append(args, "-test.cpuprofile="+prof) // the driver's own profile
				}
				cmd := exec.Command(os.Args[0], args...)
				cmd.Env = append(os.Environ(), readBenchChildEnv+"="+dsn, fmt.Sprintf("%s=%s %d", readBenchJSONEnv, base, app))
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
				var rows, requests, rssKB int
				var secs float64
				var cpu, childJSONCPU time.Duration
				i := bytes.Index(out, []byte("READBENCH "))
				if i < 0 {
					b.Fatalf("no result in\n%s", out)
				}
				fmt.Sscanf(string(out[i:]), "READBENCH %d %f %d %d %d %d", &rows, &secs, &requests, &rssKB, &cpu, &childJSONCPU)
				if rows != n {
					b.Fatalf("driver read %d rows, want %d", rows, n)
				}
				b.ReportMetric(secs, "s/scan")
				b.ReportMetric(float64(requests), "requests/scan")
				b.ReportMetric(float64(rssKB)/1024, "peakRSS-MB")
				b.ReportMetric(float64(cpu)/float64(childJSONCPU), "CPU-vs-json-maps")
				b.ReportMetric(float64(cpu)/float64(jsonCPU), "CPU-vs-json-maps-in-server-process")
				b.Logf("driver scan CPU %v, encoding/json into maps of the same pages %v in the driver's process, %v in the server's", cpu, childJSONCPU, jsonCPU)
			}
		})
	}
	tools := filepath.Join("testdata", "readbench", "node_modules")
	if _, err := os.Stat(tools); err != nil {
		b.Logf("skipping the official tools: %v (npm ci --prefix testdata/readbench)", err)
		return
	}
	appID := strconv.FormatInt(app, 10)
	official := map[string][]string{
		"cli-kintone-record-export": {filepath.Join(tools, ".bin", "cli-kintone"), "record", "export", "--base-url", base,
			"--app", appID, "--username", kintonetest.DefaultUser, "--password", kintonetest.DefaultPassword, "--fields", "n,label"},
		"js-sdk-getAllRecords": {"node", filepath.Join("testdata", "readbench", "getall.mjs"), base, appID,
			kintonetest.DefaultUser, kintonetest.DefaultPassword},
	}
	for _, name := range []string{"cli-kintone-record-export", "js-sdk-getAllRecords"} {
		args := official[name]
		b.Run(name, func(b *testing.B) {
			for range b.N {
				before := srv.TotalRequests()
				start := time.Now()
				cmd := exec.Command(args[0], args[1:]...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("%v: %v\n%s", args, err, stderr.Bytes())
				}
				secs := time.Since(start).Seconds()
				lines := bytes.Count(out, []byte("\n"))
				if name == "js-sdk-getAllRecords" {
					lines, _ = strconv.Atoi(strings.TrimSpace(string(out)))
				} else {
					lines-- // CSV header
				}
				if lines != n {
					b.Fatalf("%s read %d records, want %d", name, lines, n)
				}
				b.ReportMetric(secs, "s/scan")
				b.ReportMetric(float64(srv.TotalRequests()-before), "requests/scan")
			}
		})
	}
}

// encodingJSONCPU fetches one 500-record page of app as kintone sends it
// and returns the CPU time encoding/json takes to decode n/500 such pages
// into map[string]any: the yardstick of the driver's CPU per record.
func encodingJSONCPU(b testing.TB, base string, app int64, n int) time.Duration {
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/k/v1/records.json?app=%d&fields[0]=n&fields[1]=label&fields[2]=$id&query=limit%%20500", base, app), nil)
	req.Header.Set("X-Cybozu-Authorization", basicPair(kintonetest.DefaultUser, kintonetest.DefaultPassword))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("page: %v %d %s", err, resp.StatusCode, page)
	}
	start := cpuTime()
	for range (n + 499) / 500 {
		var v map[string]any
		if err := json.NewDecoder(bytes.NewReader(page)).Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
	return cpuTime() - start
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

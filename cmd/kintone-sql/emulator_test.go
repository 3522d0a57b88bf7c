package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// emuStart runs the emulator subcommand with args in the background and
// returns its base URL; the emulator stops when the test ends.
func emuStart(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		err := runEmulator(ctx, args, pw, &stderr)
		_ = pw.CloseWithError(io.EOF)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("runEmulator: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("emulator did not stop after its context ended")
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading banner: %v (stderr: %s)", err, stderr.String())
	}
	const prefix = "kintone emulator listening on "
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("banner = %q", line)
	}
	url, _, _ := strings.Cut(strings.TrimPrefix(line, prefix), " ")
	return url
}

// lockedBuffer is a bytes.Buffer safe for the emulator goroutine and the
// test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// emuGet sends a GET with the given headers and decodes a JSON answer.
func emuGet(t *testing.T, client *http.Client, url string, header http.Header) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func passwordHeader(login, password string) http.Header {
	h := http.Header{}
	h.Set("X-Cybozu-Authorization", base64.StdEncoding.EncodeToString([]byte(login+":"+password)))
	return h
}

func TestEmulatorServesDemo(t *testing.T) {
	url := emuStart(t, "--demo", "--addr", "127.0.0.1:0", "--api-token", "DEAL:cli-token-for-deals")
	tokenHeader := http.Header{}
	tokenHeader.Set("X-Cybozu-API-Token", "cli-token-for-deals")
	demoToken := http.Header{}
	demoToken.Set("X-Cybozu-API-Token", demo.TokenDeals)
	// Deals is the second app Seed creates.
	const dealsID = "2"
	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"default administrator", passwordHeader("Administrator", "cybozu"), http.StatusOK},
		{"demo user", passwordHeader(demo.DemoUser, demo.DemoPassword), http.StatusOK},
		{"--api-token", tokenHeader, http.StatusOK},
		{"demo token", demoToken, http.StatusOK},
		{"wrong password", passwordHeader("Administrator", "nope"), http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := emuGet(t, http.DefaultClient, url+"/k/v1/records.json?app="+dealsID+"&totalCount=true", tc.header)
			if status != tc.want {
				t.Fatalf("status = %d, want %d (%v)", status, tc.want, body)
			}
			if tc.want != http.StatusOK {
				return
			}
			if got := body["totalCount"]; got != "200" {
				t.Errorf("totalCount = %v, want \"200\"", got)
			}
			recs, _ := body["records"].([]any)
			if len(recs) != 100 {
				t.Fatalf("got %d records, want the default page of 100", len(recs))
			}
			first, _ := recs[0].(map[string]any)
			if _, ok := first["案件名"]; !ok {
				t.Errorf("a Deals record has no 案件名 field: %v", first)
			}
		})
	}
}

func TestEmulatorOptions(t *testing.T) {
	t.Run("custom user replaces Administrator", func(t *testing.T) {
		url := emuStart(t, "--user", "Administrator:s3cret", "--user", "alice:pw")
		for _, tc := range []struct {
			login, pass string
			want        int
		}{
			{"Administrator", "cybozu", http.StatusUnauthorized},
			{"Administrator", "s3cret", http.StatusOK},
			{"alice", "pw", http.StatusOK},
		} {
			status, _ := emuGet(t, http.DefaultClient, url+"/k/v1/apps.json", passwordHeader(tc.login, tc.pass))
			if status != tc.want {
				t.Errorf("%s: status = %d, want %d", tc.login, status, tc.want)
			}
		}
	})
	t.Run("basic auth", func(t *testing.T) {
		url := emuStart(t, "--basic-auth", "gate:keeper")
		h := passwordHeader("Administrator", "cybozu")
		if status, _ := emuGet(t, http.DefaultClient, url+"/k/v1/apps.json", h); status != http.StatusUnauthorized {
			t.Errorf("without Basic: status = %d, want 401", status)
		}
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("gate:keeper")))
		if status, _ := emuGet(t, http.DefaultClient, url+"/k/v1/apps.json", h); status != http.StatusOK {
			t.Errorf("with Basic: status = %d, want 200", status)
		}
	})
	t.Run("tls", func(t *testing.T) {
		url := emuStart(t, "--tls", "--addr", "localhost:0")
		if !strings.HasPrefix(url, "https://localhost:") {
			t.Fatalf("url = %q, want https://localhost:PORT", url)
		}
		// The self-signed test certificate is not trusted by the system.
		client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		if status, _ := emuGet(t, client, url+"/k/v1/apps.json", passwordHeader("Administrator", "cybozu")); status != http.StatusOK {
			t.Errorf("status = %d, want 200", status)
		}
	})
	t.Run("fault injection", func(t *testing.T) {
		url := emuStart(t, "--fault-rate", "1", "--fault-kinds", "520")
		status, body := emuGet(t, http.DefaultClient, url+"/k/v1/apps.json", passwordHeader("Administrator", "cybozu"))
		if status != 520 || body["code"] != "GAIA_DA02" {
			t.Errorf("got %d %v, want 520 GAIA_DA02", status, body["code"])
		}
	})
}

func TestEmulatorFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--user", "alice"}, "--user wants login:password"},
		{[]string{"--api-token", "nocolon"}, "--api-token wants APP:TOKEN"},
		{[]string{"--fault-kinds", "429,teapot"}, `unknown kind "teapot"`},
		{[]string{"--fault-rate", "2"}, "between 0 and 1"},
		{[]string{"--tls-cert", "c.pem"}, "go together"},
		{[]string{"--api-token", "DEAL:secret-token"}, `unknown app "DEAL"`},
		{[]string{"stray"}, `unexpected argument "stray"`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"emulator"}, tc.args...), &stdout, &stderr)
			if code == 0 {
				t.Fatalf("exit code 0, want an error")
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want it to mention %q", stderr.String(), tc.want)
			}
			if strings.Contains(stderr.String(), "secret") {
				t.Errorf("stderr leaks a secret: %q", stderr.String())
			}
		})
	}
}

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"shell", "-h"}, 0, "", "-format"},
		{[]string{"help"}, 0, "emulator", ""},
		{[]string{"bogus"}, 2, "", `unknown command "bogus"`},
		{[]string{"emulator", "-h"}, 0, "", "-fault-kinds"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tc.args, &stdout, &stderr); code != tc.code {
				t.Errorf("exit code = %d, want %d", code, tc.code)
			}
			if !strings.Contains(stdout.String(), tc.inStdout) || !strings.Contains(stderr.String(), tc.inStderr) {
				t.Errorf("stdout %q / stderr %q, want %q / %q", stdout.String(), stderr.String(), tc.inStdout, tc.inStderr)
			}
		})
	}
}

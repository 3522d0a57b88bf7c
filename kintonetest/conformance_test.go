package kintonetest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// conformanceDir holds the Node script driving the official JS client.
var conformanceDir = filepath.Join("..", "testdata", "conformance")

// conformanceApp is one app as the Node script sees it.
type conformanceApp struct {
	ID           int64  `json:"id"`
	Name         string `json:"name,omitempty"`
	Code         string `json:"code,omitempty"`
	Token        string `json:"token,omitempty"`
	Count        int    `json:"count"`
	SpaceID      int64  `json:"spaceId,omitempty"`
	GuestSpaceID int64  `json:"guestSpaceId,omitempty"`
}

func conformanceAppOf(a demo.App) conformanceApp {
	return conformanceApp{ID: a.ID, Name: a.Name, Code: a.Code, Token: a.Token, Count: len(a.RecordIDs),
		SpaceID: a.SpaceID, GuestSpaceID: a.GuestSpaceID}
}

// localhostURL is the base URL of a loopback listener under the name
// "localhost": the JS client allows plain http only for that host.
func localhostURL(ln net.Listener) string {
	return fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
}

// conformanceFaultServer starts a server failing every request with kind
// and returns its base URL.
func conformanceFaultServer(t *testing.T, kind kintonetest.FaultKind) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kintonetest.NewServer(kintonetest.WithListener(ln),
		kintonetest.WithFaults(kintonetest.Faults{Rate: 1, Kinds: []kintonetest.FaultKind{kind}}))
	t.Cleanup(srv.Close)
	return localhostURL(ln)
}

// TestConformanceJSClient runs testdata/conformance/conformance.mjs, which
// drives the server through @kintone/rest-api-client. It needs Node and
// `npm ci` in testdata/conformance (done by .ci/run), so it runs only with
// KINTONE_CONFORMANCE=1.
func TestConformanceJSClient(t *testing.T) {
	if os.Getenv("KINTONE_CONFORMANCE") != "1" {
		t.Skip("set KINTONE_CONFORMANCE=1 to run the @kintone/rest-api-client conformance script (needs node and `npm ci` in testdata/conformance)")
	}
	if _, err := os.Stat(filepath.Join(conformanceDir, "node_modules", "@kintone", "rest-api-client")); err != nil {
		t.Fatalf("KINTONE_CONFORMANCE=1 but %s has no node_modules/@kintone/rest-api-client: run `npm ci` there first (.ci/run does): %v",
			conformanceDir, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("KINTONE_CONFORMANCE=1 but node is not on PATH: %v", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := kintonetest.NewUnstartedServer(kintonetest.WithListener(ln))
	tenant, err := demo.Seed(srv)
	if err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	bulkID, err := srv.CreateApp(kintonetest.AppSpec{Name: "Conformance bulk", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "n"},
		{Type: kintonetest.TypeSingleLineText, Code: "label"},
		{Type: kintonetest.TypeDropDown, Code: "bucket", Options: []string{"a", "b", "c"}},
	}})
	if err != nil {
		t.Fatalf("CreateApp: %v", err)
	}
	srv.Start()
	defer srv.Close()

	tenantJSON, err := json.Marshal(map[string]any{
		"customers":       conformanceAppOf(tenant.Customers),
		"deals":           conformanceAppOf(tenant.Deals),
		"tasks":           conformanceAppOf(tenant.Tasks),
		"partnerRequests": conformanceAppOf(tenant.PartnerRequests),
		"bulk":            conformanceApp{ID: bulkID},
		"readOnlyToken":   demo.TokenDealsReadOnly,
		"userPassword":    demo.UserPassword,
		"demoUser":        demo.DemoUser,
		"demoPassword":    demo.DemoPassword,
	})
	if err != nil {
		t.Fatal(err)
	}
	faultURL := conformanceFaultServer(t, kintonetest.FaultUnavailable)
	busyURL := conformanceFaultServer(t, kintonetest.FaultTooManyRequests)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "conformance.mjs")
	cmd.Dir = conformanceDir
	cmd.Env = append(os.Environ(),
		"KINTONE_BASE_URL="+localhostURL(ln),
		"KINTONE_FAULT_URL="+faultURL,
		"KINTONE_BUSY_URL="+busyURL,
		"KINTONE_USERNAME="+kintonetest.DefaultUser,
		"KINTONE_PASSWORD="+kintonetest.DefaultPassword,
		"KINTONE_DEMO="+string(tenantJSON),
	)
	out, err := cmd.CombinedOutput()
	t.Logf("conformance.mjs output:\n%s", out)
	if err != nil {
		var fails []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "FAIL ") {
				fails = append(fails, line)
			}
		}
		t.Fatalf("conformance.mjs: %v\n%s", err, strings.Join(fails, "\n"))
	}
}

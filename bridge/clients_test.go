package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clientsEnv makes the tests that drive the bridge with external clients
// (the mariadb command line, SQLAlchemy + PyMySQL) fail instead of skip
// when a client is missing; .ci/run sets it after installing them.
const clientsEnv = "KINTONE_BRIDGE_CLIENTS"

// needTool returns the first of the candidate programs that runs the
// probe arguments successfully, skipping the test when none does (failing
// when clientsEnv is set).
func needTool(t *testing.T, names []string, probe ...string) string {
	t.Helper()
	var err error
	for _, name := range names {
		var path string
		if path, err = exec.LookPath(name); err != nil {
			continue
		}
		if err = exec.Command(path, probe...).Run(); err == nil {
			return path
		}
	}
	if os.Getenv(clientsEnv) != "" {
		t.Fatalf("%s is needed (%s is set): %v", names[0], clientsEnv, err)
	}
	t.Skipf("%s is not available (%v); .ci/run installs it and sets %s", names[0], err, clientsEnv)
	return ""
}

// TestMariaDBClient drives the bridge with the mariadb command-line client.
func TestMariaDBClient(t *testing.T) {
	mariadb := needTool(t, []string{"mariadb"}, "--version")
	f := startDemo(t)
	host, port, _ := strings.Cut(f.addr, ":")
	run := func(sql string) string {
		cmd := exec.Command(mariadb, "-h", host, "-P", port, "-u", testUser, "kintone", "--batch", "-e", sql)
		cmd.Env = append(os.Environ(), "MYSQL_PWD="+testPassword)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s\n%s", sql, out)
		return string(out)
	}
	assert.Equal(t, "VERSION()\n"+ServerVersion+"\n", run("SELECT VERSION()"))
	assert.Contains(t, run("SHOW TABLES"), "\nDeals\n")
	out := run("SELECT `$id`, Stage, Amount, `Close date` FROM Deals WHERE `$id` = 1")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Equal(t, "$id\tStage\tAmount\tClose date", lines[0])
	_, want := rowsOf(t, f.kintone, "SELECT `$id`, Stage, Amount, `Close date` FROM Deals WHERE `$id` = 1")
	assert.Equal(t, strings.Join(want[0], "\t"), lines[1])
	assert.Contains(t, run("SHOW CREATE TABLE Deals"), "PRIMARY KEY (`$id`)")

	cmd := exec.Command(mariadb, "-h", host, "-P", port, "-u", testUser, "kintone", "-e", "SELECT nope FROM Deals")
	cmd.Env = append(os.Environ(), "MYSQL_PWD="+testPassword)
	bad, err := cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(bad), "ERROR 1054 (42S22)")
}

// TestSQLAlchemyReflection reflects the demo tenant with SQLAlchemy and
// PyMySQL as Superset does (testdata/bridge-clients/reflect.py).
func TestSQLAlchemyReflection(t *testing.T) {
	python := needTool(t, []string{"/usr/bin/python3", "python3"}, "-c", "import pymysql, sqlalchemy") // Debian's packages
	f := startDemo(t)
	script, err := filepath.Abs("../testdata/bridge-clients/reflect.py")
	require.NoError(t, err)
	url := fmt.Sprintf("mysql+pymysql://%s:%s@%s/kintone", testUser, testPassword, f.addr)
	out, err := exec.Command(python, script, url).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("reflect.py: %v\n%s", err, exit.Stderr)
	}
	require.NoError(t, err)
	var got struct {
		Schemas    []string `json:"schemas"`
		Tables     []string `json:"tables"`
		HasDeals   bool     `json:"has_deals"`
		HasMissing bool     `json:"has_missing"`
		Columns    []struct {
			Name     string `json:"name"`
			Type     string `json:"type"`
			Nullable bool   `json:"nullable"`
		} `json:"columns"`
		PK      []string `json:"pk"`
		Version string   `json:"version"`
		Chart   [][]any  `json:"chart"`
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)
	assert.Contains(t, got.Schemas, "Kintone")
	assert.Contains(t, got.Tables, "Deals")
	assert.True(t, got.HasDeals)
	assert.False(t, got.HasMissing)
	assert.Equal(t, []string{"$id"}, got.PK)
	require.NotEmpty(t, got.Columns)
	assert.Equal(t, "$id", got.Columns[0].Name)
	assert.Equal(t, "BIGINT", got.Columns[0].Type)
	assert.False(t, got.Columns[0].Nullable)
	types := map[string]string{}
	for _, c := range got.Columns {
		types[c.Name] = c.Type
	}
	assert.Equal(t, "DECIMAL(65, 30)", types["Amount"])
	assert.Equal(t, "DATE", types["Close date"])
	assert.Equal(t, "DATETIME", types["作成日時"])
	assert.Equal(t, ServerVersion, got.Version)
	assert.NotEmpty(t, got.Chart)
}

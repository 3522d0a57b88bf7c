package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWithBeforeWriteRunsAsWrite checks that the shell runs WITH ...
// UPDATE and WITH ... DELETE as writes (reporting the rows changed), not
// as queries the driver refuses.
func TestWithBeforeWriteRunsAsWrite(t *testing.T) {
	t.Setenv("KINTONE_DSN", "")
	code, stdout, stderr := runCLI(t,
		"-c", "WITH big AS (SELECT $id FROM Deals WHERE amount > 2000000) UPDATE Deals SET stage = '受注' WHERE $id IN (SELECT $id FROM big)",
		"-c", "WITH big AS (SELECT $id FROM Deals WHERE amount > 2000000) DELETE FROM Deals WHERE $id IN (SELECT $id FROM big)",
		"-c", "SELECT COUNT(*) AS n FROM Deals WHERE amount > 2000000")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "UPDATE 2")
	require.Contains(t, stdout, "DELETE 2")
	require.Contains(t, stdout, " 0\n(1 row)")
}

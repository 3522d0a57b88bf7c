package kintone

import (
	"context"
	"database/sql"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are SQL expressions and statements that once crashed, hung or
// exhausted memory, plus a few ordinary ones for the fuzzer to mutate.
var fuzzSeeds = []string{
	"LPAD('x', 9223372036854775807, 'y')",
	"RPAD(label, -9223372036854775808, 'y')",
	"LPAD('x', 2000000000, 'y')",
	"REPEAT(REPEAT('x', 1048576), 1048576)",
	"SPACE(1e30)",
	"CONCAT(REPEAT('ab', 20000000), REPEAT('ab', 20000000))",
	"REPLACE(REPEAT('a', 1000000), 'a', REPEAT('b', 1000))",
	strings.Repeat("NOT ", 20000) + "n = 1",
	strings.Repeat("-", 30000) + "1",
	"SUBSTRING('abc', -9223372036854775808, 9223372036854775807)",
	"-9223372036854775808 DIV -1",
	"9223372036854775807 + 1",
	"CAST('1e400' AS DECIMAL(65, 30))",
	"CAST('1e1000000000' AS DECIMAL)",
	"'1e-1000000000' + 1",
	"CAST(REPEAT('9', 10000000) AS DECIMAL)",
	"JSON_CONTAINS('[1e1000000000]', '1')",
	"DATE_ADD('2024-01-01', INTERVAL 9223372036854775807 DAY)",
	"JSON_EXTRACT('[[[[[[1]]]]]]', '$[0][0][0]')",
	"n BETWEEN 1 AND 3 OR label LIKE 'r%'",
	"SELECT n, COUNT(*) FROM Nums GROUP BY n HAVING COUNT(*) > 0 ORDER BY n DESC LIMIT 3",
	"SELECT * FROM Nums a JOIN Nums b ON a.n = b.n WHERE a.n IN (SELECT n FROM Nums WHERE n < 3)",
	"UPDATE Nums SET label = CONCAT(label, '!') WHERE n < 3",
	"DELETE FROM Nums WHERE n = 1",
	"INSERT INTO Nums (n, label) VALUES (1, 'a'), (2, REPEAT('b', 10))",
}

// FuzzSQL runs random SQL through planning and evaluation against the
// in-process emulator, both as a statement and as an expression of
// SELECT ... FROM Nums. Any panic fails it, and so does a statement that
// runs 10 s or allocates 512 MB: an error or a result is fine. Writes run
// inside a transaction that is rolled back, so the data stays small.
func FuzzSQL(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	srv := startServer(f)
	numberedApp(f, srv, "Nums", 20)
	db, _ := openDB(f, srv, serverConfig(srv))
	f.Fuzz(func(t *testing.T, text string) {
		fuzzOne(t, db, text)
		fuzzOne(t, db, "SELECT ("+text+") FROM Nums WHERE n < 4")
	})
}

// fuzzOne runs one statement within the budget: reads through Query (at
// most 1,000 rows), writes through Exec in a rolled-back transaction.
func fuzzOne(t *testing.T, db *sql.DB, text string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	verb := strings.ToUpper(strings.TrimSpace(text))
	if strings.HasPrefix(verb, "INSERT") || strings.HasPrefix(verb, "UPDATE") || strings.HasPrefix(verb, "DELETE") ||
		strings.HasPrefix(verb, "REPLACE") {
		if tx, err := db.BeginTx(ctx, nil); err == nil {
			_, _ = tx.ExecContext(ctx, text)
			_ = tx.Rollback()
		}
	} else if rows, err := db.QueryContext(ctx, text); err == nil {
		for n := 0; n < 1000 && rows.Next(); n++ {
		}
		_ = rows.Close()
	}
	runtime.ReadMemStats(&after)
	if d := time.Since(start); d > 10*time.Second || ctx.Err() != nil {
		t.Fatalf("%.200q ran %v, over the 10 s budget", text, d)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 512<<20 {
		t.Fatalf("%.200q allocated %d MB, over the 512 MB budget", text, n>>20)
	}
}

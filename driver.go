// Package kintone is a database/sql driver for kintone, Cybozu's cloud
// database. Apps are tables, fields are columns, and SELECT statements are
// translated into kintone queries (with the rest evaluated client-side).
//
// Open a database with a CData-style connection string (see ParseDSN):
//
//	db, err := sql.Open("kintone", "URL=https://example.cybozu.com;User=alice;PasswordEnv=KINTONE_PASSWORD")
//	rows, err := db.QueryContext(ctx, "SELECT `会社名`, `従業員数` FROM `顧客` WHERE `従業員数` > ?", 100)
//
// or build a Config in code and use NewConnector with sql.OpenDB:
//
//	cfg := kintone.NewConfig()
//	cfg.URL, cfg.APITokens, cfg.AppIDs = "https://example.cybozu.com", []string{token}, []int64{12}
//	c, err := kintone.NewConnector(cfg, kintone.WithLogger(logger))
//	db := sql.OpenDB(c)
//
// Arguments use ? placeholders; named parameters are not supported. Values
// scan as int64, float64, string (exact decimals for NUMBER and CALC), bool,
// time.Time (UTC) and []byte; empty kintone values are NULL. WithStats
// collects the request and record counts of a statement.
//
// INSERT, UPDATE and DELETE run through Exec; each statement writes at most
// 2,000 records per atomic kintone call, UPDATE and DELETE check the
// revisions they read (ErrConflict), and transactions send all their writes
// in one atomic bulkRequest at Commit. WithWriteReport returns the ids of
// new records; UploadFile and DownloadFile handle attachments.
package kintone

import (
	"database/sql"
	"database/sql/driver"
)

// DriverName is the name the driver is registered under with database/sql.
const DriverName = "kintone"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver for kintone, registered as "kintone".
type Driver struct{}

// Compile-time checks of the driver interfaces.
var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// Open returns a new connection for the connection string dsn, with its own
// HTTP client and schema cache that its Close releases. database/sql
// prefers OpenConnector, which parses dsn and builds them once per sql.DB.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	c, err := NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, ownsConnector: true, id: connIDs.Add(1)}, nil
}

// OpenConnector parses dsn (see ParseDSN) and returns a Connector for it.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	cfg, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg)
}

package main

import (
	"fmt"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// demoTenant is the in-process kintone emulator seeded with the demo data,
// which the shell uses when it is given no connection string.
type demoTenant struct {
	srv *kintonetest.Server
	dsn string
}

// startDemo starts the emulator on a loopback port and seeds the demo
// tenant (see kintonetest/demo); the DSN logs in as the emulator's
// administrator over plain HTTP, which the driver allows for loopback.
func startDemo() (*demoTenant, error) {
	srv := kintonetest.NewServer()
	if _, err := demo.Seed(srv); err != nil {
		srv.Close()
		return nil, fmt.Errorf("starting the demo tenant: %w", err)
	}
	dsn := fmt.Sprintf("Url=%s;User=%s;Password=%s", srv.URL, kintonetest.DefaultUser, kintonetest.DefaultPassword)
	return &demoTenant{srv: srv, dsn: dsn}, nil
}

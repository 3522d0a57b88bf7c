package bridge_test

import (
	"database/sql"
	"log"
	"net"

	_ "github.com/kintone-sql/kintone" // registers the "kintone" driver
	"github.com/kintone-sql/kintone/bridge"
)

// Serve a kintone tenant to MySQL clients on a loopback port: any MySQL
// client or BI tool then connects with user "bi", database Kintone.
func ExampleServer() {
	db, err := sql.Open("kintone", "Url=https://example.cybozu.com;User=me;Password=secret")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:3306")
	if err != nil {
		log.Fatal(err)
	}
	srv := &bridge.Server{DB: db, Accounts: map[string]string{"bi": "a long secret"}}
	defer srv.Close()
	if err := srv.Serve(ln); err != nil && err != bridge.ErrServerClosed {
		log.Fatal(err)
	}
}

module github.com/kintone-sql/kintone

go 1.24.0

require (
	github.com/DATA-DOG/go-sqlmock v1.5.2 // indirect
	github.com/creack/pty v1.1.24 // indirect
	github.com/ergochat/readline v0.1.3 // indirect
	github.com/mattn/go-runewidth v0.0.16 // indirect
	github.com/rivo/uniseg v0.2.0 // indirect
	github.com/shopspring/decimal v1.4.0 // indirect
	github.com/xwb1989/sqlparser v0.0.0-20180606152119-120387863bf2 // indirect
	golang.org/x/crypto v0.45.0 // indirect
	golang.org/x/sys v0.38.0 // indirect
	golang.org/x/term v0.37.0 // indirect
	golang.org/x/text v0.31.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.7.4 // indirect
)

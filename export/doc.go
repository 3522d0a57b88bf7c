// Package export copies query results and kintone apps out of the driver
// into files — CSV, TSV, JSON Lines and Parquet — whole, in numbered parts,
// or incrementally into a local SQLite copy (Sync).
//
// Everything reads through database/sql with this module's driver, so an
// export uses the same scans (paging, retries, parallel reads) as any
// query. Column types come from the driver's column types; when the rows
// are a whole app table, the table's kintone field types refine them (for
// instance CHECK_BOX becomes a list of strings in Parquet).
package export

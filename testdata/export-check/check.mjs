// Reads a Parquet file with DuckDB and prints its columns (DuckDB's type
// names) and rows as JSON, each value as text in one fixed form:
// timestamps as epoch milliseconds, lists and JSON as JSON text, the rest
// as DuckDB casts them to VARCHAR. The Go test compares this with the
// driver's rows.
import { DuckDBInstance } from '@duckdb/node-api';

const path = process.argv[2];
if (!path) {
  console.error('usage: node check.mjs FILE.parquet');
  process.exit(2);
}
const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';
const source = `read_parquet(${quote(path)})`;

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
const columns = described.getRowObjects().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
const exprs = columns.map(({ name, type }) => {
  const c = ident(name);
  if (type.startsWith('TIMESTAMP')) return `CAST(epoch_ms(${c}) AS VARCHAR)`;
  if (type.endsWith('[]') || type === 'JSON') return `CAST(to_json(${c}) AS VARCHAR)`;
  return `CAST(${c} AS VARCHAR)`;
});
const data = await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${source}`);
const rows = data.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
process.stdout.write(JSON.stringify({ columns, rows }));

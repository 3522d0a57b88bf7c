"""Superset-style reflection through the kintone-sql MySQL bridge.

Usage: python3 reflect.py mysql+pymysql://user:password@127.0.0.1:port/kintone

Connects with SQLAlchemy + PyMySQL (what Superset uses), reflects the
schemas, tables, columns and primary key of Deals as Superset's dataset
editor does, runs a chart-style query, and prints what it saw as JSON for
the Go test (bridge/clients_test.go) to check.
"""
import json
import sys

import sqlalchemy as sa

engine = sa.create_engine(sys.argv[1])
insp = sa.inspect(engine)
out = {
    "schemas": insp.get_schema_names(),
    "tables": insp.get_table_names(),
    "has_deals": insp.has_table("Deals"),
    "has_missing": insp.has_table("NoSuchTable"),
    "columns": [
        {"name": c["name"], "type": str(c["type"]), "nullable": c["nullable"]}
        for c in insp.get_columns("Deals")
    ],
    "pk": insp.get_pk_constraint("Deals")["constrained_columns"],
}
with engine.connect() as conn:
    out["version"] = conn.execute(sa.text("SELECT VERSION()")).scalar()
    rows = conn.execute(sa.text(
        "SELECT `Stage`, COUNT(*) AS `count` FROM `kintone`.`Deals` "
        "WHERE `Amount` > :min GROUP BY `Stage` ORDER BY `count` DESC LIMIT 10000"), {"min": 0}).fetchall()
    out["chart"] = [[r[0], int(r[1])] for r in rows]
json.dump(out, sys.stdout, ensure_ascii=False)

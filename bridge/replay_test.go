package bridge

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/go-mysql-org/go-mysql/client"
	gmysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// step is one statement a tool sends, verbatim from its source (see the
// README's BI section), and what the tool reads from the answer.
type step struct {
	sql string
	// check inspects the columns and rows (nil: success is enough).
	check func(t *testing.T, cols []string, rows [][]string)
}

// rowCount checks the number of rows.
func rowCount(n int) func(*testing.T, []string, [][]string) {
	return func(t *testing.T, _ []string, rows [][]string) { assert.Len(t, rows, n) }
}

// columns checks the column names and that there is at least one row.
func columns(names ...string) func(*testing.T, []string, [][]string) {
	return func(t *testing.T, cols []string, rows [][]string) {
		assert.Equal(t, names, cols)
		assert.NotEmpty(t, rows)
	}
}

// value checks the first row's value of a column.
func value(col, want string) func(*testing.T, []string, [][]string) {
	return func(t *testing.T, cols []string, rows [][]string) {
		i := indexOf(cols, col)
		require.GreaterOrEqual(t, i, 0, "column %s in %v", col, cols)
		require.NotEmpty(t, rows)
		assert.Equal(t, want, rows[0][i])
	}
}

func indexOf(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}

// toolSequences are the connect, test, sync and chart statements of each
// tool, in the order it sends them.
var toolSequences = map[string][]step{
	"Metabase (MariaDB Connector/J 2.7)": {
		{sql: "SHOW VARIABLES WHERE Variable_name in ('max_allowed_packet','system_time_zone','time_zone','auto_increment_increment')", check: rowCount(4)},
		{sql: "SELECT 1", check: value("1", "1")},
		{sql: "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED"},
		{sql: "SET @@session.time_zone = 'UTC';"},
		{sql: "select database()", check: value("database()", "Kintone")},
		{sql: "SELECT @@tx_isolation", check: value("@@tx_isolation", "READ-UNCOMMITTED")},
		{sql: "SELECT TABLE_SCHEMA TABLE_CAT, NULL TABLE_SCHEM, TABLE_NAME, IF(TABLE_TYPE='BASE TABLE' or TABLE_TYPE='SYSTEM VERSIONED', 'TABLE', IF(TABLE_TYPE='TEMPORARY', 'LOCAL TEMPORARY', TABLE_TYPE)) as TABLE_TYPE, TABLE_COMMENT REMARKS, NULL TYPE_CAT, NULL TYPE_SCHEM, NULL TYPE_NAME, NULL SELF_REFERENCING_COL_NAME, NULL REF_GENERATION FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = database() AND  TABLE_TYPE IN ('BASE TABLE','SYSTEM VERSIONED','PARTITIONED TABLE','VIEW','FOREIGN TABLE','MATERIALIZED VIEW','EXTERNAL TABLE','DYNAMIC_TABLE') ORDER BY TABLE_TYPE, TABLE_SCHEMA, TABLE_NAME",
			check: func(t *testing.T, cols []string, rows [][]string) {
				assert.Equal(t, "TABLE_NAME", cols[2])
				var names []string
				for _, r := range rows {
					names = append(names, r[2])
				}
				assert.Contains(t, names, "Deals")
			}},
		{sql: "SELECT @@GLOBAL.time_zone AS global_tz, @@system_time_zone AS system_tz, time_format(   timediff(      now(), convert_tz(now(), @@GLOBAL.time_zone, '+00:00')   ),   '%H:%i' ) AS 'offset';",
			check: func(t *testing.T, cols []string, rows [][]string) {
				assert.Equal(t, []string{"global_tz", "system_tz", "offset"}, cols)
				assert.Equal(t, [][]string{{"SYSTEM", "UTC", "00:00"}}, rows)
			}},
		{sql: "SELECT TRUE AS `_` FROM `Deals` WHERE 1 <> 1 LIMIT 0", check: rowCount(0)},
		{sql: "SELECT `c`.`column_name` AS `name`, `c`.`ordinal_position` - 1 AS `database-position`, NULL AS `table-schema`, `c`.`table_name` AS `table-name`, IF(`column_type` = 'tinyint(1)', 'BIT', UPPER(`c`.`data_type`)) AS `database-type`, `c`.`extra` = 'auto_increment' AS `database-is-auto-increment`, ((`column_default` IS NULL) OR (LOWER(`column_default`) = 'null')) AND (`is_nullable` = 'NO') AND NOT (`c`.`extra` = 'auto_increment') AS `database-required`, `c`.`column_key` = 'PRI' AS `pk?`, `is_nullable` = 'YES' AS `database-is-nullable`, IF(LOWER(`column_default`) = 'null', NULL, `column_default`) AS `database-default`, (`generation_expression` IS NOT NULL) AND (`generation_expression` <> '') AS `database-is-generated`, NULLIF(`c`.`column_comment`, '') AS `field-comment` FROM `information_schema`.`columns` AS `c` WHERE c.table_schema not in ('information_schema','performance_schema','sys','mysql') AND c.table_name not in ('innodb_table_stats', 'innodb_index_stats') AND (`c`.`table_schema` = 'Kintone') AND (LOWER(`c`.`table_name`) IN ('deals')) ORDER BY `c`.`table_name` ASC, `c`.`ordinal_position` ASC",
			check: func(t *testing.T, cols []string, rows [][]string) {
				require.NotEmpty(t, rows)
				assert.Equal(t, []string{"$id", "0", "NULL", "Deals", "BIGINT", "1", "0", "1", "0", "NULL", "0", "field $id"}[:8], rows[0][:8])
				for _, r := range rows {
					for _, c := range []string{"database-is-auto-increment", "database-required", "pk?", "database-is-nullable", "database-is-generated"} {
						assert.Contains(t, []string{"0", "1"}, r[indexOf(cols, c)], "%s of %s is 0 or 1", c, r[0])
					}
				}
			}},
		{sql: "SELECT `a`.`column_name` AS `fk-column-name`, `a`.`referenced_table_name` AS `pk-table-name`, `a`.`referenced_column_name` AS `pk-column-name`, `a`.`table_name` AS `fk-table-name` FROM `information_schema`.`key_column_usage` AS `a` INNER JOIN `information_schema`.`table_constraints` AS `b` USING (`constraint_schema`, `constraint_name`, `table_name`) WHERE (`b`.`constraint_type` = 'FOREIGN KEY') AND (`a`.`referenced_table_schema` IS NOT NULL) ORDER BY `a`.`table_name` ASC", check: rowCount(0)},
		{sql: "SHOW VARIABLES LIKE 'partial_revokes';", check: value("Value", "OFF")},
		{sql: "SHOW VARIABLES LIKE 'time_zone'", check: value("Value", "UTC")},           // SET above
		{sql: "show global variables like 'time_zone'", check: value("Value", "SYSTEM")}, // unchanged
		{sql: "set @@SQL_SELECT_LIMIT=2"},
		{sql: "-- Metabase:: userID: 1 queryType: MBQL queryHash: 1a2b\nSELECT `Deals`.`Stage` AS `Stage`, COUNT(*) AS `count` FROM `Deals` GROUP BY `Deals`.`Stage` ORDER BY `Deals`.`Stage` ASC",
			check: rowCount(2)}, // capped by SQL_SELECT_LIMIT
		{sql: "-- Metabase:: userID: 1 queryType: MBQL queryHash: 1a2b\nSELECT `Deals`.`Stage` AS `Stage`, COUNT(*) AS `count` FROM `Deals` GROUP BY `Deals`.`Stage` ORDER BY `Deals`.`Stage` ASC LIMIT 1048575",
			check: rowCount(5)}, // the statement's LIMIT takes precedence, as in MySQL
		{sql: "SHOW TABLES", check: func(t *testing.T, _ []string, rows [][]string) { assert.Greater(t, len(rows), 2, "SHOW is not capped") }},
		{sql: "set @@SQL_SELECT_LIMIT=DEFAULT"},
		{sql: "-- Metabase:: userID: 1 queryType: MBQL queryHash: 3c4d\nSELECT CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`Deals`.`作成日時`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) AS `作成日時`, COUNT(*) AS `count` FROM `Deals` WHERE (`Deals`.`作成日時` >= '2000-01-01 00:00:00.0') AND (`Deals`.`作成日時` < '2100-01-01 00:00:00.0') GROUP BY CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`Deals`.`作成日時`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) ORDER BY CAST(STR_TO_DATE(CONCAT(DATE_FORMAT(`Deals`.`作成日時`, '%Y-%m'), '-01'), '%Y-%m-%d') AS datetime) ASC LIMIT 1048575",
			check: func(t *testing.T, cols []string, rows [][]string) {
				require.NotEmpty(t, rows)
				assert.Regexp(t, `^\d{4}-\d{2}-01 00:00:00$`, rows[0][0])
			}},
		{sql: "SELECT `Deals`.`Stage` AS `Stage` FROM `Deals` GROUP BY `Deals`.`Stage` ORDER BY `Deals`.`Stage` ASC LIMIT 1000", check: rowCount(5)},
	},
	"Grafana (go-sql-driver/mysql)": {
		{sql: "SET time_zone = 'UTC'"},
		{sql: "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY TABLE_NAME", check: columns("TABLE_NAME")},
		{sql: "SELECT DISTINCT TABLE_SCHEMA from information_schema.TABLES where TABLE_TYPE != 'SYSTEM VIEW' ORDER BY TABLE_SCHEMA", check: rowCount(2)},
		{sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = 'Kintone' ORDER BY table_name", check: columns("TABLE_NAME")},
		{sql: "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'Kintone' AND table_name = 'Deals' AND data_type IN ('timestamp','datetime','bigint','int','double','float') ORDER BY column_name", check: rowCount(4)},
		{sql: "SELECT UNIX_TIMESTAMP(`作成日時`) DIV 60 * 60 AS \"time\", count(`$id`) AS \"count\" FROM kintone.Deals WHERE `作成日時` BETWEEN FROM_UNIXTIME(1000000000) AND FROM_UNIXTIME(4000000000) GROUP BY 1 ORDER BY 1 LIMIT 50",
			check: func(t *testing.T, cols []string, rows [][]string) {
				assert.Equal(t, []string{"time", "count"}, cols)
				assert.NotEmpty(t, rows)
			}},
		{sql: "SELECT 'Stage' AS col_name, CAST(`Stage` AS CHAR) AS val FROM (SELECT DISTINCT `Stage` FROM `Deals` WHERE `Stage` IS NOT NULL ORDER BY `Stage` LIMIT 100) sub_0", check: rowCount(5)},
	},
	"Superset (SQLAlchemy + PyMySQL)": {
		{sql: "SET NAMES utf8mb4"},
		{sql: "SET AUTOCOMMIT = 0"},
		{sql: "SELECT VERSION()", check: value("VERSION()", ServerVersion)},
		{sql: "SELECT DATABASE()", check: func(t *testing.T, _ []string, rows [][]string) { assert.Equal(t, [][]string{{"Kintone"}}, rows) }},
		{sql: "SELECT @@transaction_isolation", check: value("@@transaction_isolation", "READ-COMMITTED")},
		{sql: "SELECT @@sql_mode", check: func(t *testing.T, _ []string, rows [][]string) { assert.NotContains(t, rows[0][0], "ANSI_QUOTES") }},
		{sql: "SELECT @@lower_case_table_names", check: value("@@lower_case_table_names", "0")},
		{sql: "SHOW schemas", check: columns("Database")},
		{sql: "SHOW FULL TABLES FROM `Kintone`", check: func(t *testing.T, cols []string, rows [][]string) {
			assert.Equal(t, []string{"Tables_in_Kintone", "Table_type"}, cols)
			assert.Contains(t, rows, []string{"Deals", "BASE TABLE"})
		}},
		{sql: "SHOW CREATE TABLE `Kintone`.`Deals`", check: func(t *testing.T, cols []string, rows [][]string) {
			assert.Equal(t, []string{"Table", "Create Table"}, cols)
			ddl := strings.Split(rows[0][1], "\n")
			assert.Equal(t, "CREATE TABLE `Deals` (", ddl[0])
			assert.True(t, strings.HasPrefix(ddl[1], "  `$id` bigint NOT NULL"), ddl[1])
			assert.Contains(t, ddl, "  PRIMARY KEY (`$id`)")
			assert.True(t, strings.HasPrefix(ddl[len(ddl)-1], ") ENGINE="))
		}},
		{sql: "SELECT CONNECTION_ID()"},
		{sql: "ROLLBACK"},
		{sql: "SELECT `Stage`, COUNT(*) AS `count` FROM `kintone`.`Deals` GROUP BY `Stage` ORDER BY `count` DESC LIMIT 10000", check: rowCount(5)},
		{sql: "SELECT DATE(DATE_SUB(`作成日時`, INTERVAL DAYOFMONTH(`作成日時`) - 1 DAY)) AS `__timestamp`, COUNT(*) AS `count` FROM `kintone`.`Deals` WHERE `作成日時` >= STR_TO_DATE('2000-01-01 00:00:00.000000', '%Y-%m-%d %H:%i:%s.%f') AND `作成日時` < STR_TO_DATE('2100-01-01 00:00:00.000000', '%Y-%m-%d %H:%i:%s.%f') GROUP BY DATE(DATE_SUB(`作成日時`, INTERVAL DAYOFMONTH(`作成日時`) - 1 DAY)) ORDER BY `count` DESC LIMIT 10000",
			check: columns("__timestamp", "count")},
		{sql: "SELECT MAKEDATE(YEAR(`作成日時`), 1) + INTERVAL QUARTER(`作成日時`) QUARTER - INTERVAL 1 QUARTER AS `__timestamp` FROM `kintone`.`Deals` LIMIT 100", check: columns("__timestamp")},
	},
	"MySQL Connector/J (DBeaver, Tableau JDBC)": {
		{sql: "/* mysql-connector-j-9.1.0 (Revision: abc) */SELECT  @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@character_set_connection AS character_set_connection, @@character_set_results AS character_set_results, @@character_set_server AS character_set_server, @@collation_server AS collation_server, @@collation_connection AS collation_connection, @@init_connect AS init_connect, @@interactive_timeout AS interactive_timeout, @@license AS license, @@lower_case_table_names AS lower_case_table_names, @@max_allowed_packet AS max_allowed_packet, @@net_write_timeout AS net_write_timeout, @@performance_schema AS performance_schema, @@sql_mode AS sql_mode, @@system_time_zone AS system_time_zone, @@time_zone AS time_zone, @@transaction_isolation AS transaction_isolation, @@wait_timeout AS wait_timeout",
			check: func(t *testing.T, cols []string, rows [][]string) {
				assert.Len(t, cols, 19)
				assert.Equal(t, "auto_increment_increment", cols[0])
				assert.Equal(t, "1", rows[0][0])
				assert.Equal(t, "GPL", rows[0][indexOf(cols, "license")])
			}},
		{sql: "SET NAMES utf8mb4"},
		{sql: "SET character_set_results = NULL"},
		{sql: "SET autocommit=1"},
		{sql: "SET sql_mode='ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES'"},
		{sql: "SHOW DATABASES", check: columns("Database")},
		{sql: "SHOW FULL TABLES FROM `Kintone` LIKE '%'", check: columns("Tables_in_Kintone", "Table_type")},
		{sql: "SHOW FULL COLUMNS FROM `Deals` FROM `Kintone` LIKE '%'", check: func(t *testing.T, cols []string, rows [][]string) {
			assert.Equal(t, []string{"Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"}, cols)
			assert.Equal(t, []string{"$id", "bigint", "NULL", "NO", "PRI"}, rows[0][:5])
		}},
		{sql: "SHOW KEYS FROM `Deals` FROM `Kintone`", check: func(t *testing.T, cols []string, rows [][]string) {
			require.Len(t, rows, 1)
			assert.Equal(t, "PRIMARY", rows[0][indexOf(cols, "Key_name")])
			assert.Equal(t, "$id", rows[0][indexOf(cols, "Column_name")])
		}},
		{sql: "SELECT USER()", check: func(t *testing.T, _ []string, rows [][]string) { assert.Equal(t, [][]string{{"bi@127.0.0.1"}}, rows) }},
		{sql: "SELECT @@session.transaction_read_only", check: value("@@session.transaction_read_only", "0")},
		{sql: "SET sql_select_limit=DEFAULT"},
		{sql: "SELECT A.TABLE_SCHEMA TABLE_CAT, NULL TABLE_SCHEM, A.TABLE_NAME, A.COLUMN_NAME, B.SEQ_IN_INDEX KEY_SEQ, B.INDEX_NAME PK_NAME  FROM INFORMATION_SCHEMA.COLUMNS A, INFORMATION_SCHEMA.STATISTICS B WHERE A.COLUMN_KEY in ('PRI','pri') AND B.INDEX_NAME='PRIMARY'  AND A.TABLE_SCHEMA = database() AND B.TABLE_SCHEMA = database() AND A.TABLE_NAME = 'Deals' AND B.TABLE_NAME = 'Deals' AND A.TABLE_SCHEMA = B.TABLE_SCHEMA AND A.TABLE_NAME = B.TABLE_NAME AND A.COLUMN_NAME = B.COLUMN_NAME ORDER BY A.COLUMN_NAME",
			check: func(t *testing.T, _ []string, rows [][]string) {
				assert.Equal(t, [][]string{{"Kintone", "NULL", "Deals", "$id", "1", "PRIMARY"}}, rows)
			}},
		{sql: "SELECT SCHEMA_NAME TABLE_CAT FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY 1", check: rowCount(3)},
		{sql: "SELECT '' TABLE_SCHEM, '' TABLE_catalog  FROM DUAL WHERE 1=0", check: rowCount(0)},
		{sql: "SELECT 'TABLE' TABLE_TYPE UNION SELECT 'SYSTEM VIEW' TABLE_TYPE UNION SELECT 'VIEW' TABLE_TYPE UNION SELECT 'LOCAL TEMPORARY' TABLE_TYPE", check: rowCount(4)},
	},
	"MySQL ODBC (Tableau, Excel) and Connector/NET (Power BI)": {
		{sql: "SET SQL_AUTO_IS_NULL = 0"},
		{sql: "SHOW SESSION VARIABLES LIKE 'sql_mode'", check: rowCount(1)},
		{sql: "SELECT TABLE_NAME,TABLE_COMMENT,IF(TABLE_TYPE='BASE TABLE', 'TABLE', TABLE_TYPE),TABLE_SCHEMA FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA=DATABASE() AND ( TABLE_TYPE='BASE TABLE' OR TABLE_TYPE='VIEW' ) AND TABLE_NAME LIKE 'Deals' ORDER BY TABLE_SCHEMA, TABLE_NAME", check: rowCount(1)},
		{sql: "SELECT NULL, NULL, NULL, SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME LIKE '%'  ORDER BY SCHEMA_NAME", check: rowCount(3)},
		{sql: "SHOW KEYS FROM `Kintone`.`Deals`", check: rowCount(1)},
		{sql: "SELECT * FROM `Deals` WHERE 1=0", check: rowCount(0)},
		{sql: "SELECT @@max_allowed_packet, @@character_set_client, \n        @@character_set_connection, @@license, @@sql_mode, @@lower_case_table_names;",
			check: value("@@max_allowed_packet", "67108864")},
		{sql: "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())", check: func(t *testing.T, _ []string, rows [][]string) { assert.Equal(t, [][]string{{"00:00:00"}}, rows) }},
		{sql: "SELECT TABLE_SCHEMA as TABLE_CATALOG,TABLE_SCHEMA,TABLE_NAME,COLUMN_NAME,DATA_TYPE,COLUMN_TYPE as TYPE_NAME,CHARACTER_MAXIMUM_LENGTH,NUMERIC_PRECISION,NUMERIC_SCALE,IS_NULLABLE,COLUMN_DEFAULT,COLUMN_COMMENT,MAXLEN FROM information_schema.COLUMNS c LEFT JOIN information_schema.CHARACTER_SETS cs ON c.CHARACTER_SET_NAME = cs.CHARACTER_SET_NAME WHERE 1=1  AND c.TABLE_SCHEMA=DATABASE()  AND c.TABLE_NAME LIKE 'Deals' ORDER BY ORDINAL_POSITION",
			check: func(t *testing.T, cols []string, rows [][]string) {
				require.NotEmpty(t, rows)
				assert.Equal(t, []string{"$id", "bigint", "bigint"}, rows[0][3:6])
				assert.Equal(t, "NULL", rows[0][len(cols)-1], "no character set for a number")
				for _, r := range rows {
					if r[4] == "varchar" {
						assert.Equal(t, "4", r[len(cols)-1], "MAXLEN of utf8mb4")
					}
				}
			}},
		{sql: "SHOW COLLATION", check: func(t *testing.T, cols []string, rows [][]string) {
			assert.Equal(t, "Id", cols[2])
			assert.Contains(t, rows, []string{"utf8mb4_0900_ai_ci", "utf8mb4", "255", "Yes", "Yes", "0", "NO PAD"})
		}},
		{sql: "SET character_set_results=NULL"},
		{sql: "SHOW WARNINGS", check: rowCount(0)},
	},
}

// TestReplayToolSequences sends each tool's statements over one
// connection and checks what the tool reads.
func TestReplayToolSequences(t *testing.T) {
	f := startDemo(t)
	for tool, steps := range toolSequences {
		t.Run(tool, func(t *testing.T) {
			db := f.client(t, "")
			conn, err := db.Conn(context.Background())
			require.NoError(t, err)
			defer conn.Close()
			for _, s := range steps {
				cols, rows, err := queryConn(conn, s.sql)
				if !assert.NoError(t, err, s.sql) {
					continue
				}
				if s.check != nil {
					t.Run(firstWords(s.sql), func(t *testing.T) { s.check(t, cols, rows) })
				}
			}
		})
	}
}

// queryConn runs one statement as COM_QUERY and reads its rows as text.
func queryConn(conn *sql.Conn, query string) ([]string, [][]string, error) {
	rows, err := conn.QueryContext(context.Background(), query)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if v == nil {
				row[i] = "NULL"
			} else {
				row[i] = string(v)
			}
		}
		out = append(out, row)
	}
	return cols, out, rows.Err()
}

// firstWords shortens a statement for a subtest name.
func firstWords(sql string) string {
	if len(sql) > 60 {
		return sql[:60]
	}
	return sql
}

// TestPipelinedConnect replays MariaDB Connector/J's pipelined start
// (Metabase): two COM_QUERY packets written back to back before reading,
// then both answers read in order.
func TestPipelinedConnect(t *testing.T) {
	f := startDemo(t)
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	queries := []string{
		"set autocommit=1, sql_mode = concat(@@sql_mode,',STRICT_TRANS_TABLES')",
		"SELECT @@max_allowed_packet,@@system_time_zone,@@time_zone,@@auto_increment_increment",
	}
	var batch []byte
	for _, q := range queries {
		pkt := append([]byte{byte(len(q) + 1), byte((len(q) + 1) >> 8), byte((len(q) + 1) >> 16), 0, gmysql.COM_QUERY}, q...)
		batch = append(batch, pkt...)
	}
	_, err = c.Conn.Conn.Write(batch) // one write: the server sees both at once
	require.NoError(t, err)

	c.Sequence = 1
	first, err := c.ReadPacket()
	require.NoError(t, err)
	assert.Equal(t, byte(gmysql.OK_HEADER), first[0], "the SET is answered with OK")

	c.Sequence = 1
	var packets [][]byte
	for eofs := 0; eofs < 2; {
		p, err := c.ReadPacket()
		require.NoError(t, err)
		packets = append(packets, p)
		if p[0] == gmysql.EOF_HEADER && len(p) < 9 {
			eofs++
		}
	}
	// column count, 4 definitions, EOF, one row, EOF
	require.Len(t, packets, 8)
	assert.Equal(t, byte(4), packets[0][0])
	row := packets[6]
	var values []string
	for pos := 0; pos < len(row); {
		v, _, n, err := gmysql.LengthEncodedString(row[pos:])
		require.NoError(t, err)
		values = append(values, string(v))
		pos += n
	}
	assert.Equal(t, []string{"67108864", "UTC", "SYSTEM", "1"}, values)

	// The session is still in step: the sql_mode SET took effect.
	r, err := c.Execute("SELECT @@sql_mode")
	require.NoError(t, err)
	mode, err := r.GetString(0, 0)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(mode, ",STRICT_TRANS_TABLES"), mode)
}

// TestGrafanaSchemaAPI replays Grafana's column lookup, which go-sql-driver
// sends as a server-side prepared statement (an argument, binary rows).
func TestGrafanaSchemaAPI(t *testing.T) {
	f := startDemo(t)
	db := f.client(t, "parseTime=true&loc=UTC")
	rows, err := db.Query(`SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE
		 FROM INFORMATION_SCHEMA.COLUMNS
		 WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
		 ORDER BY ORDINAL_POSITION`, "Deals")
	require.NoError(t, err)
	defer rows.Close()
	got := map[string][]any{}
	for rows.Next() {
		var name, typ string
		var prec, scale sql.NullInt64
		require.NoError(t, rows.Scan(&name, &typ, &prec, &scale))
		got[name] = []any{typ, prec.Int64, scale.Valid}
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []any{"bigint", int64(19), true}, got["$id"])
	assert.Equal(t, []any{"decimal", int64(65), true}, got["Amount"])
	assert.Equal(t, []any{"varchar", int64(0), false}, got["Stage"])
	assert.Equal(t, []any{"datetime", int64(0), false}, got["作成日時"])
}

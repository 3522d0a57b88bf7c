package translate_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kintone "github.com/kintone-sql/kintone"
	kt "github.com/kintone-sql/kintone/kintonetest"
)

// mysqlAnswers are the answers the MySQL 8.0 reference manual gives for
// function calls (most are its own examples) where SQLite computes
// something else or has no such function: the expected text of the one
// value (NULL for SQL NULL), or, for want starting with "ERROR:", the text
// the error must contain.
var mysqlAnswers = []struct{ expr, want string }{
	// Date and time units.
	{"quarter('2008-04-01')", "2"},
	{"extract(quarter from '2024-11-30')", "4"},
	{"extract(quarter from '2024-03-31 23:59:59')", "1"},
	{"extract(quarter from '2024-07-01')", "3"},
	{"extract(year from '2019-07-02')", "2019"},
	{"extract(year_month from '2019-07-02 01:02:03')", "201907"},
	{"extract(month from '2019-07-02')", "7"},
	{"extract(minute from '2019-07-02 01:02:03')", "2"},
	{"extract(microsecond from '2003-01-02 10:30:00.000123')", "123"},
	{"dayofweek('2007-02-03')", "7"},
	{"weekday('2008-02-03 22:23:00')", "6"},
	{"weekday('2007-11-06')", "1"},
	{"dayofyear('2007-02-03')", "34"},
	{"dayname('2007-02-03')", "Saturday"},
	{"monthname('2008-02-03')", "February"},
	{"week('2008-02-20')", "7"},
	{"week('2008-02-20', 0)", "7"},
	{"week('2008-02-20', 1)", "8"},
	{"week('2008-12-31', 1)", "53"},
	{"week('2000-01-01', 0)", "0"},
	{"week('2000-01-01', 2)", "52"},
	{"yearweek('1987-01-01')", "198652"},
	{"last_day('2003-02-05')", "2003-02-28"},
	{"last_day('2004-02-05')", "2004-02-29"},
	{"last_day('2004-01-01 01:01:01')", "2004-01-31"},
	{"date_add('2018-05-01', interval 1 day)", "2018-05-02"},
	{"date_sub('2018-05-01', interval 1 year)", "2017-05-01"},
	{"date_add('2020-12-31 23:59:59', interval 1 second)", "2021-01-01 00:00:00"},
	{"date_add('2018-12-31 23:59:59', interval 1 day)", "2019-01-01 23:59:59"},
	{"date_add('2009-01-30', interval 1 month)", "2009-02-28"},
	{"date_add('2024-02-29', interval 1 year)", "2025-02-28"},
	{"date_add('2024-11-30', interval 1 quarter)", "2025-02-28"},
	{"'2008-12-31 23:59:59' + interval 1 second", "2009-01-01 00:00:00"},
	{"'2005-01-01' - interval 1 second", "2004-12-31 23:59:59"},
	{"datediff('2007-12-31 23:59:59', '2007-12-30')", "1"},
	{"datediff('2010-11-30 23:59:59', '2010-12-31')", "-31"},
	{"timestampdiff(month, '2003-02-01', '2003-05-01')", "3"},
	{"timestampdiff(year, '2002-05-01', '2001-01-01')", "-1"},
	{"timestampdiff(minute, '2003-02-01', '2003-05-01 12:05:55')", "128885"},
	{"timestampdiff(quarter, '2024-01-31', '2024-07-30')", "1"},
	{"to_days('2007-10-07')", "733321"},
	{"date_format('2009-10-04 22:23:00', '%W %M %Y')", "Sunday October 2009"},
	{"date_format('2007-10-04 22:23:00', '%H:%i:%s')", "22:23:00"},
	{"date_format('1900-10-04 22:23:00', '%D %y %a %d %m %b %j')", "4th 00 Thu 04 10 Oct 277"},
	{"date_format('1997-10-04 22:23:00', '%H %k %I %r %T %S %w')", "22 22 10 10:23:00 PM 22:23:00 00 6"},
	{"date_format('1999-01-01', '%X %V')", "1998 52"},
	// Numbers: exact DECIMAL, DOUBLE and BIGINT arithmetic.
	{"mod(234, 10)", "4"},
	{"253 % 7", "1"},
	{"mod(29, 9)", "2"},
	{"mod(34.5, 3)", "1.5"},
	{"5 div 2", "2"},
	{"-5 div 2", "-2"},
	{"5 div -2", "-2"},
	{"1 / 3", "0.3333"},
	{"0.1 + 0.2", "0.3"},
	{"0.1e0 + 0.2e0", "0.30000000000000004"},
	{"1.5e0 * 2", "3"},
	{"7e0 / 2e0", "3.5"},
	{"2.5e0 * 4e0 * 3e0", "30"},
	{"7e0 - 10e0", "-3"},
	{"round(-1.23)", "-1"},
	{"round(-1.58)", "-2"},
	{"round(1.298, 1)", "1.3"},
	{"round(1.298, 0)", "1"},
	{"round(23.298, -1)", "20"},
	{"round(2.5)", "3"},
	{"round(25e-1)", "2"},
	{"truncate(1.223, 1)", "1.2"},
	{"truncate(1.999, 1)", "1.9"},
	{"truncate(1.999, 0)", "1"},
	{"truncate(-1.999, 1)", "-1.9"},
	{"truncate(122, -2)", "100"},
	{"floor(-1.23)", "-2"},
	{"ceiling(1.23)", "2"},
	{"ceil(-1.23)", "-1"},
	{"sign(-32)", "-1"},
	{"sign(0)", "0"},
	{"pow(2, -2)", "0.25"},
	{"sqrt(-16)", "NULL"},
	{"exp(0)", "1"},
	{"exp(-2)", "0.1353352832366127"},
	{"ln(-2)", "NULL"},
	{"log(2, 65536)", "16"},
	{"log(10, 100)", "2"},
	{"log(1, 100)", "NULL"},
	{"log2(65536)", "16"},
	{"log10(-100)", "NULL"},
	{"greatest(34.0, 3.0, 5.0, 767.0)", "767"},
	{"least('B', 'A', 'C')", "A"},
	{"greatest(1, null)", "NULL"},
	{"1e300 * 1e300", "ERROR:DOUBLE value is out of range"},
	{"-1e308 * 10", "ERROR:DOUBLE value is out of range"},
	{"1e308 + 1e308", "ERROR:DOUBLE value is out of range"},
	{"1e300 / 1e-300", "ERROR:DOUBLE value is out of range"},
	{"exp(1000)", "ERROR:DOUBLE value is out of range"},
	{"pow(10, 400)", "ERROR:DOUBLE value is out of range"},
	{"9223372036854775807 + 1", "ERROR:BIGINT value is out of range"},
	// Strings.
	{"length('日本')", "6"},
	{"char_length('𠮷野家')", "3"},
	{"upper('ａｂｃ')", "ＡＢＣ"},
	{"repeat('MySQL', 3)", "MySQLMySQLMySQL"},
	{"reverse('abc')", "cba"},
	{"reverse('日本語')", "語本日"},
	{"strcmp('text', 'text2')", "-1"},
	{"strcmp('text2', 'text')", "1"},
	{"locate('bar', 'foobarbar', 5)", "7"},
	{"locate('xbar', 'foobar')", "0"},
	{"substring('Quadratically', 5)", "ratically"},
	{"substring('Quadratically', 5, 6)", "ratica"},
	{"substring('Sakila', -3)", "ila"},
	{"substring('Sakila', -5, 3)", "aki"},
	{"substring('abc', -5)", ""},
	{"substring('abc', 0)", ""},
	{"right('abc', 0)", ""},
	{"concat('My', null, 'QL')", "NULL"},
	{"concat(14.3)", "14.3"},
	{"concat_ws(',', 'First name', null, 'Last Name')", "First name,Last Name"},
	{"trim(leading 'x' from 'xxxbarxxx')", "barxxx"},
	{"trim(both 'x' from 'xxxbarxxx')", "bar"},
	{"trim(trailing 'xyz' from 'barxxyz')", "barx"},
	{"replace('www.mysql.com', 'w', 'Ww')", "WwWwWw.mysql.com"},
	{"if(1 > 2, 2, 3)", "3"},
	{"nullif(1, 1)", "NULL"},
}

// TestMySQLDocumentedFunctions checks each call of mysqlAnswers through
// the driver.
func TestMySQLDocumentedFunctions(t *testing.T) {
	srv := kt.NewServer()
	t.Cleanup(srv.Close)
	cfg := kintone.NewConfig()
	cfg.URL, cfg.User, cfg.Password = srv.URL, kt.DefaultUser, kt.DefaultPassword
	c, err := kintone.NewConnector(cfg)
	require.NoError(t, err)
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	for _, tc := range mysqlAnswers {
		rows, err := readRows(db, "select "+tc.expr)
		if want, isErr := strings.CutPrefix(tc.want, "ERROR:"); isErr {
			assert.ErrorContains(t, err, want, tc.expr)
			continue
		}
		if !assert.NoError(t, err, tc.expr) {
			continue
		}
		require.Len(t, rows, 1, tc.expr)
		want := canonText(tc.want)
		if tc.want == "NULL" {
			want = canon(nil)
		}
		assert.True(t, cellsEqual(rows[0][0], want, false), "%s = %s, MySQL's answer is %s", tc.expr, rows[0][0].text, tc.want)
	}
}

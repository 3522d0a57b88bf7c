package bridge

import (
	"testing"

	"github.com/go-mysql-org/go-mysql/client"
	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPrimaryKeyFlag checks the column definitions of a result: the
// primary key ($id, and $id + $row_id of a subtable) carries PRI_KEY and
// NOT_NULL, other columns do not carry PRI_KEY. go-mysql's client shows
// the raw flags (go-sql-driver hides them).
func TestPrimaryKeyFlag(t *testing.T) {
	f := startDemo(t)
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	flags := func(query string) map[string]uint16 {
		r, err := c.Execute(query)
		require.NoError(t, err, query)
		defer r.Close()
		out := map[string]uint16{}
		for _, fd := range r.Fields {
			out[string(fd.Name)] = fd.Flag
		}
		return out
	}
	const pk = mysql.PRI_KEY_FLAG | mysql.NOT_NULL_FLAG
	got := flags("SELECT `$id`, Amount, `$id` + 1 AS nxt FROM Deals WHERE `$id` = 1")
	assert.Equal(t, uint16(pk), got["$id"]&pk)
	assert.Zero(t, got["Amount"]&mysql.PRI_KEY_FLAG)
	assert.Zero(t, got["nxt"]&mysql.PRI_KEY_FLAG)
	got = flags("SELECT `$id`, `$row_id` FROM `Deals_明細` LIMIT 1")
	assert.Equal(t, uint16(pk), got["$id"]&pk)
	assert.Equal(t, uint16(pk), got["$row_id"]&pk)
}

// prepareAnswer sends COM_STMT_PREPARE on c and returns the parameter
// count and the column definitions of the answer, as a client reads
// them before any execute.
func prepareAnswer(t *testing.T, c *client.Conn, query string) (int, []*mysql.Field) {
	t.Helper()
	c.ResetSequence()
	require.NoError(t, c.WritePacket(append([]byte{0, 0, 0, 0, mysql.COM_STMT_PREPARE}, query...)))
	ok, err := c.ReadPacket()
	require.NoError(t, err)
	require.Equal(t, byte(mysql.OK_HEADER), ok[0], "prepare answered %q", ok)
	columns := int(ok[5]) | int(ok[6])<<8
	params := int(ok[7]) | int(ok[8])<<8
	readDefs := func(n int) []*mysql.Field {
		var out []*mysql.Field
		for range n {
			data, err := c.ReadPacket()
			require.NoError(t, err)
			f, err := mysql.FieldData(data).Parse()
			require.NoError(t, err)
			out = append(out, f)
		}
		if n > 0 {
			eof, err := c.ReadPacket()
			require.NoError(t, err)
			require.Equal(t, byte(mysql.EOF_HEADER), eof[0])
		}
		return out
	}
	readDefs(params)
	return params, readDefs(columns)
}

// TestPrepareColumns checks that the answer to a prepare carries the
// result's real column definitions (names, types, flags), the same as
// the execute's, without asking kintone for records; statements that are
// not SELECTs announce no columns.
func TestPrepareColumns(t *testing.T) {
	f := startDemo(t)
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	query := "SELECT `$id`, Amount, `Close date`, Stage FROM Deals WHERE Amount > ? AND Stage = ?"
	_, _ = prepareAnswer(t, c, query) // loads the schema
	f.emu.ResetCounters()
	params, defs := prepareAnswer(t, c, query)
	assert.Zero(t, f.emu.TotalRequests(), "a prepare reads no records: %v", f.emu.RequestCounts())
	assert.Equal(t, 2, params)
	r, err := c.Execute("SELECT `$id`, Amount, `Close date`, Stage FROM Deals WHERE `$id` = 1")
	require.NoError(t, err)
	defer r.Close()
	require.Len(t, defs, len(r.Fields))
	for i, want := range r.Fields {
		got := defs[i]
		assert.Equal(t, string(want.Name), string(got.Name))
		assert.Equal(t, want.Type, got.Type, "type of %s", want.Name)
		assert.Equal(t, want.Flag, got.Flag, "flags of %s", want.Name)
		assert.Equal(t, want.Charset, got.Charset, "charset of %s", want.Name)
	}
	assert.Equal(t, byte(mysql.MYSQL_TYPE_NEWDECIMAL), defs[1].Type)
	assert.Equal(t, byte(mysql.MYSQL_TYPE_DATE), defs[2].Type)
	params, defs = prepareAnswer(t, c, "UPDATE Deals SET Amount = ? WHERE `$id` = ?")
	assert.Equal(t, 2, params)
	assert.Empty(t, defs)
	_, defs = prepareAnswer(t, c, "SELECT nope FROM Deals")
	assert.Empty(t, defs, "an unplannable SELECT fails at execute, as before")
}

// Package gorm_test drives GORM (gorm.io/gorm with gorm.io/driver/mysql)
// over a kintone *sql.DB: Create, Find, Where, Update and Delete against the
// in-process demo tenant.
package gorm_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	_ "github.com/kintone-sql/kintone" // registers the "kintone" driver
	"github.com/kintone-sql/kintone/examples/internal/demotenant"
)

// Deal maps the demo tenant's Deals app. The column tags are field codes:
// with UseCodeForFieldName=true, SELECT * names columns by code too. $id is
// the record id, which kintone assigns (GORM treats it as auto-increment).
type Deal struct {
	ID     int64  `gorm:"column:$id;primaryKey"`
	Name   string `gorm:"column:案件名"`
	Amount int64  `gorm:"column:amount"`
	Stage  string `gorm:"column:stage"`
}

// TableName is the app's table name.
func (Deal) TableName() string { return "Deals" }

// openGORM starts a demo tenant and opens GORM over a kintone *sql.DB.
func openGORM(t testing.TB, gcfg *gorm.Config) *gorm.DB {
	t.Helper()
	db, err := sql.Open("kintone", demotenant.DSN(t, "UseCodeForFieldName=true"))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	gcfg.Logger = logger.Discard
	g, err := gorm.Open(mysql.New(mysql.Config{Conn: db, SkipInitializeWithVersion: true}), gcfg)
	require.NoError(t, err)
	return g
}

// TestGORMDefaultCreate checks GORM's default Create, which runs in a
// transaction and calls LastInsertId before Commit: it succeeds and writes
// the record; the primary key stays 0 because kintone assigns ids at Commit.
func TestGORMDefaultCreate(t *testing.T) {
	g := openGORM(t, &gorm.Config{})
	d := Deal{Name: "GORM 導入", Amount: 1200, Stage: "見込み"}
	require.NoError(t, g.Create(&d).Error)
	require.Zero(t, d.ID, "the id is known only after the transaction commits")

	var got []Deal
	require.NoError(t, g.Where("案件名 = ?", "GORM 導入").Find(&got).Error)
	require.Len(t, got, 1)
	require.NotZero(t, got[0].ID)
	require.Equal(t, int64(1200), got[0].Amount)
}

// TestGORMCRUD runs Create (without the default transaction, so the id is
// filled in), First, Where, Update and Delete.
func TestGORMCRUD(t *testing.T) {
	g := openGORM(t, &gorm.Config{SkipDefaultTransaction: true})
	d := Deal{Name: "ORM deal", Amount: 500, Stage: "提案"}
	require.NoError(t, g.Create(&d).Error)
	require.NotZero(t, d.ID)

	var first Deal
	require.NoError(t, g.First(&first, d.ID).Error)
	require.Equal(t, d, first)

	var big []Deal
	require.NoError(t, g.Where("amount >= ? AND stage = ?", 1000000, "受注").Order("amount DESC").Find(&big).Error)
	require.NotEmpty(t, big)
	for _, b := range big {
		require.GreaterOrEqual(t, b.Amount, int64(1000000))
		require.Equal(t, "受注", b.Stage)
	}

	require.NoError(t, g.Model(&first).Update("amount", 750).Error)
	var again Deal
	require.NoError(t, g.First(&again, d.ID).Error)
	require.Equal(t, int64(750), again.Amount)

	require.NoError(t, g.Model(&again).Updates(Deal{Amount: 800, Stage: "受注"}).Error)
	require.NoError(t, g.First(&again, d.ID).Error)
	require.Equal(t, Deal{ID: d.ID, Name: "ORM deal", Amount: 800, Stage: "受注"}, again)

	var won, direct int64
	require.NoError(t, g.Model(&Deal{}).Where("stage = ?", "受注").Count(&won).Error)
	require.NoError(t, g.Raw("SELECT COUNT(*) FROM Deals WHERE stage = '受注'").Scan(&direct).Error)
	require.Equal(t, direct, won)
	var names []string
	require.NoError(t, g.Model(&Deal{}).Where("amount = ?", 800).Pluck("案件名", &names).Error)
	require.Contains(t, names, "ORM deal")

	res := g.Delete(&Deal{}, d.ID)
	require.NoError(t, res.Error)
	require.EqualValues(t, 1, res.RowsAffected)
	require.ErrorIs(t, g.First(&again, d.ID).Error, gorm.ErrRecordNotFound)
}

// TestGORMMigrator checks the migrator's HasTable and ColumnTypes, which
// read DATABASE() and information_schema (TABLES, COLUMNS with COLUMN_TYPE,
// CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, ...). It skips while the
// driver lacks DATABASE().
func TestGORMMigrator(t *testing.T) {
	g := openGORM(t, &gorm.Config{})
	var current string
	if err := g.Raw("SELECT DATABASE()").Scan(&current).Error; err != nil {
		t.Skipf("GORM's migrator needs SELECT DATABASE() and the information_schema columns it reads: %v", err)
	}
	require.True(t, g.Migrator().HasTable(&Deal{}))
	require.True(t, g.Migrator().HasTable("Deals"))
	require.False(t, g.Migrator().HasTable("NoSuchApp"))

	cts, err := g.Migrator().ColumnTypes(&Deal{})
	require.NoError(t, err)
	types := map[string]string{}
	for _, c := range cts {
		types[c.Name()] = strings.ToUpper(c.DatabaseTypeName())
	}
	require.Equal(t, "BIGINT", types["$id"])
	require.Equal(t, "DECIMAL", types["amount"])
	require.Equal(t, "VARCHAR", types["stage"])
	require.Equal(t, "DATE", types["close_date"])
}

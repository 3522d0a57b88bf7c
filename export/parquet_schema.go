package export

import (
	"fmt"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"
)

// orderedGroup is a Parquet group node whose fields keep the order given;
// parquet.Group sorts its fields by name, which would reorder the columns.
type orderedGroup []parquet.Field

// namedNode is one field of an orderedGroup.
type namedNode struct {
	parquet.Node
	name string
}

// Name returns the field name.
func (n namedNode) Name() string { return n.name }

// Value reads the field from a Go value; rows are written as parquet.Row
// here, so it is never called.
func (n namedNode) Value(base reflect.Value) reflect.Value { return reflect.Value{} }

// ID returns 0: no field ids.
func (g orderedGroup) ID() int { return 0 }

// String prints the schema.
func (g orderedGroup) String() string { return fmt.Sprintf("group(%d fields)", len(g)) }

// Type returns the group type of the embedded parquet.Group.
func (g orderedGroup) Type() parquet.Type { return parquet.Group{}.Type() }

// Optional is false: the root is required.
func (g orderedGroup) Optional() bool { return false }

// Repeated is false.
func (g orderedGroup) Repeated() bool { return false }

// Required is true.
func (g orderedGroup) Required() bool { return true }

// Leaf is false: a group.
func (g orderedGroup) Leaf() bool { return false }

// Fields returns the fields in column order.
func (g orderedGroup) Fields() []parquet.Field { return g }

// Encoding is nil: the default per leaf.
func (g orderedGroup) Encoding() encoding.Encoding { return nil }

// Compression is nil: the writer's codec.
func (g orderedGroup) Compression() compress.Codec { return nil }

// GoType is a map: rows are not read into Go structs through this schema.
func (g orderedGroup) GoType() reflect.Type { return reflect.TypeFor[map[string]any]() }

// parquetNode is the Parquet node of a column: an optional leaf, or an
// optional LIST of required strings.
func parquetNode(c Column) parquet.Node {
	var n parquet.Node
	switch c.Kind {
	case KindInt64:
		n = parquet.Int(64)
	case KindDecimal:
		n = parquet.Decimal(c.Scale, decimalPrecision, parquet.FixedLenByteArrayType(16))
	case KindDouble:
		n = parquet.Leaf(parquet.DoubleType)
	case KindBool:
		n = parquet.Leaf(parquet.BooleanType)
	case KindDate:
		n = parquet.Date()
	case KindTimestamp:
		n = parquet.Timestamp(parquet.Millisecond)
	case KindTime:
		n = parquet.TimeAdjusted(parquet.Millisecond, false) // a time of day, in no zone
	case KindStringList:
		n = parquet.List(parquet.String())
	case KindJSON:
		n = parquet.JSON()
	default:
		n = parquet.String()
	}
	return parquet.Optional(n)
}

// parquetSchema is the schema of the columns, in their order, named by
// uniqueNames.
func parquetSchema(cols []Column) *parquet.Schema {
	names := uniqueNames(cols)
	g := make(orderedGroup, len(cols))
	for i, c := range cols {
		g[i] = namedNode{Node: parquetNode(c), name: names[i]}
	}
	return parquet.NewSchema("kintone", g)
}

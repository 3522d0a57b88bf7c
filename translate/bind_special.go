package translate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// This file binds the SQL forms that are not plain function calls of the
// registry: CAST/CONVERT, INTERVAL arithmetic (DATE_ADD, DATE_SUB,
// ADDDATE, SUBDATE, TIMESTAMPADD, d + INTERVAL n unit), the unit argument
// of TIMESTAMPDIFF, and the parser's SUBSTR form.

// intervalUnit checks an INTERVAL unit.
func intervalUnit(u string) (string, error) {
	up := strings.ToUpper(u)
	if !slices.Contains(engine.IntervalUnits, up) {
		return "", notSupported("INTERVAL unit " + up + " (supported: " + strings.Join(engine.IntervalUnits, ", ") + ")")
	}
	return up, nil
}

// interval binds date + INTERVAL n unit (sub: date - INTERVAL).
func (p *planner) interval(date sqlparser.Expr, iv *sqlparser.IntervalExpr, sub bool, where clause) (engine.Expr, error) {
	unit, err := intervalUnit(iv.Unit)
	if err != nil {
		return nil, err
	}
	x, err := p.expr(date, where)
	if err != nil {
		return nil, err
	}
	n, err := p.expr(iv.Expr, where)
	if err != nil {
		return nil, err
	}
	return p.fold(&engine.DateAdd{X: x, N: n, Unit: unit, Sub: sub})
}

// args returns the plain arguments of a call.
func callArgs(x *sqlparser.FuncExpr) ([]sqlparser.Expr, error) {
	out := make([]sqlparser.Expr, len(x.Exprs))
	for i, se := range x.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("%s(*) is not valid", strings.ToUpper(x.Name.String()))
		}
		out[i] = ae.Expr
	}
	return out, nil
}

// unitArg reads a unit written as a bare word (TIMESTAMPDIFF(DAY, ...)).
func unitArg(e sqlparser.Expr) (string, bool) {
	if cn, ok := e.(*sqlparser.ColName); ok && cn.Qualifier.IsEmpty() {
		return strings.ToUpper(cn.Name.String()), true
	}
	if v, ok := e.(*sqlparser.SQLVal); ok && v.Type == sqlparser.StrVal {
		return strings.ToUpper(string(v.Val)), true
	}
	return "", false
}

// specialFunction binds the calls with INTERVAL or unit arguments; ok is
// false for other calls.
func (p *planner) specialFunction(x *sqlparser.FuncExpr, where clause) (engine.Expr, bool, error) {
	name := strings.ToUpper(x.Name.String())
	switch name {
	case "DATE_ADD", "ADDDATE", "DATE_SUB", "SUBDATE", "TIMESTAMPADD", "TIMESTAMPDIFF":
	default:
		return nil, false, nil
	}
	args, err := callArgs(x)
	if err != nil {
		return nil, true, err
	}
	if len(args) != 2 && name != "TIMESTAMPADD" && name != "TIMESTAMPDIFF" || len(args) != 3 && (name == "TIMESTAMPADD" || name == "TIMESTAMPDIFF") {
		return nil, true, fmt.Errorf("wrong number of arguments to %s(): %d", name, len(args))
	}
	sub := name == "DATE_SUB" || name == "SUBDATE"
	switch name {
	case "TIMESTAMPADD":
		unit, ok := unitArg(args[0])
		if !ok {
			return nil, true, fmt.Errorf("TIMESTAMPADD needs a unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR) first")
		}
		e, err := p.interval(args[2], &sqlparser.IntervalExpr{Expr: args[1], Unit: unit}, false, where)
		return e, true, err
	case "TIMESTAMPDIFF":
		unit, ok := unitArg(args[0])
		if !ok {
			return nil, true, fmt.Errorf("TIMESTAMPDIFF needs a unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR) first")
		}
		if _, err := intervalUnit(unit); err != nil {
			return nil, true, err
		}
		fn, _ := engine.LookupFunction("TIMESTAMPDIFF")
		a, err := p.expr(args[1], where)
		if err != nil {
			return nil, true, err
		}
		b, err := p.expr(args[2], where)
		if err != nil {
			return nil, true, err
		}
		e, err := p.fold(&engine.Call{Fn: fn, Args: []engine.Expr{&engine.Literal{V: unit}, a, b}})
		return e, true, err
	}
	if iv, ok := args[1].(*sqlparser.IntervalExpr); ok {
		e, err := p.interval(args[0], iv, sub, where)
		return e, true, err
	}
	if name == "DATE_ADD" || name == "DATE_SUB" {
		return nil, true, fmt.Errorf("%s needs an INTERVAL as its second argument: %s(d, INTERVAL n DAY)", name, name)
	}
	// ADDDATE(d, n) and SUBDATE(d, n) add days.
	e, err := p.interval(args[0], &sqlparser.IntervalExpr{Expr: args[1], Unit: "day"}, sub, where)
	return e, true, err
}

// castTypes maps CAST target names to SQL types.
var castTypes = map[string]schema.Type{
	"signed": schema.TypeBigInt, "unsigned": schema.TypeBigInt, "signed integer": schema.TypeBigInt,
	"unsigned integer": schema.TypeBigInt, "integer": schema.TypeBigInt, "int": schema.TypeBigInt,
	"decimal": schema.TypeDecimal, "numeric": schema.TypeDecimal,
	"double": schema.TypeDouble, "float": schema.TypeDouble, "real": schema.TypeDouble,
	"char": schema.TypeText, "nchar": schema.TypeText, "binary": schema.TypeText, "varchar": schema.TypeText,
	"date": schema.TypeDate, "datetime": schema.TypeDateTime, "time": schema.TypeTime,
}

// cast binds CAST(x AS type) and CONVERT(x, type).
func (p *planner) cast(x *sqlparser.ConvertExpr, where clause) (engine.Expr, error) {
	ct := x.Type
	name := strings.ToLower(strings.TrimSpace(ct.Type))
	to, ok := castTypes[name]
	if !ok {
		return nil, notSupported("CAST to " + strings.ToUpper(ct.Type))
	}
	c := &engine.Cast{To: to, Length: -1, Name: ct.Type}
	num := func(v *sqlparser.SQLVal) (int, error) {
		n, err := strconv.Atoi(string(v.Val))
		if err != nil || n < 0 {
			return 0, fmt.Errorf("bad length %s in CAST", v.Val)
		}
		return n, nil
	}
	if ct.Length != nil {
		n, err := num(ct.Length)
		if err != nil {
			return nil, err
		}
		switch to {
		case schema.TypeText:
			c.Length = n
			c.Name += "(" + strconv.Itoa(n) + ")"
		case schema.TypeDecimal:
			c.Name += "(" + strconv.Itoa(n)
			if ct.Scale != nil {
				s, err := num(ct.Scale)
				if err != nil {
					return nil, err
				}
				c.Scale = int32(s)
				c.Name += ", " + strconv.Itoa(s)
			}
			c.Name += ")"
		}
	}
	v, err := p.expr(x.Expr, where)
	if err != nil {
		return nil, err
	}
	c.X = v
	return p.fold(c)
}

// substr binds the parser's SUBSTR(col, from[, len]) form.
func (p *planner) substr(x *sqlparser.SubstrExpr, where clause) (engine.Expr, error) {
	fn, _ := engine.LookupFunction("SUBSTRING")
	args := []sqlparser.Expr{x.Name, x.From}
	if x.To != nil {
		args = append(args, x.To)
	}
	out := make([]engine.Expr, len(args))
	for i, a := range args {
		e, err := p.expr(a, where)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return p.fold(&engine.Call{Fn: fn, Args: out})
}

// kintoneIn binds KINTONE_IN(col, v1, v2, ...): col must be a column of a
// kintone table whose field kintone tests with in by option or code
// (choices, selections, CATEGORY, STATUS, STATUS_ASSIGNEE, creator and
// modifier codes); the values may be any expressions, and in WHERE also
// LOGINUSER() and PRIMARY_ORGANIZATION() (sent to kintone).
func (p *planner) kintoneIn(x *sqlparser.FuncExpr, where clause) (engine.Expr, error) {
	args, err := callArgs(x)
	if err != nil {
		return nil, err
	}
	if len(args) < 2 {
		return nil, fmt.Errorf("%s needs a column and at least one value: %s(col, 'a', 'b')", engine.KintoneInFunc, engine.KintoneInFunc)
	}
	col, err := p.expr(args[0], where)
	if err != nil {
		return nil, err
	}
	var src *schema.Column
	switch c := col.(type) {
	case *engine.ColumnRef:
		src = c.Col.Source
	case *engine.Param:
		src = c.Col.Source
	}
	if src == nil || !memberField(src) {
		return nil, fmt.Errorf("%s needs a choice, selection, CATEGORY, STATUS, STATUS_ASSIGNEE or creator/modifier code column "+
			"as its first argument, got %s", engine.KintoneInFunc, col.String())
	}
	e := &engine.KintoneIn{X: col, JSON: src.Type == schema.TypeJSON}
	for _, a := range args[1:] {
		v, err := p.operand(a, where)
		if err != nil {
			return nil, err
		}
		e.List = append(e.List, v)
	}
	return e, nil
}

// memberField reports whether KINTONE_IN accepts the column.
func memberField(c *schema.Column) bool {
	switch c.Part {
	case schema.PartCode:
		return true
	case schema.PartName, schema.PartRowID:
		return false
	}
	switch c.FieldType {
	case schema.FieldCheckBox, schema.FieldMultiSelect, schema.FieldCategory, schema.FieldDropDown, schema.FieldRadioButton,
		schema.FieldStatus, schema.FieldUserSelect, schema.FieldOrganizationSelect, schema.FieldGroupSelect, schema.FieldStatusAssignee:
		return true
	}
	return false
}

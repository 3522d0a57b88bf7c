package translate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/query"
)

// isKintoneFunc reports the kintone query functions usable in WHERE:
// LOGINUSER(), PRIMARY_ORGANIZATION() and the date functions except NOW(),
// which is SQL's NOW() (the statement clock) in this driver.
func isKintoneFunc(name string) bool {
	if strings.EqualFold(name, query.FuncNow) {
		return false
	}
	return query.IsDateFunc(name) || query.IsUserFunc(name) || query.IsOrgFunc(name)
}

// kintoneCall converts a call of a kintone query function into its query
// value; arguments are written as kintone writes them (FROM_TODAY(-7,
// DAYS), THIS_WEEK(SUNDAY), THIS_MONTH(LAST)) and checked by the query
// package's parser.
func kintoneCall(f *sqlparser.FuncExpr) (query.Value, error) {
	name := strings.ToUpper(f.Name.String())
	args := make([]string, 0, len(f.Exprs))
	for _, se := range f.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return query.Value{}, fmt.Errorf("%s(*) is not valid", name)
		}
		a, err := kintoneArg(ae.Expr)
		if err != nil {
			return query.Value{}, fmt.Errorf("%s(): %w", name, err)
		}
		args = append(args, a)
	}
	v := query.Call(name, args...)
	if _, err := query.Parse("x = " + v.String()); err != nil {
		var qe *query.Error
		msg := err.Error()
		if errors.As(err, &qe) {
			msg = qe.Message
		}
		return query.Value{}, fmt.Errorf("invalid kintone function call %s: %s", v, msg)
	}
	return v, nil
}

// kintoneArg reads one argument: a number, a word or a string.
func kintoneArg(e sqlparser.Expr) (string, error) {
	switch x := e.(type) {
	case *sqlparser.SQLVal:
		switch x.Type {
		case sqlparser.IntVal, sqlparser.StrVal:
			return string(x.Val), nil
		}
	case *sqlparser.ColName:
		if x.Qualifier.IsEmpty() {
			return strings.ToUpper(x.Name.String()), nil
		}
	case *sqlparser.UnaryExpr:
		if v, ok := x.Expr.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
			switch x.Operator {
			case sqlparser.UMinusStr:
				return "-" + string(v.Val), nil
			case sqlparser.UPlusStr:
				return string(v.Val), nil
			}
		}
	}
	return "", fmt.Errorf("unexpected argument %s", sqlparser.String(e))
}

package write

import (
	"fmt"

	"github.com/kintone-sql/kintone/schema"
)

// ErrReadOnly is matched (errors.Is) by the error for a statement that
// assigns a column kintone does not let clients write; it is schema's
// ErrReadOnly.
var ErrReadOnly = schema.ErrReadOnly

// readOnlyError is the error for assigning column c in the statement verb
// (INSERT or UPDATE), naming the column and why kintone refuses it.
func readOnlyError(verb string, c *schema.Column, why string) error {
	return fmt.Errorf("column %q cannot be written by %s: %s: %w", c.Name, verb, why, ErrReadOnly)
}

// isStatus reports whether c is the process-management status column.
func isStatus(c *schema.Column) bool { return c.FieldType == schema.FieldStatus }

// isAssignee reports whether c is the process-management assignee column.
func isAssignee(c *schema.Column) bool { return c.FieldType == schema.FieldStatusAssignee }

// whyReadOnly explains why kintone refuses writes to c.
func whyReadOnly(c *schema.Column) string {
	switch {
	case c.CopiedBy != "":
		return fmt.Sprintf("the lookup %q fills it from its source app; write the lookup key %q instead", c.CopiedBy, c.CopiedBy)
	case c.Part == schema.PartName:
		return "it is the name part of a user; write the code column of the same field instead"
	case c.Part == schema.PartRowID:
		return "kintone assigns subtable row ids"
	}
	switch c.FieldType {
	case schema.FieldID:
		return "kintone assigns record ids"
	case schema.FieldRevision:
		return "kintone counts revisions; use WHERE $revision = ? to write only an unchanged record"
	case schema.FieldRecordNumber:
		return "kintone numbers records"
	case schema.FieldCalc:
		return "it is a calculated field"
	case schema.FieldStatus:
		return "a new record starts in the first status of the process; change the status with UPDATE ... SET"
	case schema.FieldStatusAssignee:
		return "the process assigns a new record; change the assignees with UPDATE ... SET"
	case schema.FieldCategory:
		return "kintone's REST API cannot set categories"
	case schema.FieldSingleLineText, schema.FieldLink, schema.FieldNumber:
		return "it is auto-calculated"
	case schema.FieldCreator, schema.FieldModifier, schema.FieldCreatedTime, schema.FieldUpdatedTime:
		return "kintone accepts it only when a record is created (and only from a user with app-management permission)"
	}
	return fmt.Sprintf("kintone does not accept writes to %s fields", c.FieldType)
}

// checkInsertColumns checks the target columns of an INSERT into an app or
// subtable table; key is the upsert key or nil.
func checkInsertColumns(t *schema.Table, cols []*schema.Column, key *schema.Column) error {
	seen := map[*schema.Column]bool{}
	parent := false
	for _, c := range cols {
		if seen[c] {
			return fmt.Errorf("column %q is given twice", c.Name)
		}
		seen[c] = true
		switch {
		case t.Kind == schema.SubtableTable && c.FieldType == schema.FieldID:
			parent = true // the parent record of the new row
		case c == key && c.FieldType == schema.FieldID:
			// an upsert keyed on the record id
		case c.Writable || c.InsertOnly:
		default:
			return readOnlyError("INSERT", c, whyReadOnly(c))
		}
	}
	if t.Kind == schema.SubtableTable && !parent {
		return fmt.Errorf("INSERT INTO %s needs the parent record's %s among its columns", t.Name, schema.ColumnID)
	}
	if key == nil {
		return nil
	}
	if !seen[key] {
		return fmt.Errorf("ON DUPLICATE KEY UPDATE: the key column %q is not among the inserted columns", key.Name)
	}
	return checkUpsertKey(t, key)
}

// checkUpsertKey checks that key can identify records in an upsert: $id,
// or a unique ("prohibit duplicate values") SINGLE_LINE_TEXT or NUMBER
// field, as kintone's updateKey requires.
func checkUpsertKey(t *schema.Table, key *schema.Column) error {
	if t.Kind != schema.AppTable {
		return fmt.Errorf("ON DUPLICATE KEY UPDATE works on app tables only, not on %s", t.Name)
	}
	if key.FieldType == schema.FieldID {
		return nil
	}
	if key.FieldType != schema.FieldSingleLineText && key.FieldType != schema.FieldNumber {
		return fmt.Errorf("ON DUPLICATE KEY UPDATE: column %q is a %s field; kintone's upsert key must be a "+
			"SINGLE_LINE_TEXT or NUMBER field with \"prohibit duplicate values\" (or $id)", key.Name, key.FieldType)
	}
	if !key.Unique {
		return fmt.Errorf("ON DUPLICATE KEY UPDATE: column %q does not prohibit duplicate values, so kintone "+
			"cannot use it as the upsert key; turn on \"prohibit duplicate values\" for the field or key on $id", key.Name)
	}
	return nil
}

// UpsertKeys returns the columns of cols that can key an upsert of t: $id
// and unique SINGLE_LINE_TEXT or NUMBER fields. The translator picks the
// key of INSERT ... ON DUPLICATE KEY UPDATE with it.
func UpsertKeys(t *schema.Table, cols []*schema.Column) []*schema.Column {
	var out []*schema.Column
	for _, c := range cols {
		if checkUpsertKey(t, c) == nil {
			out = append(out, c)
		}
	}
	return out
}

// checkUpdateColumns checks the assigned columns of an UPDATE.
func checkUpdateColumns(t *schema.Table, cols []*schema.Column) error {
	seen := map[*schema.Column]bool{}
	for _, c := range cols {
		if seen[c] {
			return fmt.Errorf("column %q is assigned twice", c.Name)
		}
		seen[c] = true
		switch {
		case c.Writable:
		case t.Kind == schema.AppTable && (isStatus(c) || isAssignee(c)):
			// run through the process-management APIs
		case c.InsertOnly:
			return readOnlyError("UPDATE", c, "kintone accepts it only when a record is created")
		case t.Kind == schema.SubtableTable && c.FieldType == schema.FieldID:
			return readOnlyError("UPDATE", c, "rows cannot move to another record; DELETE and INSERT them instead")
		default:
			return readOnlyError("UPDATE", c, whyReadOnly(c))
		}
	}
	return nil
}

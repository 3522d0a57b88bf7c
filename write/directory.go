package write

// Directory writes. The cybozu.com directory tables (schema CybozuUser:
// Users, Organizations, Groups and the memberships UserOrganizations and
// UserGroups) are written through the User API's JSON endpoints, which
// need cybozu.com administrator rights and password authentication (the
// User API refuses app API tokens). Each User API call is all or nothing
// and carries at most 100 users, organizations, groups or code changes;
// bulkRequest does not carry User API calls, so a statement needing more
// calls sends them one after the other (each atomic, the error naming the
// rows written), and directory writes cannot be part of a transaction.
//
// Reads (the WHERE of UPDATE and DELETE, a user's current organizations,
// a group's current members, ids named in UserId, OrganizationId,
// GroupId and PrimaryOrganizationId) all happen before the first write, so
// every problem the driver can see is reported before anything is sent.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// DirInsert adds users, organizations or groups (POST users.json, ...) or
// memberships (UserOrganizations, UserGroups).
type DirInsert struct {
	// Table is the directory table.
	Table *schema.Table
	// Columns are the target columns (from DirColumn), matched by position
	// with each row.
	Columns []*schema.Column
	// Values are the VALUES rows (constant expressions); nil when Select
	// is set.
	Values [][]engine.Expr
	// Select yields the rows of INSERT ... SELECT.
	Select engine.Node
}

// DirUpdate changes the directory rows Read yields: users, organizations
// and groups through PUT users.json (...) and, for Code, the codes.json
// rename endpoints; organization memberships by rewriting each user's
// organization list.
type DirUpdate struct {
	// Table is the directory table.
	Table *schema.Table
	// Set are the assigned columns (from DirColumn).
	Set []*schema.Column
	// Read finds the rows. Its columns are DirKeyColumns(Table), then the
	// new value of each Set column, then DirKeptColumns(Table, Set).
	Read engine.Node
}

// DirDelete removes the directory rows Read yields: users, organizations
// and groups by code, or memberships.
type DirDelete struct {
	// Table is the directory table.
	Table *schema.Table
	// Read finds the rows; its columns are DirKeyColumns(Table).
	Read engine.Node
}

// Name returns "INSERT INTO <table>".
func (s *DirInsert) Name() string { return "INSERT INTO " + engine.QuoteIdent(s.Table.Name) }

// Name returns "UPDATE <table>".
func (s *DirUpdate) Name() string { return "UPDATE " + engine.QuoteIdent(s.Table.Name) }

// Name returns "DELETE FROM <table>".
func (s *DirDelete) Name() string { return "DELETE FROM " + engine.QuoteIdent(s.Table.Name) }

// passwordColumn is the write-only Password of Users: the User API takes
// a password on POST and PUT users.json but never returns one, so the
// table (which describes what can be read) has no such column.
var passwordColumn = &schema.Column{Name: "Password", Code: "password", Type: schema.TypeText}

// Property names of the directory writes that are not column codes.
const (
	propPassword = "password"
	propValid    = "valid"
	propPrimary  = "primaryOrganization"
	propSort     = "sortOrder"
	propCustom   = "customItemValues"
	propGroupTyp = "type"
)

// Membership column codes (schema.directoryTables: side.property).
var (
	memberUserCode  = schema.SideUser + "." + schema.DirCode
	memberUserID    = schema.SideUser + "." + schema.DirID
	memberOrgCode   = schema.SideOrganization + "." + schema.DirCode
	memberOrgID     = schema.SideOrganization + "." + schema.DirID
	memberGroupCode = schema.SideGroup + "." + schema.DirCode
	memberGroupID   = schema.SideGroup + "." + schema.DirID
	memberTitleCode = schema.SideTitle + "." + schema.DirCode
)

// IsWritableDirectory reports whether t is a directory table the User API
// can write (every one but Titles, which has no JSON API).
func IsWritableDirectory(t *schema.Table) bool {
	if t.Kind != schema.DirectoryTable {
		return false
	}
	switch t.Name {
	case schema.TableUsers, schema.TableOrganizations, schema.TableGroups,
		schema.TableUserOrganizations, schema.TableUserGroups:
		return true
	}
	return false
}

// isMembership reports whether t is UserOrganizations or UserGroups.
func isMembership(t *schema.Table) bool {
	return t.Name == schema.TableUserOrganizations || t.Name == schema.TableUserGroups
}

// DirColumn resolves a column a directory write names: a column of t, or
// the write-only Password of Users.
func DirColumn(t *schema.Table, name string) (*schema.Column, error) {
	c, err := t.Column(name)
	if err != nil && t.Name == schema.TableUsers && strings.EqualFold(name, passwordColumn.Name) {
		return passwordColumn, nil
	}
	return c, err
}

// DirInsertColumns returns the columns of an INSERT into t without a
// column list: the writable columns in table order, then Password for
// Users; UserCode, OrganizationCode and TitleCode for UserOrganizations;
// UserCode and GroupCode for UserGroups.
func DirInsertColumns(t *schema.Table) []*schema.Column {
	var out []*schema.Column
	for _, c := range t.Columns {
		if dirReadOnly(t, c, "INSERT") != "" {
			continue
		}
		if isMembership(t) && strings.HasSuffix(c.Code, "."+schema.DirID) {
			continue // the code columns name each side
		}
		out = append(out, c)
	}
	if t.Name == schema.TableUsers {
		out = append(out, passwordColumn)
	}
	return out
}

// DirKeyColumns returns the names of the columns an UPDATE's or DELETE's
// read selects first: Id and Code for users, organizations and groups,
// the two codes of a membership.
func DirKeyColumns(t *schema.Table) []string {
	switch t.Name {
	case schema.TableUserOrganizations:
		return []string{"UserCode", "OrganizationCode"}
	case schema.TableUserGroups:
		return []string{"UserCode", "GroupCode"}
	}
	return []string{"Id", "Code"}
}

// DirKeptColumns returns the names of the columns an UPDATE's read
// selects after the new values, whose current value must be sent again:
// PUT organizations.json clears an omitted description (the emulator's
// reading of cybozu.dev "update organizations"; not in the reference, so
// UNCONFIRMED), so an UPDATE of Organizations not setting Description
// re-sends it.
func DirKeptColumns(t *schema.Table, set []*schema.Column) []string {
	if t.Name != schema.TableOrganizations {
		return nil
	}
	for _, c := range set {
		if c.Code == "description" {
			return nil
		}
	}
	return []string{"Description"}
}

// dirReadOnly explains why verb (INSERT or UPDATE) cannot write column c
// of directory table t, or returns "" when it can.
func dirReadOnly(t *schema.Table, c *schema.Column, verb string) string {
	switch c.Code {
	case schema.DirID:
		return "kintone assigns the ids of users, organizations and groups"
	case "ctime", "mtime":
		return "kintone records when a user is created and changed"
	}
	if !isMembership(t) {
		return ""
	}
	switch {
	case strings.HasSuffix(c.Code, ".name"):
		return "it is read from the user, organization or group; write the Code (or Id) column of the same side"
	case c.Code == schema.SideTitle+"."+schema.DirID:
		return "titles are written by code (the User API has no title ids); write TitleCode"
	case verb == "UPDATE" && t.Name == schema.TableUserGroups:
		return "a group membership has nothing to change; DELETE it and INSERT the new one"
	case verb == "UPDATE" && strings.HasPrefix(c.Code, schema.SideUser+"."):
		return "a membership cannot move to another user; DELETE it and INSERT the new one"
	}
	return ""
}

// checkDirColumns checks the columns of an INSERT or the Set of an UPDATE:
// each writable, given once, one column per membership side, and for an
// INSERT the columns the User API requires.
func checkDirColumns(t *schema.Table, cols []*schema.Column, verb string) error {
	seen := map[string]*schema.Column{} // by property, so UserId and UserCode clash
	for _, c := range cols {
		if why := dirReadOnly(t, c, verb); why != "" {
			return readOnlyError(verb, c, why)
		}
		side := c.Code
		if i := strings.IndexByte(side, '.'); i >= 0 {
			side = side[:i]
		}
		if prev := seen[side]; prev != nil {
			if prev == c {
				return fmt.Errorf("column %q is given twice", c.Name)
			}
			return fmt.Errorf("columns %q and %q name the same %s; give one of them", prev.Name, c.Name, side)
		}
		seen[side] = c
	}
	if verb != "INSERT" {
		return nil
	}
	var need []string
	switch t.Name {
	case schema.TableUsers:
		need = []string{schema.DirCode, "name", propPassword}
	case schema.TableOrganizations, schema.TableGroups:
		need = []string{schema.DirCode, "name"}
	case schema.TableUserOrganizations:
		need = []string{schema.SideUser, schema.SideOrganization}
	case schema.TableUserGroups:
		need = []string{schema.SideUser, schema.SideGroup}
	}
	for _, n := range need {
		if seen[n] == nil {
			return fmt.Errorf("INSERT INTO %s needs the columns %s", t.Name, insertNeeds(t))
		}
	}
	return nil
}

// insertNeeds names the columns an INSERT into t needs.
func insertNeeds(t *schema.Table) string {
	switch t.Name {
	case schema.TableUsers:
		return "Code, Name and Password (the User API requires them for a new user)"
	case schema.TableUserOrganizations:
		return "UserCode (or UserId) and OrganizationCode (or OrganizationId)"
	case schema.TableUserGroups:
		return "UserCode (or UserId) and GroupCode (or GroupId)"
	}
	return "Code and Name"
}

// dirPreflight refuses what can be told before any request: a write
// inside a transaction (bulkRequest cannot carry User API calls), Titles,
// and a connection with only app API tokens.
func dirPreflight(name string, t *schema.Table, env *engine.Env, tx *Tx) error {
	if tx != nil {
		return fmt.Errorf("kintone: %s: the directory tables cannot be written inside a transaction, because they are "+
			"written through the cybozu.com User API, which kintone's bulkRequest does not carry; write them outside the transaction", name)
	}
	if !IsWritableDirectory(t) {
		return fmt.Errorf("kintone: %s: %s cannot be written: the User API has no JSON API for it (import a title CSV instead)", name, t.Name)
	}
	if env.Client == nil {
		return fmt.Errorf("kintone: %s: no kintone client", name)
	}
	if err := env.Client.CheckUserAPIAuth(); err != nil {
		return tokenError(name, err)
	}
	return nil
}

// tokenError explains that the User API refuses app API tokens.
func tokenError(name string, err error) error {
	return fmt.Errorf("kintone: %s: the directory tables are written through the cybozu.com User API, which does not accept "+
		"app API tokens; connect with User and Password (AuthScheme=Password): %w", name, err)
}

// prepare checks the statement, computes the rows, runs the reads it
// needs and returns the User API calls to send.
func (s *DirInsert) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if err := dirPreflight(name, s.Table, env, tx); err != nil {
		return nil, err
	}
	if err := checkDirColumns(s.Table, s.Columns, "INSERT"); err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	rows, err := (&Insert{Columns: s.Columns, Values: s.Values, Select: s.Select}).rows(ctx, env)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	w := newDirWrite(name, s.Table, kindInsert, len(rows))
	if isMembership(s.Table) {
		err = w.insertMembers(ctx, env, s.Columns, rows)
	} else {
		err = w.insertEntities(ctx, env, s.Columns, rows)
	}
	if err != nil {
		return nil, err
	}
	return w.batch(), nil
}

// prepare checks the Set columns, finds the rows and returns the calls.
func (s *DirUpdate) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if err := dirPreflight(name, s.Table, env, tx); err != nil {
		return nil, err
	}
	if err := checkDirColumns(s.Table, s.Set, "UPDATE"); err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	rows, err := readDirRows(ctx, env, name, s.Read, len(DirKeyColumns(s.Table))+len(s.Set)+len(DirKeptColumns(s.Table, s.Set)))
	if err != nil {
		return nil, err
	}
	w := newDirWrite(name, s.Table, kindUpdate, len(rows))
	if isMembership(s.Table) {
		err = w.updateMembers(ctx, env, s.Set, rows)
	} else {
		err = w.updateEntities(ctx, env, s.Set, rows)
	}
	if err != nil {
		return nil, err
	}
	return w.batch(), nil
}

// prepare finds the rows and returns the calls.
func (s *DirDelete) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if err := dirPreflight(name, s.Table, env, tx); err != nil {
		return nil, err
	}
	rows, err := readDirRows(ctx, env, name, s.Read, len(DirKeyColumns(s.Table)))
	if err != nil {
		return nil, err
	}
	w := newDirWrite(name, s.Table, kindDelete, len(rows))
	if isMembership(s.Table) {
		err = w.deleteMembers(ctx, env, rows)
	} else {
		w.deleteEntities(rows)
	}
	if err != nil {
		return nil, err
	}
	return w.batch(), nil
}

// readDirRows runs the read of an UPDATE or DELETE, checking its width.
func readDirRows(ctx context.Context, env *engine.Env, name string, read engine.Node, width int) ([]engine.Row, error) {
	rows, err := readRows(ctx, env, read)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: finding the rows: %w", name, err)
	}
	for _, r := range rows {
		if len(r) < width {
			return nil, fmt.Errorf("kintone: %s: the read yields %d columns, want %d", name, len(r), width)
		}
	}
	return rows, nil
}

// columnByCode returns the name of t's column with the given code (the
// password property names the write-only Password), or code itself.
func columnByCode(t *schema.Table, code string) string {
	if code == propPassword && t.Name == schema.TableUsers {
		return passwordColumn.Name
	}
	if i := slices.IndexFunc(t.Columns, func(c *schema.Column) bool { return c.Code == code }); i >= 0 {
		return t.Columns[i].Name
	}
	return code
}

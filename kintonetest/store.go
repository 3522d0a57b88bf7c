package kintonetest

import (
	"sort"
	"sync"
	"time"
)

// store is the server's whole state. One RWMutex guards it: reads take the
// read lock, every write request takes the write lock for its whole run, so
// a multi-record write validates and applies with nothing in between.
type store struct {
	mu sync.RWMutex

	apps      map[int64]*app
	nextAppID int64

	spaces      map[int64]*Space
	nextSpaceID int64

	users       []*User // ordered by ID
	nextUserID  int64
	orgs        []*Organization
	nextOrgID   int64
	groups      []*Group
	nextGroupID int64
	titles      []*Title
	nextTitleID int64
	// userOrgs maps a login name to its organization memberships.
	userOrgs map[string][]orgTitle
	// groupMembers maps a group code to member login names.
	groupMembers map[string][]string
	// userServices maps a login name to the services set through
	// users/services.json; a user without an entry uses kintone only.
	// Lazily created by the User API (userapi_members.go).
	userServices map[string][]string

	// tokens maps an API token to the app it belongs to.
	tokens map[string]*apiToken

	cursors map[string]*cursor
	// uploads holds files posted to file.json, keyed by upload fileKey,
	// until a record write attaches them.
	uploads map[string]*storedFile
	// files holds attached files, keyed by download fileKey.
	files map[string]*storedFile
	// csvJobs holds User API CSV import results by id.
	csvJobs   map[int64]*csvJob
	nextCSVID int64
}

// orgTitle is one organization membership of a user.
type orgTitle struct {
	Org   string // organization code
	Title string // title code or ""
}

// apiToken is an app API token.
type apiToken struct {
	Token string
	App   int64
	Perms TokenPermissions
}

// app is a deployed app with its records.
type app struct {
	ID          int64
	Code        string
	Name        string
	Description string
	SpaceID     int64
	ThreadID    int64
	GuestSpace  bool
	Creator     string
	Modifier    string
	CreatedAt   time.Time
	ModifiedAt  time.Time

	// Fields are the live (deployed) field definitions in form order.
	Fields []*Field
	// Preview holds the pre-live settings edited through /preview APIs;
	// deploy copies it to Fields.
	Preview []*Field
	// Revision is the app settings revision (form, views, status).
	Revision        int64
	PreviewRevision int64
	// DeployStatus is PROCESSING, SUCCESS, FAIL or CANCEL for the last deploy.
	DeployStatus string

	Process          *ProcessManagement
	Views            []View
	CommentsDisabled bool
	// Theme and Icon are the general settings' colour theme and preset
	// icon key (apps helper, settings.go).
	Theme string
	Icon  string
	// draft holds the pre-live general settings, views, process management
	// and field renames edited through /preview APIs; nil means the same as
	// live. Deploy applies it (apps helper, preview.go).
	draft *appDraft

	// records by id; ids holds the live ids in ascending order.
	records      map[int64]*record
	ids          []int64
	nextRecordID int64
	nextRowID    int64

	comments      map[int64][]*comment
	nextCommentID int64
}

// record is one stored record. Values holds each field's value in kintone's
// JSON value shape, keyed by field code: string for text-like fields, nil
// for an empty DROP_DOWN/DATE/TIME, []string for CHECK_BOX/MULTI_SELECT/
// CATEGORY, []Entity for selections and assignees, Entity for
// CREATOR/MODIFIER, []fileRef for FILE, []*row for SUBTABLE.
type record struct {
	ID       int64
	Revision int64
	Values   map[string]any
}

// row is one subtable row.
type row struct {
	ID     int64
	Values map[string]any
}

// fileRef is a file attached to a FILE field value.
type fileRef struct {
	FileKey string // download key
}

// storedFile is an uploaded or attached file.
type storedFile struct {
	Key         string
	Name        string
	ContentType string
	Data        []byte
}

// comment is a record comment.
type comment struct {
	ID        int64
	Text      string
	CreatedAt time.Time
	Creator   Entity
	Mentions  []Entity
}

// cursor is a live records cursor: the matching ids are fixed at creation,
// values are read at each GET.
type cursor struct {
	ID      string
	App     int64
	Fields  []string
	IDs     []int64
	Pos     int
	Size    int
	Expires time.Time
	// Owner is the login name (or token) that created it.
	Owner string
}

// csvJob is the result of a User API CSV import.
type csvJob struct {
	Done      bool
	Success   bool
	ErrorCode string
}

func newStore() *store {
	return &store{
		apps:         map[int64]*app{},
		spaces:       map[int64]*Space{},
		userOrgs:     map[string][]orgTitle{},
		groupMembers: map[string][]string{},
		tokens:       map[string]*apiToken{},
		cursors:      map[string]*cursor{},
		uploads:      map[string]*storedFile{},
		files:        map[string]*storedFile{},
		csvJobs:      map[int64]*csvJob{},
	}
}

// userByCode returns the user with the login name, or nil.
func (st *store) userByCode(code string) *User { return byCode(st.users, code) }

// orgByCode returns the organization with the code, or nil.
func (st *store) orgByCode(code string) *Organization { return byCode(st.orgs, code) }

// groupByCode returns the group with the code, or nil.
func (st *store) groupByCode(code string) *Group { return byCode(st.groups, code) }

// titleByCode returns the title with the code, or nil.
func (st *store) titleByCode(code string) *Title { return byCode(st.titles, code) }

// field returns the live field with the code, searching inside subtables
// too; parent is the subtable holding it, or nil at top level.
func (a *app) field(code string) (f *Field, parent *Field) { return fieldIn(a.Fields, code) }

// fieldOfType returns the first live field of the type, or nil.
func (a *app) fieldOfType(typ string) *Field {
	for _, f := range a.Fields {
		if f.Type == typ {
			return f
		}
	}
	return nil
}

// insertID adds id to the ascending ids slice.
func (a *app) insertID(id int64) {
	i := sort.Search(len(a.ids), func(i int) bool { return a.ids[i] >= id })
	if i < len(a.ids) && a.ids[i] == id {
		return
	}
	a.ids = append(a.ids, 0)
	copy(a.ids[i+1:], a.ids[i:])
	a.ids[i] = id
}

// removeID drops id from the ascending ids slice.
func (a *app) removeID(id int64) {
	i := sort.Search(len(a.ids), func(i int) bool { return a.ids[i] >= id })
	if i < len(a.ids) && a.ids[i] == id {
		a.ids = append(a.ids[:i], a.ids[i+1:]...)
	}
}

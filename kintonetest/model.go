package kintonetest

import "time"

// Field types, as kintone names them in form/fields.json and in records.
const (
	TypeRecordNumber       = "RECORD_NUMBER"
	TypeID                 = "__ID__"
	TypeRevision           = "__REVISION__"
	TypeCreator            = "CREATOR"
	TypeCreatedTime        = "CREATED_TIME"
	TypeModifier           = "MODIFIER"
	TypeUpdatedTime        = "UPDATED_TIME"
	TypeSingleLineText     = "SINGLE_LINE_TEXT"
	TypeMultiLineText      = "MULTI_LINE_TEXT"
	TypeRichText           = "RICH_TEXT"
	TypeNumber             = "NUMBER"
	TypeCalc               = "CALC"
	TypeCheckBox           = "CHECK_BOX"
	TypeRadioButton        = "RADIO_BUTTON"
	TypeMultiSelect        = "MULTI_SELECT"
	TypeDropDown           = "DROP_DOWN"
	TypeDate               = "DATE"
	TypeTime               = "TIME"
	TypeDateTime           = "DATETIME"
	TypeLink               = "LINK"
	TypeFile               = "FILE"
	TypeUserSelect         = "USER_SELECT"
	TypeOrganizationSelect = "ORGANIZATION_SELECT"
	TypeGroupSelect        = "GROUP_SELECT"
	TypeStatus             = "STATUS"
	TypeStatusAssignee     = "STATUS_ASSIGNEE"
	TypeCategory           = "CATEGORY"
	TypeSubtable           = "SUBTABLE"
	TypeReferenceTable     = "REFERENCE_TABLE"
	TypeLabel              = "LABEL"
	TypeSpacer             = "SPACER"
	TypeHR                 = "HR"
	TypeGroup              = "GROUP"
)

// Field is a field definition of an app, used both to seed apps and as the
// stored form. Attributes that do not apply to a type are ignored.
type Field struct {
	Type     string
	Code     string
	Label    string
	NoLabel  bool
	Required bool
	// Unique is "prohibit duplicate values"; kintone keeps it only on
	// SINGLE_LINE_TEXT, NUMBER, LINK, DATE and DATETIME.
	Unique bool
	// DefaultValue is the default in kintone's JSON value shape: a string,
	// []string for CHECK_BOX/MULTI_SELECT, or []Entity for selections.
	DefaultValue any
	// DefaultNowValue fills DATE, TIME and DATETIME with the current time.
	DefaultNowValue bool
	// Options are the choices of CHECK_BOX, RADIO_BUTTON, MULTI_SELECT and
	// DROP_DOWN, in display order.
	Options []string
	// Expression is the formula of a CALC field or an auto-calculated text.
	Expression string
	// Format is the CALC display format (NUMBER, NUMBER_DIGIT, DATETIME,
	// DATE, TIME, HOUR_MINUTE, DAY_HOUR_MINUTE).
	Format       string
	MinLength    string
	MaxLength    string
	MinValue     string
	MaxValue     string
	Digit        bool
	DisplayScale string
	Unit         string
	UnitPosition string
	// Protocol is the LINK protocol: WEB, CALL or MAIL.
	Protocol string
	// Entities are the selectable entities of a user/org/group selection.
	Entities []Entity
	// Lookup makes a SINGLE_LINE_TEXT, NUMBER or LINK field a lookup.
	Lookup *Lookup
	// ReferenceTable configures a REFERENCE_TABLE (related records) field.
	ReferenceTable *ReferenceTable
	// Fields are the inner fields of a SUBTABLE, in order.
	Fields []*Field
	// Enabled applies to STATUS, STATUS_ASSIGNEE and CATEGORY.
	Enabled bool
	// ThumbnailSize applies to FILE fields ("50", "150", "250", "500").
	ThumbnailSize string
	// HideExpression hides the formula of a CALC or auto-calculated
	// SINGLE_LINE_TEXT field.
	HideExpression bool
	// Align is the option layout of CHECK_BOX and RADIO_BUTTON:
	// HORIZONTAL (default) or VERTICAL.
	Align string
	// OpenGroup shows a GROUP field expanded.
	OpenGroup bool
}

// Entity is a user, organization or group reference: {"code","type"} in
// field settings and {"code","name"} in record values.
type Entity struct {
	Code string `json:"code"`
	Type string `json:"type,omitempty"`
	Name string `json:"name,omitempty"`
}

// Lookup describes a lookup field's source.
type Lookup struct {
	RelatedApp         int64
	RelatedKeyField    string
	FieldMappings      []FieldMapping
	LookupPickerFields []string
	FilterCond         string
	Sort               string
}

// FieldMapping copies RelatedField of the source app into Field on lookup.
type FieldMapping struct {
	Field        string
	RelatedField string
}

// ReferenceTable describes a related-records field.
type ReferenceTable struct {
	RelatedApp    int64
	Field         string // field of this app
	RelatedField  string // field of the related app
	FilterCond    string
	DisplayFields []string
	Sort          string
	Size          string
}

// ProcessManagement is an app's process management (status) settings.
type ProcessManagement struct {
	Enable  bool
	States  []State
	Actions []Action
}

// State is one status of the process.
type State struct {
	Name string
	// AssigneeType is ONE, ALL or ANY.
	AssigneeType string
	// Assignees are the entities that may be assigned in this state; an
	// entity of type FIELD_ENTITY names a user-selection field.
	Assignees []Entity
}

// Action moves a record from one state to another.
type Action struct {
	Name       string
	From       string
	To         string
	FilterCond string
	// Type is PRIMARY or SECONDARY.
	Type string
}

// View is a saved list or calendar view of an app.
type View struct {
	Name       string
	Type       string // LIST, CALENDAR or CUSTOM
	FilterCond string
	Sort       string
	Fields     []string
}

// AppSpec describes an app to create with Server.CreateApp. The system
// fields (record number, creator, created time, modifier, updated time,
// status, assignee, category) are added automatically with kintone's
// Japanese codes unless the spec already holds a field of that type.
type AppSpec struct {
	Name        string
	Code        string
	Description string
	// SpaceID places the app in a space; GuestSpace marks that space as a
	// guest space, so the app is reachable only under /k/guest/{SpaceID}/.
	SpaceID    int64
	ThreadID   int64
	GuestSpace bool
	Fields     []*Field
	Process    *ProcessManagement
	Views      []View
	// CommentsDisabled turns the comment feature off (GAIA_RE12).
	CommentsDisabled bool
	// Creator is the login name recorded as the app's creator
	// (default Administrator).
	Creator string
}

// User is a cybozu.com user, for seeding and for the User API.
type User struct {
	ID               int64
	Code             string
	Password         string
	Name             string
	SurName          string
	GivenName        string
	SurNameReading   string
	GivenNameReading string
	LocalName        string
	LocalNameLocale  string
	Valid            bool
	Timezone         string // e.g. "Asia/Tokyo"; default "Asia/Tokyo"
	Locale           string // ja, en, ...; default "ja"
	Description      string
	Phone            string
	MobilePhone      string
	ExtensionNumber  string
	Email            string
	Callto           string
	URL              string
	EmployeeNumber   string
	BirthDate        string // YYYY-MM-DD or ""
	JoinDate         string // YYYY-MM-DD or ""
	PrimaryOrg       string // organization code or ""
	SortOrder        *int64
	CustomItems      map[string]string
	// Admin grants cybozu.com administrator rights (User API writes, system
	// fields on record POST).
	Admin bool
	CTime time.Time
	MTime time.Time
}

// Organization is a department.
type Organization struct {
	ID              int64
	Code            string
	Name            string
	LocalName       string
	LocalNameLocale string
	ParentCode      string
	Description     string
}

// Group is a role/group.
type Group struct {
	ID          int64
	Code        string
	Name        string
	Description string
	// Type is "static" or "dynamic".
	Type string
}

// Title is a job title.
type Title struct {
	ID          int64
	Code        string
	Name        string
	Description string
}

// Space is a kintone space; IsGuest spaces route their apps under
// /k/guest/{id}/.
type Space struct {
	ID        int64
	Name      string
	IsGuest   bool
	IsPrivate bool
	Body      string
	Members   []string
	// DefaultThread is the id of the space's default thread.
	DefaultThread int64
}

// TokenPermissions are the rights of an app API token.
type TokenPermissions struct {
	View, Add, Edit, Delete bool
	// ManageApp allows app settings APIs.
	ManageApp bool
}

// AllPermissions grants view, add, edit and delete.
var AllPermissions = TokenPermissions{View: true, Add: true, Edit: true, Delete: true}

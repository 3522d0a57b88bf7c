package client

import "encoding/json"

// Record is one kintone record: field code → field value.
type Record map[string]FieldValue

// FieldValue is a record field as kintone sends it. Value keeps the raw JSON so
// numbers and strings stay exact; the schema package converts it. For writes
// only Value is needed (kintone ignores type).
type FieldValue struct {
	Type  string          `json:"type,omitempty"`
	Value json.RawMessage `json:"value"`
}

// SubtableRow is one row of a SUBTABLE value (FieldValue.Value holds a JSON
// array of these). ID is empty for a new row.
type SubtableRow struct {
	ID    string `json:"id,omitempty"`
	Value Record `json:"value"`
}

// FileValue is one element of a FILE field's value. Size is a decimal string.
// For writes only FileKey (from UploadFile) is sent.
type FileValue struct {
	ContentType string `json:"contentType,omitempty"`
	FileKey     string `json:"fileKey"`
	Name        string `json:"name,omitempty"`
	Size        string `json:"size,omitempty"`
}

// CodeName is a user, organization or group reference as kintone returns it
// in values such as CREATOR or USER_SELECT (name is ignored on writes).
type CodeName struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// Entity is a typed reference: Type is USER, GROUP, ORGANIZATION or FUNCTION.
type Entity struct {
	Code string `json:"code"`
	Type string `json:"type"`
}

// UpdateKey identifies a record by a unique SINGLE_LINE_TEXT or NUMBER field.
type UpdateKey struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// RecordRevision is the outcome of a record write: the record id, its new
// revision, and for upserts the Operation ("INSERT" or "UPDATE").
type RecordRevision struct {
	ID        int64  `json:"id,string"`
	Revision  int64  `json:"revision,string"`
	Operation string `json:"operation,omitempty"`
}

// FieldProperty is a field definition from app/form/fields.json. Numeric
// attributes are strings, as kintone sends them ("" when unset).
type FieldProperty struct {
	Type            string                   `json:"type"`
	Code            string                   `json:"code"`
	Label           string                   `json:"label,omitempty"`
	NoLabel         bool                     `json:"noLabel,omitempty"`
	Required        bool                     `json:"required,omitempty"`
	Unique          bool                     `json:"unique,omitempty"`
	DefaultValue    json.RawMessage          `json:"defaultValue,omitempty"`
	DefaultNowValue bool                     `json:"defaultNowValue,omitempty"`
	Options         map[string]Option        `json:"options,omitempty"`
	Align           string                   `json:"align,omitempty"`
	Expression      string                   `json:"expression,omitempty"`
	HideExpression  bool                     `json:"hideExpression,omitempty"`
	Format          string                   `json:"format,omitempty"`
	Digit           bool                     `json:"digit,omitempty"`
	DisplayScale    string                   `json:"displayScale,omitempty"`
	Unit            string                   `json:"unit,omitempty"`
	UnitPosition    string                   `json:"unitPosition,omitempty"`
	Protocol        string                   `json:"protocol,omitempty"`
	MaxLength       string                   `json:"maxLength,omitempty"`
	MinLength       string                   `json:"minLength,omitempty"`
	MaxValue        string                   `json:"maxValue,omitempty"`
	MinValue        string                   `json:"minValue,omitempty"`
	ThumbnailSize   string                   `json:"thumbnailSize,omitempty"`
	Entities        []Entity                 `json:"entities,omitempty"`
	Lookup          *Lookup                  `json:"lookup,omitempty"`
	ReferenceTable  *ReferenceTable          `json:"referenceTable,omitempty"`
	Fields          map[string]FieldProperty `json:"fields,omitempty"`
	Enabled         bool                     `json:"enabled,omitempty"`
	OpenGroup       bool                     `json:"openGroup,omitempty"`
}

// Option is one choice of a CHECK_BOX, RADIO_BUTTON, DROP_DOWN or MULTI_SELECT
// field; Index is its display position as a decimal string.
type Option struct {
	Label string `json:"label"`
	Index string `json:"index"`
}

// RelatedApp names the source app of a lookup or related-records field.
type RelatedApp struct {
	App  string `json:"app"`
	Code string `json:"code,omitempty"`
}

// FieldMapping copies RelatedField of the source app into Field.
type FieldMapping struct {
	Field        string `json:"field"`
	RelatedField string `json:"relatedField"`
}

// Lookup is the lookup setting of a SINGLE_LINE_TEXT or NUMBER field.
type Lookup struct {
	RelatedApp         RelatedApp     `json:"relatedApp"`
	RelatedKeyField    string         `json:"relatedKeyField"`
	FieldMappings      []FieldMapping `json:"fieldMappings"`
	LookupPickerFields []string       `json:"lookupPickerFields"`
	FilterCond         string         `json:"filterCond"`
	Sort               string         `json:"sort"`
}

// ReferenceTable is the setting of a REFERENCE_TABLE (related records) field.
type ReferenceTable struct {
	RelatedApp    RelatedApp   `json:"relatedApp"`
	Condition     FieldMapping `json:"condition"`
	FilterCond    string       `json:"filterCond"`
	DisplayFields []string     `json:"displayFields"`
	Sort          string       `json:"sort"`
	Size          string       `json:"size"`
}

// FormFields is the answer of app/form/fields.json.
type FormFields struct {
	Properties map[string]FieldProperty `json:"properties"`
	Revision   string                   `json:"revision"`
}

// App is an app as returned by app.json and apps.json. SpaceID and ThreadID
// are nil for apps outside a space. Times are kintone's ISO-8601 strings.
type App struct {
	AppID       string   `json:"appId"`
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	SpaceID     *string  `json:"spaceId"`
	ThreadID    *string  `json:"threadId"`
	CreatedAt   string   `json:"createdAt"`
	Creator     CodeName `json:"creator"`
	ModifiedAt  string   `json:"modifiedAt"`
	Modifier    CodeName `json:"modifier"`
}

// Layout is the answer of app/form/layout.json.
type Layout struct {
	Layout   []LayoutRow `json:"layout"`
	Revision string      `json:"revision"`
}

// LayoutRow is a top-level layout element: Type ROW (Fields), SUBTABLE (Code,
// Fields) or GROUP (Code, Layout).
type LayoutRow struct {
	Type   string        `json:"type"`
	Code   string        `json:"code,omitempty"`
	Fields []LayoutField `json:"fields,omitempty"`
	Layout []LayoutRow   `json:"layout,omitempty"`
}

// LayoutField places one field or decoration (LABEL, SPACER, HR) in a row.
type LayoutField struct {
	Type      string      `json:"type"`
	Code      string      `json:"code,omitempty"`
	Label     string      `json:"label,omitempty"`
	ElementID string      `json:"elementId,omitempty"`
	Size      *LayoutSize `json:"size,omitempty"`
}

// LayoutSize holds a layout element's size as decimal strings.
type LayoutSize struct {
	Width       string `json:"width,omitempty"`
	Height      string `json:"height,omitempty"`
	InnerHeight string `json:"innerHeight,omitempty"`
}

// Views is the answer of app/views.json, keyed by view name.
type Views struct {
	Views    map[string]View `json:"views"`
	Revision string          `json:"revision"`
}

// View is one app view (Type LIST, CALENDAR or CUSTOM).
type View struct {
	Type        string   `json:"type"`
	Index       string   `json:"index"`
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	BuiltinType string   `json:"builtinType,omitempty"`
	FilterCond  string   `json:"filterCond"`
	Sort        string   `json:"sort"`
	Fields      []string `json:"fields,omitempty"`
	Date        string   `json:"date,omitempty"`
	Title       string   `json:"title,omitempty"`
	HTML        string   `json:"html,omitempty"`
	Pager       bool     `json:"pager,omitempty"`
	Device      string   `json:"device,omitempty"`
}

// ProcessManagement is the answer of app/status.json. States and Actions are
// nil when kintone returns null.
type ProcessManagement struct {
	Enable   bool                    `json:"enable"`
	States   map[string]ProcessState `json:"states"`
	Actions  []ProcessAction         `json:"actions"`
	Revision string                  `json:"revision"`
}

// ProcessState is one status of the process.
type ProcessState struct {
	Name     string           `json:"name"`
	Index    string           `json:"index"`
	Assignee *ProcessAssignee `json:"assignee,omitempty"`
}

// ProcessAssignee says who works on a state: Type ONE, ALL or ANY.
type ProcessAssignee struct {
	Type     string          `json:"type"`
	Entities []ProcessEntity `json:"entities"`
}

// ProcessEntity is an assignee or executable-user entry.
type ProcessEntity struct {
	Entity      Entity `json:"entity"`
	IncludeSubs bool   `json:"includeSubs"`
}

// ProcessAction moves a record From one state To another (Type PRIMARY or SECONDARY).
type ProcessAction struct {
	Name           string                 `json:"name"`
	From           string                 `json:"from"`
	To             string                 `json:"to"`
	FilterCond     string                 `json:"filterCond"`
	Type           string                 `json:"type,omitempty"`
	ExecutableUser *ProcessExecutableUser `json:"executableUser,omitempty"`
}

// ProcessExecutableUser restricts who may run an action.
type ProcessExecutableUser struct {
	Entities []ProcessEntity `json:"entities"`
}

// Space is the answer of space.json.
type Space struct {
	ID                  string           `json:"id"`
	Name                string           `json:"name"`
	DefaultThread       string           `json:"defaultThread"`
	IsPrivate           bool             `json:"isPrivate"`
	Creator             CodeName         `json:"creator"`
	Modifier            CodeName         `json:"modifier"`
	MemberCount         string           `json:"memberCount"`
	CoverType           string           `json:"coverType"`
	CoverKey            string           `json:"coverKey"`
	CoverURL            string           `json:"coverUrl"`
	Body                string           `json:"body"`
	UseMultiThread      bool             `json:"useMultiThread"`
	IsGuest             bool             `json:"isGuest"`
	AttachedApps        []App            `json:"attachedApps"`
	FixedMember         bool             `json:"fixedMember"`
	ShowAnnouncement    bool             `json:"showAnnouncement"`
	ShowThreadList      bool             `json:"showThreadList"`
	ShowAppList         bool             `json:"showAppList"`
	ShowMemberList      bool             `json:"showMemberList"`
	ShowRelatedLinkList bool             `json:"showRelatedLinkList"`
	Permissions         SpacePermissions `json:"permissions"`
}

// SpacePermissions are a space's permission settings: CreateApp says who
// may create apps in it, "EVERYONE" (every member) or "ADMIN" (space
// administrators only), as kintone's js-sdk types it.
type SpacePermissions struct {
	CreateApp string `json:"createApp"`
}

// DeployStatus is the deployment state of one app: PROCESSING, SUCCESS, FAIL or CANCEL.
type DeployStatus struct {
	App    string `json:"app"`
	Status string `json:"status"`
}

// Comment is a record comment. CreatedAt is ISO-8601 UTC.
type Comment struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	CreatedAt string    `json:"createdAt"`
	Creator   CodeName  `json:"creator"`
	Mentions  []Mention `json:"mentions"`
}

// Mention addresses a USER, GROUP or ORGANIZATION in a comment.
type Mention struct {
	Code string `json:"code"`
	Type string `json:"type"`
}

// User is a cybozu.com user. Optional strings that kintone sends as null read
// as ""; BirthDate and JoinDate are "YYYY-MM-DD" or "".
type User struct {
	ID                  string            `json:"id"`
	Code                string            `json:"code"`
	Ctime               string            `json:"ctime"`
	Mtime               string            `json:"mtime"`
	Valid               bool              `json:"valid"`
	Name                string            `json:"name"`
	SurName             string            `json:"surName"`
	GivenName           string            `json:"givenName"`
	SurNameReading      string            `json:"surNameReading"`
	GivenNameReading    string            `json:"givenNameReading"`
	LocalName           string            `json:"localName"`
	LocalNameLocale     string            `json:"localNameLocale"`
	Timezone            string            `json:"timezone"`
	Locale              string            `json:"locale"`
	Description         string            `json:"description"`
	Phone               string            `json:"phone"`
	MobilePhone         string            `json:"mobilePhone"`
	ExtensionNumber     string            `json:"extensionNumber"`
	Email               string            `json:"email"`
	Callto              string            `json:"callto"`
	URL                 string            `json:"url"`
	EmployeeNumber      string            `json:"employeeNumber"`
	BirthDate           string            `json:"birthDate"`
	JoinDate            string            `json:"joinDate"`
	PrimaryOrganization string            `json:"primaryOrganization"`
	SortOrder           *int64            `json:"sortOrder"`
	CustomItemValues    []CustomItemValue `json:"customItemValues"`
}

// CustomItemValue is one custom user attribute.
type CustomItemValue struct {
	Code  string `json:"code"`
	Value string `json:"value"`
}

// Organization is a cybozu.com department.
type Organization struct {
	ID              string `json:"id"`
	Code            string `json:"code"`
	Name            string `json:"name"`
	LocalName       string `json:"localName"`
	LocalNameLocale string `json:"localNameLocale"`
	ParentCode      string `json:"parentCode"`
	Description     string `json:"description"`
}

// Group is a cybozu.com group (role).
type Group struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Title is a job title. ID is empty when read from the title CSV, which has none.
type Title struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// OrganizationTitle is an organization a user belongs to and the user's title
// there (nil when none).
type OrganizationTitle struct {
	Organization Organization `json:"organization"`
	Title        *Title       `json:"title"`
}

// UserTitle is a member of an organization and the member's title there (nil
// when none).
type UserTitle struct {
	User  User   `json:"user"`
	Title *Title `json:"title"`
}

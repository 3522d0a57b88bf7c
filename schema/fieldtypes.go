package schema

// kintone field types, as app/form/fields.json and records name them
// (kintone-api.md §4), plus the synthetic types of the system columns.
const (
	FieldID                 = "__ID__"              // record id ($id)
	FieldRevision           = "__REVISION__"        // record revision ($revision)
	FieldRecordNumber       = "RECORD_NUMBER"       // record number
	FieldCreator            = "CREATOR"             // created by
	FieldCreatedTime        = "CREATED_TIME"        // created at
	FieldModifier           = "MODIFIER"            // updated by
	FieldUpdatedTime        = "UPDATED_TIME"        // updated at
	FieldSingleLineText     = "SINGLE_LINE_TEXT"    // one-line text
	FieldMultiLineText      = "MULTI_LINE_TEXT"     // multi-line text
	FieldRichText           = "RICH_TEXT"           // HTML text
	FieldNumber             = "NUMBER"              // number
	FieldCalc               = "CALC"                // calculated value
	FieldCheckBox           = "CHECK_BOX"           // check boxes
	FieldRadioButton        = "RADIO_BUTTON"        // radio buttons
	FieldMultiSelect        = "MULTI_SELECT"        // multi-choice list
	FieldDropDown           = "DROP_DOWN"           // drop-down
	FieldDate               = "DATE"                // date
	FieldTime               = "TIME"                // time of day
	FieldDateTime           = "DATETIME"            // date and time
	FieldLink               = "LINK"                // link
	FieldFile               = "FILE"                // attachments
	FieldUserSelect         = "USER_SELECT"         // user selection
	FieldOrganizationSelect = "ORGANIZATION_SELECT" // department selection
	FieldGroupSelect        = "GROUP_SELECT"        // group selection
	FieldStatus             = "STATUS"              // process status
	FieldStatusAssignee     = "STATUS_ASSIGNEE"     // process assignees
	FieldCategory           = "CATEGORY"            // categories
	FieldSubtable           = "SUBTABLE"            // table (subtable)
	FieldReferenceTable     = "REFERENCE_TABLE"     // related records
	FieldLabel              = "LABEL"               // label (layout)
	FieldSpacer             = "SPACER"              // blank space (layout)
	FieldHR                 = "HR"                  // border (layout)
	FieldGroup              = "GROUP"               // field group (layout)
	// FieldRowID is the synthetic type of a subtable table's $row_id column
	// (the id kintone gives each subtable row); kintone has no such type.
	FieldRowID = "__ROW_ID__"
)

// CALC formats (the format attribute of a CALC field).
const (
	CalcNumber        = "NUMBER"          // number
	CalcNumberDigit   = "NUMBER_DIGIT"    // number with digit separators
	CalcDateTime      = "DATETIME"        // date and time
	CalcDate          = "DATE"            // date
	CalcTime          = "TIME"            // time
	CalcHourMinute    = "HOUR_MINUTE"     // duration in hours and minutes
	CalcDayHourMinute = "DAY_HOUR_MINUTE" // duration in days, hours and minutes
)

// Names of the system columns.
const (
	// ColumnID is the record id column of app and subtable tables.
	ColumnID = "$id"
	// ColumnRevision is the record revision column of app tables.
	ColumnRevision = "$revision"
	// ColumnRowID is the subtable row id column of subtable tables.
	ColumnRowID = "$row_id"
)

// Schema names.
const (
	// KintoneSchema is the schema of app, subtable and kintone metadata
	// tables; "REST" is accepted as a qualifier too (CData 24.0's name).
	KintoneSchema = "Kintone"
)

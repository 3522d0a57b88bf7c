package schema

// Names of the kintone metadata tables (schema Kintone). They take
// precedence over apps of the same name, which stay reachable as
// app_<id> or by their app code.
const (
	// TableApps lists the connection's apps (no request: the app list of
	// the catalog).
	TableApps = "Apps"
	// TableFields lists the form fields of apps (app/form/fields.json).
	TableFields = "Fields"
	// TableViews lists the views of apps (app/views.json).
	TableViews = "Views"
	// TableProcessManagement holds one row per app with its process
	// management settings (app/status.json).
	TableProcessManagement = "ProcessManagement"
	// TableProcessStates lists the process states of apps.
	TableProcessStates = "ProcessManagementStates"
	// TableProcessActions lists the process actions of apps.
	TableProcessActions = "ProcessManagementActions"
	// TableSpaces lists the spaces holding the connection's apps (space.json).
	TableSpaces = "Spaces"
	// TableComments lists the comments of one record (record/comments.json);
	// WHERE must give AppId and RecordId.
	TableComments = "Comments"
)

// Names of the information_schema views.
const (
	// TableInfoTables is information_schema.TABLES.
	TableInfoTables = "TABLES"
	// TableInfoColumns is information_schema.COLUMNS.
	TableInfoColumns = "COLUMNS"
	// TableInfoSchemata is information_schema.SCHEMATA.
	TableInfoSchemata = "SCHEMATA"
	// TableInfoStatistics is information_schema.STATISTICS: the primary
	// key of each table as its one index.
	TableInfoStatistics = "STATISTICS"
	// TableInfoKeyColumnUsage is information_schema.KEY_COLUMN_USAGE.
	TableInfoKeyColumnUsage = "KEY_COLUMN_USAGE"
	// TableInfoTableConstraints is information_schema.TABLE_CONSTRAINTS.
	TableInfoTableConstraints = "TABLE_CONSTRAINTS"
	// TableInfoReferentialConstraints is
	// information_schema.REFERENTIAL_CONSTRAINTS (empty: kintone has no
	// foreign keys).
	TableInfoReferentialConstraints = "REFERENTIAL_CONSTRAINTS"
	// TableInfoViews is information_schema.VIEWS (empty).
	TableInfoViews = "VIEWS"
	// TableInfoRoutines is information_schema.ROUTINES (empty).
	TableInfoRoutines = "ROUTINES"
	// TableInfoCharacterSets is information_schema.CHARACTER_SETS.
	TableInfoCharacterSets = "CHARACTER_SETS"
)

// Property paths of the metadata tables' pushed-down keys.
const (
	// MetaAppID is the app id of every per-app metadata row.
	MetaAppID = "appId"
	// MetaRecordID is the record id of a comment.
	MetaRecordID = "recordId"
	// MetaSpaceID is the id of a space.
	MetaSpaceID = "id"
)

// metadataTables builds the Kintone metadata tables. Column codes are the
// kintone JSON property paths.
func metadataTables() []*Table {
	text := func(name, code string, aliases ...string) *Column {
		return builtinCol(name, code, TypeText, true, aliases...)
	}
	appID := func() *Column { return builtinCol("AppId", MetaAppID, TypeBigInt, false) }
	return []*Table{
		builtinTable(KintoneSchema, TableApps, MetadataTable, "the apps of this connection", nil, []string{"AppId"},
			builtinCol("AppId", MetaAppID, TypeBigInt, false, "Id"),
			text("Code", "code"),
			builtinCol("Name", "name", TypeText, false),
			text("Description", "description"),
			builtinCol("SpaceId", "spaceId", TypeBigInt, true),
			builtinCol("ThreadId", "threadId", TypeBigInt, true),
			builtinCol("CreatedAt", "createdAt", TypeDateTime, true),
			text("CreatorCode", "creator.code"),
			text("CreatorName", "creator.name"),
			builtinCol("ModifiedAt", "modifiedAt", TypeDateTime, true),
			text("ModifierCode", "modifier.code"),
			text("ModifierName", "modifier.name"),
		),
		builtinTable(KintoneSchema, TableFields, MetadataTable,
			"form fields of the apps (all apps unless WHERE gives AppId)",
			[]string{"FormFields"}, []string{"AppId", "Code"},
			appID(),
			builtinCol("Code", "code", TypeText, false),
			text("Label", "label"),
			builtinCol("Type", "type", TypeText, false),
			text("Subtable", "subtable"),
			builtinCol("Required", "required", TypeBool, false),
			builtinCol("Unique", "unique", TypeBool, false),
			builtinCol("NoLabel", "noLabel", TypeBool, false),
			builtinCol("DefaultValue", "defaultValue", TypeJSON, true),
			builtinCol("Options", "options", TypeJSON, true),
			builtinCol("LookupAppId", "lookup.relatedApp.app", TypeBigInt, true),
			text("LookupKeyField", "lookup.relatedKeyField"),
			builtinCol("LookupMappings", "lookup.fieldMappings", TypeJSON, true),
			builtinCol("ReferenceAppId", "referenceTable.relatedApp.app", TypeBigInt, true),
			builtinCol("ReferenceCondition", "referenceTable.condition", TypeJSON, true),
			builtinCol("ReferenceDisplayFields", "referenceTable.displayFields", TypeJSON, true),
			builtinCol("Properties", "properties", TypeJSON, false),
		),
		builtinTable(KintoneSchema, TableViews, MetadataTable, "record list views of the apps",
			nil, []string{"AppId", "Id"},
			appID(),
			builtinCol("Id", "id", TypeBigInt, false),
			builtinCol("Name", "name", TypeText, false),
			builtinCol("Index", "index", TypeBigInt, false),
			builtinCol("Type", "type", TypeText, false),
			text("BuiltinType", "builtinType"),
			text("FilterCond", "filterCond"),
			text("Sort", "sort"),
			builtinCol("Fields", "fields", TypeJSON, true),
			text("Date", "date"),
			text("Title", "title"),
			text("Html", "html"),
			builtinCol("Pager", "pager", TypeBool, false),
			text("Device", "device"),
		),
		builtinTable(KintoneSchema, TableProcessManagement, MetadataTable,
			"process management settings, one row per app", nil, []string{"AppId"},
			appID(),
			builtinCol("Enable", "enable", TypeBool, false),
			builtinCol("States", "states", TypeJSON, true),
			builtinCol("Actions", "actions", TypeJSON, true),
			builtinCol("Revision", "revision", TypeBigInt, false),
		),
		builtinTable(KintoneSchema, TableProcessStates, MetadataTable, "process states of the apps",
			nil, []string{"AppId", "Name"},
			appID(),
			builtinCol("Name", "name", TypeText, false),
			builtinCol("Index", "index", TypeBigInt, false),
			text("AssigneeType", "assignee.type"),
			builtinCol("Assignees", "assignee.entities", TypeJSON, true),
		),
		builtinTable(KintoneSchema, TableProcessActions, MetadataTable, "process actions of the apps",
			nil, []string{"AppId", "Index"},
			appID(),
			builtinCol("Index", "index", TypeBigInt, false),
			builtinCol("Name", "name", TypeText, false),
			builtinCol("From", "from", TypeText, false),
			builtinCol("To", "to", TypeText, false),
			text("FilterCond", "filterCond"),
			text("Type", "type"),
			builtinCol("ExecutableUser", "executableUser.entities", TypeJSON, true),
		),
		builtinTable(KintoneSchema, TableSpaces, MetadataTable,
			"spaces holding the apps (or those WHERE Id gives)", []string{"Space"}, []string{"Id"},
			builtinCol("Id", MetaSpaceID, TypeBigInt, false),
			builtinCol("Name", "name", TypeText, false),
			builtinCol("DefaultThread", "defaultThread", TypeBigInt, true),
			builtinCol("IsPrivate", "isPrivate", TypeBool, false),
			builtinCol("IsGuest", "isGuest", TypeBool, false),
			text("CreatorCode", "creator.code"),
			text("CreatorName", "creator.name"),
			text("ModifierCode", "modifier.code"),
			text("ModifierName", "modifier.name"),
			builtinCol("MemberCount", "memberCount", TypeBigInt, true),
			text("CoverType", "coverType"),
			text("CoverKey", "coverKey"),
			text("CoverUrl", "coverUrl"),
			text("Body", "body"),
			builtinCol("UseMultiThread", "useMultiThread", TypeBool, false),
			builtinCol("FixedMember", "fixedMember", TypeBool, false),
			builtinCol("AttachedAppIds", "attachedApps", TypeJSON, true),
		),
		builtinTable(KintoneSchema, TableComments, MetadataTable,
			"comments of one record: WHERE must give AppId and RecordId", nil, []string{"AppId", "RecordId", "Id"},
			builtinCol("Id", "id", TypeBigInt, false),
			appID(),
			builtinCol("RecordId", MetaRecordID, TypeBigInt, false),
			builtinCol("Text", "text", TypeText, true),
			text("CreatorCode", "creator.code"),
			text("CreatorName", "creator.name"),
			builtinCol("CreatedAt", "createdAt", TypeDateTime, false),
			builtinCol("Mentions", "mentions", TypeJSON, true, "MentionsAggregate"),
		),
	}
}

// informationSchemaTables builds the information_schema views, with the
// column names of the SQL standard as MySQL spells them (the columns BI
// tools and ORMs read; see engine/introspect.go for the values).
func informationSchemaTables() []*Table {
	text := func(name string, nullable bool) *Column { return builtinCol(name, name, TypeText, nullable) }
	num := func(name string, nullable bool) *Column { return builtinCol(name, name, TypeBigInt, nullable) }
	view := func(name, desc string, cols ...*Column) *Table {
		return builtinTable(InformationSchema, name, MetadataTable, desc, nil, nil, cols...)
	}
	keyUsage := func(name, desc string, extra ...*Column) *Table {
		return view(name, desc, append([]*Column{
			text("CONSTRAINT_CATALOG", false), text("CONSTRAINT_SCHEMA", false), text("CONSTRAINT_NAME", false),
			text("TABLE_CATALOG", false), text("TABLE_SCHEMA", false), text("TABLE_NAME", false),
		}, extra...)...)
	}
	return []*Table{
		view(TableInfoSchemata, "the schemas",
			text("CATALOG_NAME", false), text("SCHEMA_NAME", false),
			text("DEFAULT_CHARACTER_SET_NAME", false), text("DEFAULT_COLLATION_NAME", false),
			text("SQL_PATH", true),
		),
		view(TableInfoTables, "the tables of every schema",
			text("TABLE_CATALOG", false), text("TABLE_SCHEMA", false), text("TABLE_NAME", false),
			text("TABLE_TYPE", false), text("TABLE_COMMENT", true),
			text("ENGINE", true), num("TABLE_ROWS", true), text("TABLE_COLLATION", true),
		),
		view(TableInfoColumns, "the columns of every table",
			text("TABLE_CATALOG", false), text("TABLE_SCHEMA", false), text("TABLE_NAME", false),
			text("COLUMN_NAME", false), num("ORDINAL_POSITION", false), text("COLUMN_DEFAULT", true),
			text("IS_NULLABLE", false), text("DATA_TYPE", false), text("COLUMN_KEY", false),
			text("COLUMN_COMMENT", true),
			num("CHARACTER_MAXIMUM_LENGTH", true), num("CHARACTER_OCTET_LENGTH", true),
			num("NUMERIC_PRECISION", true), num("NUMERIC_SCALE", true), num("DATETIME_PRECISION", true),
			text("CHARACTER_SET_NAME", true), text("COLLATION_NAME", true), text("COLUMN_TYPE", false),
			text("EXTRA", false), text("PRIVILEGES", false), text("GENERATION_EXPRESSION", false),
		),
		view(TableInfoStatistics, "the primary key of every table, as its index PRIMARY",
			text("TABLE_CATALOG", false), text("TABLE_SCHEMA", false), text("TABLE_NAME", false),
			num("NON_UNIQUE", false), text("INDEX_SCHEMA", false), text("INDEX_NAME", false),
			num("SEQ_IN_INDEX", false), text("COLUMN_NAME", false), text("COLLATION", true),
			num("CARDINALITY", true), num("SUB_PART", true), text("PACKED", true), text("NULLABLE", false),
			text("INDEX_TYPE", false), text("COMMENT", false), text("INDEX_COMMENT", false),
			text("IS_VISIBLE", false), text("EXPRESSION", true),
		),
		keyUsage(TableInfoKeyColumnUsage, "the columns of every primary key",
			text("COLUMN_NAME", false), num("ORDINAL_POSITION", false), num("POSITION_IN_UNIQUE_CONSTRAINT", true),
			text("REFERENCED_TABLE_SCHEMA", true), text("REFERENCED_TABLE_NAME", true), text("REFERENCED_COLUMN_NAME", true),
		),
		view(TableInfoTableConstraints, "the primary key constraint of every table",
			text("CONSTRAINT_CATALOG", false), text("CONSTRAINT_SCHEMA", false), text("CONSTRAINT_NAME", false),
			text("TABLE_SCHEMA", false), text("TABLE_NAME", false), text("CONSTRAINT_TYPE", false), text("ENFORCED", false),
		),
		view(TableInfoReferentialConstraints, "foreign keys (none: kintone has no foreign keys)",
			text("CONSTRAINT_CATALOG", false), text("CONSTRAINT_SCHEMA", false), text("CONSTRAINT_NAME", false),
			text("UNIQUE_CONSTRAINT_CATALOG", false), text("UNIQUE_CONSTRAINT_SCHEMA", false), text("UNIQUE_CONSTRAINT_NAME", true),
			text("MATCH_OPTION", false), text("UPDATE_RULE", false), text("DELETE_RULE", false),
			text("TABLE_NAME", false), text("REFERENCED_TABLE_NAME", false),
		),
		view(TableInfoViews, "views (none)",
			text("TABLE_CATALOG", false), text("TABLE_SCHEMA", false), text("TABLE_NAME", false),
			text("VIEW_DEFINITION", false), text("CHECK_OPTION", false), text("IS_UPDATABLE", false),
		),
		view(TableInfoRoutines, "stored routines (none)",
			text("SPECIFIC_NAME", false), text("ROUTINE_CATALOG", false), text("ROUTINE_SCHEMA", false),
			text("ROUTINE_NAME", false), text("ROUTINE_TYPE", false), text("DATA_TYPE", false),
			text("ROUTINE_DEFINITION", true), text("ROUTINE_COMMENT", false),
		),
		view(TableInfoCharacterSets, "the character set (utf8mb4)",
			text("CHARACTER_SET_NAME", false), text("DEFAULT_COLLATE_NAME", false),
			text("DESCRIPTION", false), num("MAXLEN", false),
		),
	}
}

package schema

// Names of the directory tables (schema CybozuUser), read through the
// cybozu.com User API (/v1/...), which needs password authentication.
const (
	// TableUsers lists users (users.json).
	TableUsers = "Users"
	// TableOrganizations lists organizations (departments).
	TableOrganizations = "Organizations"
	// TableGroups lists groups (roles).
	TableGroups = "Groups"
	// TableTitles lists job titles (read from the title CSV export).
	TableTitles = "Titles"
	// TableUserOrganizations holds one row per user × organization, with
	// the user's title there; also named UserDepartments (CData) and
	// OrganizationUsers.
	TableUserOrganizations = "UserOrganizations"
	// TableUserGroups holds one row per user × group; also named GroupUsers.
	TableUserGroups = "UserGroups"
)

// Property paths that key the directory tables. A membership row has one
// side per entity ("user", "organization", "group"), each keyed by its id
// and code: "user.id", "organization.code", ...
const (
	// DirID is the id property of a directory entity.
	DirID = "id"
	// DirCode is the code (login name for users) of a directory entity.
	DirCode = "code"
	// SideUser is the user side of a membership row.
	SideUser = "user"
	// SideOrganization is the organization side of a UserOrganizations row.
	SideOrganization = "organization"
	// SideGroup is the group side of a UserGroups row.
	SideGroup = "group"
	// SideTitle is the title of a UserOrganizations row.
	SideTitle = "title"
)

// directoryTables builds the CybozuUser tables. Column codes are the User
// API property names (prefixed by the side in membership tables), so that
// writes can build their request bodies from them.
func directoryTables() []*Table {
	text := func(name, code string, aliases ...string) *Column {
		return builtinCol(name, code, TypeText, true, aliases...)
	}
	return []*Table{
		builtinTable(CybozuUserSchema, TableUsers, DirectoryTable, "cybozu.com users (User API users.json)",
			nil, []string{"Id"},
			builtinCol("Id", "id", TypeBigInt, false),
			builtinCol("Code", "code", TypeText, false, "LoginName"),
			builtinCol("CreatedTime", "ctime", TypeDateTime, false),
			builtinCol("UpdatedTime", "mtime", TypeDateTime, false),
			builtinCol("Valid", "valid", TypeBool, false),
			builtinCol("Name", "name", TypeText, false),
			text("SurName", "surName"),
			text("GivenName", "givenName"),
			text("SurNameReading", "surNameReading"),
			text("GivenNameReading", "givenNameReading"),
			text("LocalName", "localName"),
			text("LocalNameLocale", "localNameLocale"),
			text("Timezone", "timezone"),
			text("Locale", "locale"),
			text("Description", "description"),
			text("Phone", "phone"),
			text("MobilePhone", "mobilePhone"),
			text("ExtensionNumber", "extensionNumber"),
			text("Email", "email"),
			text("SkypeID", "callto", "Callto"),
			text("Url", "url"),
			text("EmployeeNumber", "employeeNumber"),
			builtinCol("BirthDate", "birthDate", TypeDate, true),
			builtinCol("JoinDate", "joinDate", TypeDate, true),
			builtinCol("PrimaryOrganizationId", "primaryOrganization", TypeBigInt, true, "PrimaryOrganization"),
			builtinCol("SortOrder", "sortOrder", TypeBigInt, true),
			builtinCol("CustomItemValues", "customItemValues", TypeJSON, true),
		),
		builtinTable(CybozuUserSchema, TableOrganizations, DirectoryTable, "cybozu.com organizations (departments)",
			[]string{"Departments"}, []string{"Id"},
			builtinCol("Id", "id", TypeBigInt, false),
			builtinCol("Code", "code", TypeText, false),
			builtinCol("Name", "name", TypeText, false),
			text("LocalName", "localName"),
			text("LocalNameLocale", "localNameLocale"),
			text("ParentCode", "parentCode"),
			text("Description", "description"),
		),
		builtinTable(CybozuUserSchema, TableGroups, DirectoryTable, "cybozu.com groups (roles)",
			nil, []string{"Id"},
			builtinCol("Id", "id", TypeBigInt, false),
			builtinCol("Code", "code", TypeText, false),
			builtinCol("Name", "name", TypeText, false),
			text("Description", "description"),
		),
		builtinTable(CybozuUserSchema, TableTitles, DirectoryTable,
			"cybozu.com job titles (title CSV export; administrators only)",
			nil, []string{"Code"},
			builtinCol("Code", "code", TypeText, false),
			builtinCol("Name", "name", TypeText, false),
			text("Description", "description"),
		),
		builtinTable(CybozuUserSchema, TableUserOrganizations, DirectoryTable,
			"organization memberships: one row per user and organization, with the user's title there",
			[]string{"UserDepartments", "OrganizationUsers"}, []string{"UserId", "OrganizationId"},
			builtinCol("UserId", "user.id", TypeBigInt, false),
			builtinCol("UserCode", "user.code", TypeText, false),
			builtinCol("UserName", "user.name", TypeText, false),
			builtinCol("OrganizationId", "organization.id", TypeBigInt, false),
			builtinCol("OrganizationCode", "organization.code", TypeText, false),
			builtinCol("OrganizationName", "organization.name", TypeText, false),
			builtinCol("TitleId", "title.id", TypeBigInt, true),
			text("TitleCode", "title.code"),
			text("TitleName", "title.name"),
		),
		builtinTable(CybozuUserSchema, TableUserGroups, DirectoryTable,
			"group memberships: one row per user and group",
			[]string{"GroupUsers"}, []string{"UserId", "GroupId"},
			builtinCol("UserId", "user.id", TypeBigInt, false),
			builtinCol("UserCode", "user.code", TypeText, false),
			builtinCol("UserName", "user.name", TypeText, false),
			builtinCol("GroupId", "group.id", TypeBigInt, false),
			builtinCol("GroupCode", "group.code", TypeText, false),
			builtinCol("GroupName", "group.name", TypeText, false),
		),
	}
}

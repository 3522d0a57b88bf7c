package client

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// raw is shorthand for a json.RawMessage literal.
func raw(s string) json.RawMessage { return json.RawMessage(s) }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// endpointCase is one API method with the exact request it must send and the
// value it must return for a canned kintone answer.
type endpointCase struct {
	name     string
	call     func(ctx context.Context, c *Client) (any, error)
	response string
	method   string
	path     string
	query    string
	body     string
	want     any
}

func TestEndpoints(t *testing.T) {
	r := Record{"t": {Value: raw(`"v"`)}}
	cases := []endpointCase{
		{
			name:     "GetRecord",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetRecord(ctx, 1, 2) },
			response: `{"record":{"title":{"type":"SINGLE_LINE_TEXT","value":"x"},"n":{"type":"NUMBER","value":"1.50"},"$id":{"type":"__ID__","value":"2"}}}`,
			method:   "GET", path: "/k/v1/record.json", query: "app=1&id=2",
			want: Record{"title": {Type: "SINGLE_LINE_TEXT", Value: raw(`"x"`)}, "n": {Type: "NUMBER", Value: raw(`"1.50"`)}, "$id": {Type: "__ID__", Value: raw(`"2"`)}},
		},
		{
			name: "GetRecords with totalCount",
			call: func(ctx context.Context, c *Client) (any, error) {
				recs, n, err := c.GetRecords(ctx, GetRecordsRequest{App: 1, Query: "limit 1", TotalCount: true})
				return []any{recs, n}, err
			},
			response: `{"records":[{"a":{"type":"NUMBER","value":"1"}}],"totalCount":"42"}`,
			method:   "GET", path: "/k/v1/records.json", query: "app=1&query=limit%201&totalCount=true",
			want: []any{[]Record{{"a": {Type: "NUMBER", Value: raw(`"1"`)}}}, ptr(int64(42))},
		},
		{
			name: "GetRecords without totalCount",
			call: func(ctx context.Context, c *Client) (any, error) {
				recs, n, err := c.GetRecords(ctx, GetRecordsRequest{App: 1})
				return []any{recs, n}, err
			},
			response: `{"records":[],"totalCount":null}`,
			method:   "GET", path: "/k/v1/records.json", query: "app=1",
			want: []any{[]Record{}, (*int64)(nil)},
		},
		{
			name:     "AddRecord",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.AddRecord(ctx, 3, r) },
			response: `{"id":"10","revision":"1"}`,
			method:   "POST", path: "/k/v1/record.json", body: `{"app":3,"record":{"t":{"value":"v"}}}`,
			want: RecordRevision{ID: 10, Revision: 1},
		},
		{
			name:     "AddRecord defaults",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.AddRecord(ctx, 3, nil) },
			response: `{"id":"11","revision":"1"}`,
			method:   "POST", path: "/k/v1/record.json", body: `{"app":3}`,
			want: RecordRevision{ID: 11, Revision: 1},
		},
		{
			name:     "AddRecords",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.AddRecords(ctx, 3, []Record{r, {}}) },
			response: `{"ids":["4","5"],"revisions":["1","1"]}`,
			method:   "POST", path: "/k/v1/records.json", body: `{"app":3,"records":[{"t":{"value":"v"}},{}]}`,
			want: []RecordRevision{{ID: 4, Revision: 1}, {ID: 5, Revision: 1}},
		},
		{
			name: "UpdateRecord by key",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateRecord(ctx, 3, RecordUpdate{UpdateKey: &UpdateKey{"code", "A-1"}, Revision: 4, Record: r})
			},
			response: `{"revision":"5"}`,
			method:   "PUT", path: "/k/v1/record.json",
			body: `{"app":3,"updateKey":{"field":"code","value":"A-1"},"revision":4,"record":{"t":{"value":"v"}}}`,
			want: int64(5),
		},
		{
			name: "UpdateRecords upsert",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateRecords(ctx, 3, []RecordUpdate{{ID: 7, Record: r}, {UpdateKey: &UpdateKey{"code", "B"}, Revision: -1}}, true)
			},
			response: `{"records":[{"id":"7","revision":"3","operation":"UPDATE"},{"id":"12","revision":"1","operation":"INSERT"}]}`,
			method:   "PUT", path: "/k/v1/records.json",
			body: `{"app":3,"upsert":true,"records":[{"id":7,"record":{"t":{"value":"v"}}},{"updateKey":{"field":"code","value":"B"},"revision":-1}]}`,
			want: []RecordRevision{{ID: 7, Revision: 3, Operation: "UPDATE"}, {ID: 12, Revision: 1, Operation: "INSERT"}},
		},
		{
			name: "DeleteRecords",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteRecords(ctx, 3, []int64{1, 2}, []int64{-1, 4})
			},
			response: `{}`,
			method:   "DELETE", path: "/k/v1/records.json", body: `{"app":3,"ids":[1,2],"revisions":[-1,4]}`,
		},
		{
			name: "CreateCursor",
			call: func(ctx context.Context, c *Client) (any, error) {
				id, n, err := c.CreateCursor(ctx, CreateCursorRequest{App: 3, Fields: []string{"a"}, Query: "a > 1", Size: 500})
				return []any{id, n}, err
			},
			response: `{"id":"cur-1","totalCount":"1234"}`,
			method:   "POST", path: "/k/v1/records/cursor.json", body: `{"app":3,"fields":["a"],"query":"a \u003e 1","size":500}`,
			want: []any{"cur-1", int64(1234)},
		},
		{
			name: "GetCursor",
			call: func(ctx context.Context, c *Client) (any, error) {
				recs, next, err := c.GetCursor(ctx, "cur-1")
				return []any{recs, next}, err
			},
			response: `{"records":[{}],"next":true}`,
			// sent as POST with X-HTTP-Method-Override so that net/http
			// never replays a page that moved the cursor
			method: "POST", path: "/k/v1/records/cursor.json", body: `{"id":"cur-1"}`,
			want: []any{[]Record{{}}, true},
		},
		{
			name:     "DeleteCursor",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteCursor(ctx, "cur-1") },
			response: `{}`,
			method:   "DELETE", path: "/k/v1/records/cursor.json", body: `{"id":"cur-1"}`,
		},
		{
			name: "GetApps",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetApps(ctx, GetAppsRequest{IDs: []int64{1, 2}, Codes: []string{"A"}, Name: "x y", SpaceIDs: []int64{9}, Limit: 10, Offset: 20})
			},
			response: `{"apps":[{"appId":"1","code":"A","name":"x y","description":"","spaceId":"9","threadId":"11","createdAt":"2024-01-01T00:00:00.000Z","creator":{"code":"u","name":"U"},"modifiedAt":"2024-01-02T00:00:00.000Z","modifier":{"code":"v","name":"V"}}]}`,
			method:   "GET", path: "/k/v1/apps.json", query: "ids[0]=1&ids[1]=2&codes[0]=A&name=x%20y&spaceIds[0]=9&limit=10&offset=20",
			want: []App{{AppID: "1", Code: "A", Name: "x y", SpaceID: ptr("9"), ThreadID: ptr("11"), CreatedAt: "2024-01-01T00:00:00.000Z",
				Creator: CodeName{"u", "U"}, ModifiedAt: "2024-01-02T00:00:00.000Z", Modifier: CodeName{"v", "V"}}},
		},
		{
			name:     "GetApp",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetApp(ctx, 5) },
			response: `{"appId":"5","code":"","name":"N","description":"d","spaceId":null,"threadId":null}`,
			method:   "GET", path: "/k/v1/app.json", query: "id=5",
			want: App{AppID: "5", Name: "N", Description: "d"},
		},
		{
			name: "GetFormFields",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetFormFields(ctx, 5, "en") },
			response: `{"revision":"3","properties":{
				"dd":{"type":"DROP_DOWN","code":"dd","label":"DD","noLabel":false,"required":true,"defaultValue":"a","options":{"a":{"label":"a","index":"0"}}},
				"lk":{"type":"SINGLE_LINE_TEXT","code":"lk","label":"L","lookup":{"relatedApp":{"app":"7","code":""},"relatedKeyField":"k","fieldMappings":[{"field":"x","relatedField":"y"}],"lookupPickerFields":["k"],"filterCond":"","sort":"$id desc"}},
				"tb":{"type":"SUBTABLE","code":"tb","fields":{"n":{"type":"NUMBER","code":"n","label":"N","digit":true,"maxValue":"10","unit":"円","unitPosition":"AFTER"}}},
				"st":{"type":"STATUS","code":"st","label":"Status","enabled":true}}}`,
			method: "GET", path: "/k/v1/app/form/fields.json", query: "app=5&lang=en",
			want: FormFields{Revision: "3", Properties: map[string]FieldProperty{
				"dd": {Type: "DROP_DOWN", Code: "dd", Label: "DD", Required: true, DefaultValue: raw(`"a"`), Options: map[string]Option{"a": {Label: "a", Index: "0"}}},
				"lk": {Type: "SINGLE_LINE_TEXT", Code: "lk", Label: "L", Lookup: &Lookup{RelatedApp: RelatedApp{App: "7"}, RelatedKeyField: "k",
					FieldMappings: []FieldMapping{{"x", "y"}}, LookupPickerFields: []string{"k"}, Sort: "$id desc"}},
				"tb": {Type: "SUBTABLE", Code: "tb", Fields: map[string]FieldProperty{"n": {Type: "NUMBER", Code: "n", Label: "N", Digit: true, MaxValue: "10", Unit: "円", UnitPosition: "AFTER"}}},
				"st": {Type: "STATUS", Code: "st", Label: "Status", Enabled: true},
			}},
		},
		{
			name:     "GetFormLayout",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetFormLayout(ctx, 5) },
			response: `{"revision":"2","layout":[{"type":"ROW","fields":[{"type":"SINGLE_LINE_TEXT","code":"t","size":{"width":"193"}}]},{"type":"GROUP","code":"g","layout":[{"type":"ROW","fields":[{"type":"SPACER","elementId":"e","size":{"height":"20"}}]}]}]}`,
			method:   "GET", path: "/k/v1/app/form/layout.json", query: "app=5",
			want: Layout{Revision: "2", Layout: []LayoutRow{
				{Type: "ROW", Fields: []LayoutField{{Type: "SINGLE_LINE_TEXT", Code: "t", Size: &LayoutSize{Width: "193"}}}},
				{Type: "GROUP", Code: "g", Layout: []LayoutRow{{Type: "ROW", Fields: []LayoutField{{Type: "SPACER", ElementID: "e", Size: &LayoutSize{Height: "20"}}}}}},
			}},
		},
		{
			name:     "GetViews",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetViews(ctx, 5, "") },
			response: `{"revision":"4","views":{"All":{"type":"LIST","index":"0","id":"1","name":"All","filterCond":"","sort":"$id desc","fields":["a"]}}}`,
			method:   "GET", path: "/k/v1/app/views.json", query: "app=5",
			want: Views{Revision: "4", Views: map[string]View{"All": {Type: "LIST", Index: "0", ID: "1", Name: "All", Sort: "$id desc", Fields: []string{"a"}}}},
		},
		{
			name:     "GetProcessManagement disabled",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetProcessManagement(ctx, 5, "ja") },
			response: `{"enable":false,"states":null,"actions":null,"revision":"1"}`,
			method:   "GET", path: "/k/v1/app/status.json", query: "app=5&lang=ja",
			want: ProcessManagement{Revision: "1"},
		},
		{
			name: "GetProcessManagement enabled",
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetProcessManagement(ctx, 5, "") },
			response: `{"enable":true,"states":{"New":{"name":"New","index":"0","assignee":{"type":"ONE","entities":[{"entity":{"type":"USER","code":"u"},"includeSubs":false}]}}},
				"actions":[{"name":"Go","from":"New","to":"Done","filterCond":"","type":"PRIMARY"}],"revision":"6"}`,
			method: "GET", path: "/k/v1/app/status.json", query: "app=5",
			want: ProcessManagement{Enable: true, Revision: "6",
				States:  map[string]ProcessState{"New": {Name: "New", Index: "0", Assignee: &ProcessAssignee{Type: "ONE", Entities: []ProcessEntity{{Entity: Entity{Code: "u", Type: "USER"}}}}}},
				Actions: []ProcessAction{{Name: "Go", From: "New", To: "Done", Type: "PRIMARY"}}},
		},
		{
			name:     "GetSpace",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetSpace(ctx, 9) },
			response: `{"id":"9","name":"S","isGuest":true,"memberCount":"3","attachedApps":[{"appId":"5","name":"A"}],"permissions":{"createApp":"ADMIN"}}`,
			method:   "GET", path: "/k/v1/space.json", query: "id=9",
			want: Space{ID: "9", Name: "S", IsGuest: true, MemberCount: "3", AttachedApps: []App{{AppID: "5", Name: "A"}}, Permissions: SpacePermissions{CreateApp: "ADMIN"}},
		},
		{
			name: "AddApp",
			call: func(ctx context.Context, c *Client) (any, error) {
				id, rev, err := c.AddApp(ctx, NewApp{Name: "New", Space: 9, Thread: 10})
				return []int64{id, rev}, err
			},
			response: `{"app":"23","revision":"2"}`,
			method:   "POST", path: "/k/v1/preview/app.json", body: `{"name":"New","space":9,"thread":10}`,
			want: []int64{23, 2},
		},
		{
			name: "AddFormFields",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddFormFields(ctx, 5, map[string]FieldProperty{"t": {Type: "SINGLE_LINE_TEXT", Code: "t", Label: "T", Required: true}}, 3)
			},
			response: `{"revision":"4"}`,
			method:   "POST", path: "/k/v1/preview/app/form/fields.json",
			body: `{"app":5,"properties":{"t":{"type":"SINGLE_LINE_TEXT","code":"t","label":"T","required":true}},"revision":3}`,
			want: int64(4),
		},
		{
			name: "UpdateFormFields",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateFormFields(ctx, 5, map[string]FieldProperty{"t": {Type: "SINGLE_LINE_TEXT", Code: "t2"}}, 0)
			},
			response: `{"revision":"5"}`,
			method:   "PUT", path: "/k/v1/preview/app/form/fields.json", body: `{"app":5,"properties":{"t":{"type":"SINGLE_LINE_TEXT","code":"t2"}}}`,
			want: int64(5),
		},
		{
			name: "DeleteFormFields",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteFormFields(ctx, 5, []string{"a", "b"}, 0)
			},
			response: `{"revision":"6"}`,
			method:   "DELETE", path: "/k/v1/preview/app/form/fields.json", body: `{"app":5,"fields":["a","b"]}`,
			want: int64(6),
		},
		{
			name: "DeployApp",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeployApp(ctx, []AppRevision{{App: 5, Revision: 4}}, true)
			},
			response: `{}`,
			method:   "POST", path: "/k/v1/preview/app/deploy.json", body: `{"apps":[{"app":5,"revision":4}],"revert":true}`,
		},
		{
			name:     "GetDeployStatus",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetDeployStatus(ctx, []int64{5, 6}) },
			response: `{"apps":[{"app":"5","status":"SUCCESS"},{"app":"6","status":"PROCESSING"}]}`,
			method:   "GET", path: "/k/v1/preview/app/deploy.json", query: "apps[0]=5&apps[1]=6",
			want: []DeployStatus{{"5", "SUCCESS"}, {"6", "PROCESSING"}},
		},
		{
			name: "GetComments",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetComments(ctx, GetCommentsRequest{App: 1, Record: 2, Order: "asc", Offset: 10, Limit: 5})
			},
			response: `{"comments":[{"id":"3","text":"hi bob","createdAt":"2026-06-17T03:12:18Z","creator":{"code":"al","name":"Al"},"mentions":[{"code":"bob","type":"USER"}]}],"older":true,"newer":false}`,
			method:   "GET", path: "/k/v1/record/comments.json", query: "app=1&record=2&order=asc&offset=10&limit=5",
			want: Comments{Older: true, Comments: []Comment{{ID: "3", Text: "hi bob", CreatedAt: "2026-06-17T03:12:18Z", Creator: CodeName{"al", "Al"}, Mentions: []Mention{{"bob", "USER"}}}}},
		},
		{
			name: "AddComment",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.AddComment(ctx, 1, 2, NewComment{Text: "hi", Mentions: []Mention{{"bob", "USER"}}})
			},
			response: `{"id":"3"}`,
			method:   "POST", path: "/k/v1/record/comment.json", body: `{"app":1,"record":2,"comment":{"text":"hi","mentions":[{"code":"bob","type":"USER"}]}}`,
			want: int64(3),
		},
		{
			name:     "DeleteComment",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteComment(ctx, 1, 2, 3) },
			response: `{}`,
			method:   "DELETE", path: "/k/v1/record/comment.json", body: `{"app":1,"record":2,"comment":3}`,
		},
		{
			name: "UpdateStatus",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateStatus(ctx, 1, StatusUpdate{ID: 2, Action: "Approve", Assignee: "bob", Revision: 3})
			},
			response: `{"revision":"5"}`,
			method:   "PUT", path: "/k/v1/record/status.json", body: `{"app":1,"id":2,"action":"Approve","assignee":"bob","revision":3}`,
			want: int64(5),
		},
		{
			name: "UpdateStatuses",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateStatuses(ctx, 1, []StatusUpdate{{ID: 2, Action: "A"}})
			},
			response: `{"records":[{"id":"2","revision":"5"}]}`,
			method:   "PUT", path: "/k/v1/records/status.json", body: `{"app":1,"records":[{"id":2,"action":"A"}]}`,
			want: []RecordRevision{{ID: 2, Revision: 5}},
		},
		{
			name: "UpdateAssignees",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateAssignees(ctx, 1, 2, []string{"a", "b"}, 7)
			},
			response: `{"revision":"8"}`,
			method:   "PUT", path: "/k/v1/record/assignees.json", body: `{"app":1,"id":2,"assignees":["a","b"],"revision":7}`,
			want: int64(8),
		},
		{
			name:     "UpdateAssignees clears",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.UpdateAssignees(ctx, 1, 2, nil, 0) },
			response: `{"revision":"9"}`,
			method:   "PUT", path: "/k/v1/record/assignees.json", body: `{"app":1,"id":2,"assignees":[]}`,
			want: int64(9),
		},
		{
			name: "GetUsers",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUsers(ctx, ListRequest{Codes: []string{"a", "b"}, Offset: 100, Size: 50})
			},
			response: `{"users":[{"id":"1","code":"a","valid":true,"name":"A","email":null,"birthDate":null,"primaryOrganization":"4","sortOrder":null,"customItemValues":[{"code":"c","value":"v"}]}]}`,
			method:   "GET", path: "/v1/users.json", query: "codes[0]=a&codes[1]=b&offset=100&size=50",
			want: []User{{ID: "1", Code: "a", Valid: true, Name: "A", PrimaryOrganization: "4", CustomItemValues: []CustomItemValue{{"c", "v"}}}},
		},
		{
			name: "AddUsers",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddUsers(ctx, []map[string]any{{"code": "u", "password": "x", "name": "U"}})
			},
			response: `{}`,
			method:   "POST", path: "/v1/users.json", body: `{"users":[{"code":"u","name":"U","password":"x"}]}`,
		},
		{
			name: "UpdateUsers",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateUsers(ctx, []map[string]any{{"code": "u", "valid": false}})
			},
			response: `{}`,
			method:   "PUT", path: "/v1/users.json", body: `{"users":[{"code":"u","valid":false}]}`,
		},
		{
			name:     "DeleteUsers",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteUsers(ctx, []string{"u"}) },
			response: `{}`,
			method:   "DELETE", path: "/v1/users.json", body: `{"codes":["u"]}`,
		},
		{
			name: "GetOrganizations",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetOrganizations(ctx, ListRequest{IDs: []int64{1}})
			},
			response: `{"organizations":[{"id":"1","code":"dev","name":"Dev","localName":null,"parentCode":"all","description":""}]}`,
			method:   "GET", path: "/v1/organizations.json", query: "ids[0]=1",
			want: []Organization{{ID: "1", Code: "dev", Name: "Dev", ParentCode: "all"}},
		},
		{
			name: "AddOrganizations",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddOrganizations(ctx, []map[string]any{{"code": "o", "name": "O"}})
			},
			response: `{}`,
			method:   "POST", path: "/v1/organizations.json", body: `{"organizations":[{"code":"o","name":"O"}]}`,
		},
		{
			name: "UpdateOrganizations",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateOrganizations(ctx, []map[string]any{{"code": "o"}})
			},
			response: `{}`,
			method:   "PUT", path: "/v1/organizations.json", body: `{"organizations":[{"code":"o"}]}`,
		},
		{
			name: "DeleteOrganizations",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteOrganizations(ctx, []string{"o"})
			},
			response: `{}`,
			method:   "DELETE", path: "/v1/organizations.json", body: `{"codes":["o"]}`,
		},
		{
			name:     "GetGroups",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetGroups(ctx, ListRequest{Size: 10}) },
			response: `{"groups":[{"id":"7","code":"g","name":"G","description":null}]}`,
			method:   "GET", path: "/v1/groups.json", query: "size=10",
			want: []Group{{ID: "7", Code: "g", Name: "G"}},
		},
		{
			name: "AddGroups",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.AddGroups(ctx, []map[string]any{{"code": "g", "type": "static"}})
			},
			response: `{}`,
			method:   "POST", path: "/v1/groups.json", body: `{"groups":[{"code":"g","type":"static"}]}`,
		},
		{
			name: "UpdateGroups",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.UpdateGroups(ctx, []map[string]any{{"code": "g", "name": "H"}})
			},
			response: `{}`,
			method:   "PUT", path: "/v1/groups.json", body: `{"groups":[{"code":"g","name":"H"}]}`,
		},
		{
			name:     "DeleteGroups",
			call:     func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteGroups(ctx, []string{"g", "h"}) },
			response: `{}`,
			method:   "DELETE", path: "/v1/groups.json", body: `{"codes":["g","h"]}`,
		},
		{
			name:     "GetUserOrganizations",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetUserOrganizations(ctx, "bob") },
			response: `{"organizationTitles":[{"organization":{"id":"1","code":"dev","name":"Dev"},"title":{"id":"2","code":"mgr","name":"Manager","description":""}},{"organization":{"id":"3","code":"ops","name":"Ops"},"title":null}]}`,
			method:   "GET", path: "/v1/user/organizations.json", query: "code=bob",
			want: []OrganizationTitle{
				{Organization: Organization{ID: "1", Code: "dev", Name: "Dev"}, Title: &Title{ID: "2", Code: "mgr", Name: "Manager"}},
				{Organization: Organization{ID: "3", Code: "ops", Name: "Ops"}},
			},
		},
		{
			name:     "GetUserGroups",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetUserGroups(ctx, "bob") },
			response: `{"groups":[{"id":"7","code":"g","name":"G"}]}`,
			method:   "GET", path: "/v1/user/groups.json", query: "code=bob",
			want: []Group{{ID: "7", Code: "g", Name: "G"}},
		},
		{
			name:     "GetOrganizationUsers",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetOrganizationUsers(ctx, "dev", 0, 10) },
			response: `{"userTitles":[{"user":{"id":"1","code":"a","name":"A","valid":true},"title":null}]}`,
			method:   "GET", path: "/v1/organization/users.json", query: "code=dev&size=10",
			want: []UserTitle{{User: User{ID: "1", Code: "a", Name: "A", Valid: true}}},
		},
		{
			name:     "GetGroupUsers",
			call:     func(ctx context.Context, c *Client) (any, error) { return c.GetGroupUsers(ctx, "g", 5, 0) },
			response: `{"users":[{"id":"1","code":"a","name":"A"}]}`,
			method:   "GET", path: "/v1/group/users.json", query: "code=g&offset=5",
			want: []User{{ID: "1", Code: "a", Name: "A"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, reply(200, tc.response))
			got, err := tc.call(context.Background(), f.client(t, passwordOpts))
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			req := f.only(t)
			if req.Method != tc.method || req.Path != tc.path || req.Query != tc.query {
				t.Errorf("request = %s %s?%s\nwant      %s %s?%s", req.Method, req.Path, req.Query, tc.method, tc.path, tc.query)
			}
			if string(req.Body) != tc.body {
				t.Errorf("body = %s\nwant   %s", req.Body, tc.body)
			}
			wantType := ""
			if tc.body != "" {
				wantType = "application/json"
			}
			if ct := req.Header.Get("Content-Type"); ct != wantType {
				t.Errorf("Content-Type = %q, want %q", ct, wantType)
			}
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("result = %#v\nwant     %#v", got, tc.want)
			}
		})
	}
}

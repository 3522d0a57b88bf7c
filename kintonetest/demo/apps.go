package demo

import "github.com/kintone-sql/kintone/kintonetest"

// App names and codes of the seeded apps.
const (
	CustomersName       = "顧客"               // the customers app
	CustomersCode       = "CUSTOMER"         // its app code (record numbers CUSTOMER-n)
	DealsName           = "Deals"            // the deals (案件) app
	DealsCode           = "DEAL"             // its app code
	TasksName           = "Tasks"            // the tasks app, with process management
	TasksCode           = "TASK"             // its app code
	PartnerRequestsName = "Partner Requests" // the guest-space app (no app code)
)

// Space names of the seeded spaces.
const (
	ProjectSpaceName = "プロジェクト管理"       // the normal space holding Tasks
	GuestSpaceName   = "Partner Portal" // the guest space holding Partner Requests
)

// industries are the 業種 choices shared by Customers and Deals.
var industries = []string{"製造業", "情報通信業", "小売業", "金融・保険業", "建設業", "医療・福祉", "サービス業"}

// Deal stages in pipeline order, and the tags a deal may carry.
var (
	stages   = []string{"見込み", "提案", "見積", "受注", "失注"}
	dealTags = []string{"新規", "既存", "紹介", "キャンペーン", "重要"}
	products = []string{"kintone スタンダード", "kintone ライト", "導入支援パック", "Custom Plugin", "Training (1 day)", "保守サポート"}
)

// Task choices and process states.
var (
	priorities  = []string{"High", "Medium", "Low"}
	taskLabels  = []string{"frontend", "backend", "docs", "ops"}
	taskStates  = []string{"Not started", "In progress", "Done"}
	requestKind = []string{"見積依頼", "技術質問", "Bug report", "その他"}
)

// text returns a single-line text field.
func text(code, label string) *kintonetest.Field {
	return &kintonetest.Field{Type: kintonetest.TypeSingleLineText, Code: code, Label: label}
}

// typed returns a field of the given type.
func typed(typ, code, label string) *kintonetest.Field {
	return &kintonetest.Field{Type: typ, Code: code, Label: label}
}

// choice returns a selection field with options.
func choice(typ, code, label string, options []string) *kintonetest.Field {
	return &kintonetest.Field{Type: typ, Code: code, Label: label, Options: options}
}

// customersSpec is the 顧客 app: Japanese field codes, the company name is
// unique so that Deals can look it up.
func customersSpec() kintonetest.AppSpec {
	name := text("会社名", "会社名")
	name.Required, name.Unique = true, true
	employees := typed(kintonetest.TypeNumber, "従業員数", "従業員数")
	employees.Unit, employees.UnitPosition, employees.Digit = "名", "AFTER", true
	phone := typed(kintonetest.TypeLink, "電話番号", "電話番号")
	phone.Protocol = "CALL"
	web := typed(kintonetest.TypeLink, "Webサイト", "Webサイト")
	web.Protocol = "WEB"
	rank := choice(kintonetest.TypeRadioButton, "ランク", "ランク", []string{"A", "B", "C"})
	rank.DefaultValue = "C"
	return kintonetest.AppSpec{
		Name: CustomersName, Code: CustomersCode,
		Description: "取引先企業の一覧 (Customers)",
		Fields: []*kintonetest.Field{
			name,
			text("フリガナ", "会社名(フリガナ)"),
			choice(kintonetest.TypeDropDown, "業種", "業種", industries),
			employees,
			typed(kintonetest.TypeUserSelect, "担当者", "担当者"),
			text("所在地", "所在地"),
			phone,
			web,
			rank,
			typed(kintonetest.TypeDate, "取引開始日", "取引開始日"),
			typed(kintonetest.TypeMultiLineText, "備考", "備考"),
		},
	}
}

// dealsSpec is the Deals app: mixed English and Japanese codes, a lookup
// into Customers that copies the industry, and line items whose subtotals
// add up to the total.
func dealsSpec(customers int64) kintonetest.AppSpec {
	title := text("案件名", "案件名")
	title.Required = true
	customer := text("customer", "顧客名")
	customer.Lookup = &kintonetest.Lookup{
		RelatedApp:         customers,
		RelatedKeyField:    "会社名",
		FieldMappings:      []kintonetest.FieldMapping{{Field: "industry", RelatedField: "業種"}},
		LookupPickerFields: []string{"会社名", "業種", "所在地"},
		Sort:               "レコード番号 asc",
	}
	amount := typed(kintonetest.TypeNumber, "amount", "Amount")
	amount.Unit, amount.UnitPosition, amount.Digit = "¥", "BEFORE", true
	stage := choice(kintonetest.TypeRadioButton, "stage", "Stage", stages)
	stage.Required, stage.DefaultValue = true, stages[0]
	probability := typed(kintonetest.TypeNumber, "確度", "確度 (%)")
	probability.MinValue, probability.MaxValue = "0", "100"
	unitPrice := typed(kintonetest.TypeNumber, "unit_price", "単価")
	unitPrice.Digit = true
	subtotal := &kintonetest.Field{Type: kintonetest.TypeCalc, Code: "subtotal", Label: "小計",
		Expression: "unit_price*qty", Format: "NUMBER_DIGIT"}
	total := &kintonetest.Field{Type: kintonetest.TypeCalc, Code: "total", Label: "合計",
		Expression: "SUM(subtotal)", Format: "NUMBER_DIGIT", Unit: "¥", UnitPosition: "BEFORE"}
	return kintonetest.AppSpec{
		Name: DealsName, Code: DealsCode,
		Description: "案件管理 — sales pipeline",
		Fields: []*kintonetest.Field{
			title,
			customer,
			choice(kintonetest.TypeDropDown, "industry", "業種", industries),
			amount,
			stage,
			typed(kintonetest.TypeDate, "close_date", "Close date"),
			choice(kintonetest.TypeCheckBox, "tags", "Tags", dealTags),
			typed(kintonetest.TypeUserSelect, "営業担当", "営業担当"),
			probability,
			{Type: kintonetest.TypeSubtable, Code: "明細", Label: "明細", Fields: []*kintonetest.Field{
				choice(kintonetest.TypeDropDown, "product", "商品", products),
				unitPrice,
				typed(kintonetest.TypeNumber, "qty", "数量"),
				subtotal,
			}},
			total,
			typed(kintonetest.TypeMultiLineText, "メモ", "メモ"),
		},
		Views: []kintonetest.View{
			{Name: "Open deals", Type: "LIST", FilterCond: `stage not in ("受注", "失注")`, Sort: "close_date asc",
				Fields: []string{"案件名", "customer", "amount", "stage", "close_date"}},
		},
	}
}

// tasksSpec is the Tasks app: English codes, including the system fields,
// and a three-state process whose assignee comes from the assignee field.
func tasksSpec(spaceID int64) kintonetest.AppSpec {
	title := text("title", "Title")
	title.Required = true
	priority := choice(kintonetest.TypeDropDown, "priority", "Priority", priorities)
	priority.DefaultValue = "Medium"
	byField := []kintonetest.Entity{{Code: "assignee", Type: "FIELD_ENTITY"}}
	return kintonetest.AppSpec{
		Name: TasksName, Code: TasksCode, SpaceID: spaceID,
		Description: "Team to-do list with process management",
		Fields: []*kintonetest.Field{
			typed(kintonetest.TypeRecordNumber, "Record_number", "Record number"),
			title,
			typed(kintonetest.TypeMultiLineText, "description", "Description"),
			typed(kintonetest.TypeUserSelect, "assignee", "Assignee"),
			typed(kintonetest.TypeDateTime, "due", "Due"),
			priority,
			choice(kintonetest.TypeMultiSelect, "labels", "Labels", taskLabels),
			typed(kintonetest.TypeNumber, "estimate_hours", "Estimate (h)"),
			typed(kintonetest.TypeCreator, "Created_by", "Created by"),
			typed(kintonetest.TypeCreatedTime, "Created_datetime", "Created datetime"),
			typed(kintonetest.TypeModifier, "Updated_by", "Updated by"),
			typed(kintonetest.TypeUpdatedTime, "Updated_datetime", "Updated datetime"),
			{Type: kintonetest.TypeStatus, Code: "Status", Label: "Status", Enabled: true},
			{Type: kintonetest.TypeStatusAssignee, Code: "Assignee", Label: "Assignee", Enabled: true},
			{Type: kintonetest.TypeCategory, Code: "Categories", Label: "Categories"},
		},
		Process: &kintonetest.ProcessManagement{
			Enable: true,
			States: []kintonetest.State{
				{Name: taskStates[0], AssigneeType: "ONE", Assignees: byField},
				{Name: taskStates[1], AssigneeType: "ONE", Assignees: byField},
				{Name: taskStates[2], AssigneeType: "ONE"},
			},
			Actions: []kintonetest.Action{
				{Name: "Start", From: taskStates[0], To: taskStates[1], Type: "PRIMARY"},
				{Name: "Complete", From: taskStates[1], To: taskStates[2], Type: "PRIMARY"},
				{Name: "Reopen", From: taskStates[2], To: taskStates[1], Type: "SECONDARY"},
			},
		},
	}
}

// partnerRequestsSpec is the guest-space app partners file requests in.
func partnerRequestsSpec(guestSpaceID int64) kintonetest.AppSpec {
	subject := text("件名", "件名")
	subject.Required = true
	requested := typed(kintonetest.TypeDateTime, "requested_at", "Requested at")
	requested.DefaultNowValue = true
	return kintonetest.AppSpec{
		Name: PartnerRequestsName, SpaceID: guestSpaceID, GuestSpace: true,
		Description: "パートナー企業からの依頼 (guest space)",
		Fields: []*kintonetest.Field{
			subject,
			text("partner", "Partner"),
			choice(kintonetest.TypeDropDown, "kind", "種別", requestKind),
			requested,
			typed(kintonetest.TypeMultiLineText, "details", "Details"),
			typed(kintonetest.TypeFile, "attachments", "添付ファイル"),
			choice(kintonetest.TypeCheckBox, "resolved", "Resolved", []string{"対応済み"}),
		},
	}
}

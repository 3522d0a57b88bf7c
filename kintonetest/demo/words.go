package demo

// stem is a company-name stem with its katakana reading.
type stem struct{ name, kana string }

// business is a company-name suffix with its reading and the industry a
// company of that kind belongs to.
type business struct{ name, kana, industry string }

// companyStems are combined with businesses to make company names.
var companyStems = []stem{
	{"山田", "ヤマダ"}, {"青葉", "アオバ"}, {"日の出", "ヒノデ"}, {"桜", "サクラ"}, {"富士", "フジ"},
	{"北斗", "ホクト"}, {"大和", "ヤマト"}, {"東雲", "シノノメ"}, {"若葉", "ワカバ"}, {"光", "ヒカリ"},
	{"翼", "ツバサ"}, {"銀河", "ギンガ"}, {"海風", "ウミカゼ"}, {"朝日", "アサヒ"}, {"双葉", "フタバ"},
	{"昴", "スバル"}, {"白鷺", "シラサギ"}, {"黎明", "レイメイ"}, {"暁", "アカツキ"}, {"葵", "アオイ"},
}

// businesses are company-name suffixes.
var businesses = []business{
	{"製作所", "セイサクショ", "製造業"},
	{"電機", "デンキ", "製造業"},
	{"システムズ", "システムズ", "情報通信業"},
	{"ソリューションズ", "ソリューションズ", "情報通信業"},
	{"ストア", "ストア", "小売業"},
	{"銀行", "ギンコウ", "金融・保険業"},
	{"建設", "ケンセツ", "建設業"},
	{"メディカル", "メディカル", "医療・福祉"},
	{"サービス", "サービス", "サービス業"},
	{"商事", "ショウジ", ""},
}

// specialCustomers are hand-written customers whose names need quoting
// in queries and SQL: quotes, a backslash, LIKE wildcards, Latin names.
var specialCustomers = []struct {
	name, kana, industry, note string
}{
	{`株式会社 "ダブルクォート"`, "ダブルクォート", "サービス業", `社名に "引用符" を含む`},
	{`O'Brien & Sons Ltd.`, "", "小売業", "Single quote in the name."},
	{`バックスラッシュ\商会`, "バックスラッシュショウカイ", "", `Backslash: C:\data\export.csv`},
	{"100% Natural_Foods", "", "小売業", "LIKE wildcards % and _ in the name."},
	{"Acme Corporation", "", "製造業", "Line one\nLine two\n\tindented"},
	{"Globex Inc.", "", "情報通信業", ""},
	{"ｶﾌﾞｼｷｶﾞｲｼｬ半角", "カブシキガイシャハンカク", "", "半角カナの社名"},
	{"Ünïcödé GmbH", "", "製造業", "Umlauts — and an em dash."},
}

// addresses are 所在地 values.
var addresses = []string{
	"東京都千代田区丸の内1-1-1", "東京都港区六本木6-10-1", "東京都渋谷区道玄坂2-24-12", "東京都中央区日本橋2-7-1",
	"大阪府大阪市北区梅田3-1-3", "大阪府大阪市中央区本町4-1-13", "愛知県名古屋市中村区名駅1-1-4",
	"福岡県福岡市博多区博多駅中央街1-1", "北海道札幌市中央区北5条西2-5", "宮城県仙台市青葉区中央1-1-1",
	"京都府京都市下京区烏丸通塩小路下ル", "神奈川県横浜市西区みなとみらい2-2-1", "広島県広島市中区基町6-78",
	"San Francisco, CA, USA", "Berlin, Germany",
}

// customerNotes are sample 備考 texts.
var customerNotes = []string{
	"定例会は毎月第2火曜日。",
	"請求書は PDF で送付すること。",
	"決裁者は情報システム部長。\n予算は下期に確定。",
	"展示会で名刺交換。",
	"Prefers English-speaking contact.",
}

// dealMemos are sample メモ texts on deals.
var dealMemos = []string{
	"先方の稟議待ち。",
	"競合: 他社製品と比較検討中。",
	"デモ実施済み。\n次回は見積提示。",
	`見積書の件名は "2025年度 追加ライセンス" で。`,
	`共有フォルダ: \\fileserver\sales\deals`,
	"Follow up after Golden Week.",
}

// taskVerbs and taskObjects make task titles.
var (
	taskVerbs   = []string{"Review", "Write", "Fix", "Update", "Deploy", "Test", "Design", "Document"}
	taskObjects = []string{"login page", "invoice export", "customer import", "API rate limits", "backup job",
		"release notes", "search index", "onboarding guide", "CSV parser", "dashboard"}
)

// partnerSubjects are Partner Requests subjects.
var partnerSubjects = []string{
	"見積書の再発行のお願い", "API連携についての質問", "Error 520 when uploading files", "ライセンス追加の相談",
	"請求先住所の変更", "Feature request: bulk export", "研修日程の調整", `"Quoted" subject line`,
}

// partnerNames are the partner companies in the guest space.
var partnerNames = []string{"Partner One K.K.", "合同会社パートナーズ", "Globex Inc.", "株式会社ブリッジ"}

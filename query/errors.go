package query

import "fmt"

// Error codes the query package reports (kintone-api.md §6, §7).
const (
	// CodeSyntax is kintone's code for a malformed query.
	CodeSyntax = "CB_VA01"
	// CodeArgCount is kintone's code for a function called with the wrong
	// number of arguments.
	CodeArgCount = "GAIA_IL08"
	// CodeDayNumber is kintone's code for a bad day argument of a month or
	// week function.
	CodeDayNumber = "GAIA_IQ23"
	// CodeDateUnit is kintone's code for a bad FROM_TODAY unit.
	CodeDateUnit = "GAIA_IQ25"
	// CodeLimit is kintone's code for a limit above MaxLimit.
	CodeLimit = "GAIA_QU01"
	// CodeOffset is kintone's code for an offset above MaxOffset.
	CodeOffset = "GAIA_QU02"
)

// argCountMessage is kintone's text for GAIA_IL08 (kintone-observed.md).
const argCountMessage = "クエリの指定が不正です。"

// SyntaxMessage is the text kintone puts in errors.query.messages for a
// malformed query.
const SyntaxMessage = "クエリ記法が間違っています。"

// Error is a query error carrying the kintone error code.
type Error struct {
	// Code is the kintone error code, e.g. "CB_VA01".
	Code string
	// Pos is the byte offset in the query text the error points at, or -1
	// when unknown.
	Pos int
	// Message is KintoneMessage followed by a short English detail, e.g.
	// `クエリ記法が間違っています。 (at 17: expected a value after "=")`.
	Message string
	// KintoneMessage is the text alone that kintone itself would return:
	// for CB_VA01 the entry of errors.query.messages, otherwise the
	// top-level message of the error body.
	KintoneMessage string
}

// NewError returns an Error whose Message is kintoneMsg followed by the
// position (when pos >= 0) and detail.
func NewError(code string, pos int, kintoneMsg, detail string) *Error {
	msg := kintoneMsg
	switch {
	case detail != "" && pos >= 0:
		msg = fmt.Sprintf("%s (at %d: %s)", kintoneMsg, pos, detail)
	case detail != "":
		msg = fmt.Sprintf("%s (%s)", kintoneMsg, detail)
	}
	return &Error{Code: code, Pos: pos, Message: msg, KintoneMessage: kintoneMsg}
}

// Error returns the code, position and message.
func (e *Error) Error() string {
	if e.Pos < 0 {
		return fmt.Sprintf("kintone query error %s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("kintone query error %s at byte %d: %s", e.Code, e.Pos, e.Message)
}

// syntaxError returns a CB_VA01 error at pos with an English detail.
func syntaxError(pos int, format string, args ...any) *Error {
	return NewError(CodeSyntax, pos, SyntaxMessage, fmt.Sprintf(format, args...))
}

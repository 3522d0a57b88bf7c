package query

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorText(t *testing.T) {
	_, err := Parse(`name = "x" and age =`)
	var e *Error
	if !errors.As(fmt.Errorf("wrapped: %w", err), &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.Code != CodeSyntax || e.Pos != 20 || e.KintoneMessage != SyntaxMessage {
		t.Fatalf("got %#v", e)
	}
	if !strings.HasPrefix(e.Message, SyntaxMessage+" (at 20: ") {
		t.Errorf("Message %q does not start with the kintone text and position", e.Message)
	}
	for _, part := range []string{"CB_VA01", "20", e.Message} {
		if !strings.Contains(e.Error(), part) {
			t.Errorf("Error() %q lacks %q", e.Error(), part)
		}
	}
}

func TestNewErrorWithoutPos(t *testing.T) {
	e := NewError(CodeLimit, -1, "k", "detail")
	if e.Message != "k (detail)" || strings.Contains(e.Error(), "-1") {
		t.Errorf("got Message %q, Error %q", e.Message, e.Error())
	}
	if e := NewError(CodeLimit, 3, "k", ""); e.Message != "k" {
		t.Errorf("got Message %q", e.Message)
	}
}

func TestCheckLimits(t *testing.T) {
	tests := []struct {
		in   string
		code string
	}{
		{"limit 500 offset 10000", ""},
		{"", ""},
		{"limit 501", CodeLimit},
		{"offset 10001", CodeOffset},
		{"limit 501 offset 10001", CodeLimit},
	}
	for _, tt := range tests {
		err := mustParse(t, tt.in).CheckLimits()
		code := ""
		if e, ok := err.(*Error); ok {
			code = e.Code
		} else if err != nil {
			t.Errorf("%q: error %T is not *Error", tt.in, err)
		}
		if code != tt.code {
			t.Errorf("CheckLimits(%q) = %v, want code %q", tt.in, err, tt.code)
		}
	}
}

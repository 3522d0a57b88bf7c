package query

import "testing"

func TestFunctionClasses(t *testing.T) {
	tests := []struct {
		name            string
		date, user, org bool
	}{
		{"TODAY", true, false, false},
		{"now", true, false, false},
		{"From_Today", true, false, false},
		{"THIS_WEEK", true, false, false},
		{"NEXT_YEAR", true, false, false},
		{"LOGINUSER", false, true, false},
		{"loginuser", false, true, false},
		{"PRIMARY_ORGANIZATION", false, false, true},
		{"NOPE", false, false, false},
		{"", false, false, false},
	}
	for _, tt := range tests {
		if got := IsDateFunc(tt.name); got != tt.date {
			t.Errorf("IsDateFunc(%q) = %v", tt.name, got)
		}
		if got := IsUserFunc(tt.name); got != tt.user {
			t.Errorf("IsUserFunc(%q) = %v", tt.name, got)
		}
		if got := IsOrgFunc(tt.name); got != tt.org {
			t.Errorf("IsOrgFunc(%q) = %v", tt.name, got)
		}
	}
}

// TestFunctionNamesASCIIFold checks that names fold ASCII letters only, so
// look-alikes such as the long s (ſ, which Unicode upper-cases to S) are not
// functions.
func TestFunctionNamesASCIIFold(t *testing.T) {
	if IsDateFunc("thiſ_week") {
		t.Error("IsDateFunc accepted a non-ASCII look-alike")
	}
	if _, err := Parse("d = thiſ_week()"); err == nil {
		t.Error("Parse accepted a non-ASCII look-alike function name")
	}
	for _, s := range []string{"a li\u212Ae \"x\"", "a iſ empty"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) accepted a non-ASCII look-alike keyword", s)
		}
	}
}

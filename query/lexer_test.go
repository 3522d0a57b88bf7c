package query

import (
	"reflect"
	"testing"
)

func TestLexWords(t *testing.T) {
	tests := []struct {
		in    string
		kinds []tokenKind
		texts []string
	}{
		{"1.5", []tokenKind{tokNumber}, []string{"1.5"}},
		{"-12", []tokenKind{tokNumber}, []string{"-12"}},
		{"1.5.3", []tokenKind{tokNumber, tokDot, tokNumber}, []string{"1.5", ".", "3"}},
		{"a.b", []tokenKind{tokIdent, tokDot, tokIdent}, []string{"a", ".", "b"}},
		{"1.a", []tokenKind{tokNumber, tokDot, tokIdent}, []string{"1", ".", "a"}},
		{"a-1 $id -x 1e5 ＡＢ・_", []tokenKind{tokIdent, tokIdent, tokIdent, tokIdent, tokIdent}, []string{"a-1", "$id", "-x", "1e5", "ＡＢ・_"}},
		{"a>=b<=c!=d<e>f=g", []tokenKind{tokIdent, tokOp, tokIdent, tokOp, tokIdent, tokOp, tokIdent, tokOp, tokIdent, tokOp, tokIdent, tokOp, tokIdent},
			[]string{"a", ">=", "b", "<=", "c", "!=", "d", "<", "e", ">", "f", "=", "g"}},
		{"\uFFFD\u3000x", []tokenKind{tokIdent, tokIdent}, []string{"\uFFFD", "x"}},
	}
	for _, tt := range tests {
		toks, err := lex(tt.in)
		if err != nil {
			t.Errorf("lex(%q): %v", tt.in, err)
			continue
		}
		var kinds []tokenKind
		var texts []string
		for _, tok := range toks[:len(toks)-1] {
			kinds = append(kinds, tok.kind)
			texts = append(texts, tok.text)
		}
		if !reflect.DeepEqual(kinds, tt.kinds) || !reflect.DeepEqual(texts, tt.texts) {
			t.Errorf("lex(%q) = %v %q, want %v %q", tt.in, kinds, texts, tt.kinds, tt.texts)
		}
	}
}

func TestValidCode(t *testing.T) {
	for code, want := range map[string]bool{
		"abc": true, "$id": true, "会社名": true, "ＡＢ・_1": true, "order": true, "-x": true,
		"": false, "1": false, "-1.5": false, "a b": false, "a.b": false, "a=b": false,
		`a"`: false, "a(": false, "a,b": false, "a\u3000b": false, "\xff": false, "a'": false,
	} {
		if got := ValidCode(code); got != want {
			t.Errorf("ValidCode(%q) = %v, want %v", code, got, want)
		}
	}
}

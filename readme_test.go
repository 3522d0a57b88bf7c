package kintone

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// markdownDocs are the documents whose links must resolve in a clone.
func markdownDocs(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	return append([]string{"README.md", "CHANGELOG.md"}, docs...)
}

// markdownLink matches [text](target) and ![alt](target), the target
// without spaces or a title.
var markdownLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)\)`)

// headingLine matches an ATX heading.
var headingLine = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)

// githubAnchor returns the fragment GitHub gives a heading: lower case,
// punctuation dropped (letters of every script, digits, '-' and '_' kept),
// spaces turned into '-'.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownFile is what the link check needs of a document: its headings'
// anchors and its links, outside code blocks.
type markdownFile struct {
	anchors  map[string]bool
	headings []heading
	links    []string
}

// heading is one heading of a document.
type heading struct {
	level int
	text  string
}

// readMarkdown reads the headings and links of a document.
func readMarkdown(t *testing.T, path string) markdownFile {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	md := markdownFile{anchors: map[string]bool{}}
	seen := map[string]int{}
	inCode := false
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			continue
		}
		if m := headingLine.FindStringSubmatch(line); m != nil {
			text := m[2]
			a := githubAnchor(text)
			if n := seen[a]; n > 0 {
				seen[a]++
				a = fmt.Sprintf("%s-%d", a, n)
			} else {
				seen[a] = 1
			}
			md.anchors[a] = true
			md.headings = append(md.headings, heading{level: len(m[1]), text: text})
		}
		for _, m := range markdownLink.FindAllStringSubmatch(stripCodeSpans(line), -1) {
			md.links = append(md.links, m[1])
		}
	}
	require.NoError(t, sc.Err())
	return md
}

// stripCodeSpans removes `code` spans, whose brackets are not links.
func stripCodeSpans(line string) string {
	return regexp.MustCompile("`[^`]*`").ReplaceAllString(line, "")
}

func TestMarkdownLinksResolve(t *testing.T) {
	for _, doc := range markdownDocs(t) {
		md := readMarkdown(t, doc)
		for _, link := range md.links {
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			assert.NotContains(t, link, "shared/", "%s links %s, which is not part of the project", doc, link)
			target, frag, _ := strings.Cut(link, "#")
			path := doc
			if target != "" {
				path = filepath.Join(filepath.Dir(doc), target)
				_, err := os.Stat(path)
				if !assert.NoError(t, err, "%s: link %s: no such file", doc, link) {
					continue
				}
			}
			if frag != "" && strings.HasSuffix(path, ".md") {
				assert.True(t, readMarkdown(t, path).anchors[frag], "%s: link %s: %s has no heading with anchor #%s", doc, link, path, frag)
			}
		}
	}
}

func TestReadmeContentsListEverySection(t *testing.T) {
	md := readMarkdown(t, "README.md")
	var want strings.Builder
	for _, h := range md.headings {
		if h.level == 2 && h.text != "Contents" {
			want.WriteString("- [" + h.text + "](#" + githubAnchor(h.text) + ")\n")
		}
	}
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	head, rest, ok := strings.Cut(string(data), "\n## Contents\n\n")
	require.True(t, ok, "README.md has no ## Contents section")
	got, tail, _ := strings.Cut(rest, "\n\n")
	if os.Getenv("KINTONE_UPDATE_README") == "1" && got+"\n" != want.String() {
		updated := head + "\n## Contents\n\n" + want.String() + "\n" + tail
		require.NoError(t, os.WriteFile("README.md", []byte(updated), 0o644))
		t.Log("README.md: Contents rewritten")
		return
	}
	assert.Equal(t, want.String(), got+"\n",
		"the README's Contents must list every ## section in order: run KINTONE_UPDATE_README=1 go test -run TestReadmeContents . to rewrite it")
}

func TestReadmeExampleConnectionStringsParse(t *testing.T) {
	data, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(data), "**Examples.**\n\n```text\n")
	require.True(t, ok, "README.md has no example connection strings")
	block, _, _ := strings.Cut(rest, "```")
	// The secrets they refer to exist here.
	t.Setenv("KINTONE_PASSWORD", "pw")
	t.Setenv("GATE_PASSWORD", "pw")
	secretFile := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secretFile, []byte("a,b,c\n"), 0o600))
	fileRef := regexp.MustCompile(`(File=)[^;]+`)
	n := 0
	for _, line := range strings.Split(block, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		dsn, _, _ := strings.Cut(line, "    #")
		dsn = fileRef.ReplaceAllString(strings.TrimSpace(dsn), "${1}"+secretFile)
		cfg, err := ParseDSN(dsn)
		if assert.NoError(t, err, dsn) {
			assert.NoError(t, cfg.Validate(), dsn)
			assert.Empty(t, cfg.IgnoredProperties(), dsn)
		}
		n++
	}
	assert.GreaterOrEqual(t, n, 7)
}

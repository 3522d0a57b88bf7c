package write

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Record comments are written one request per comment (kintone has no
// multi-comment call and bulkRequest does not carry comments), so they are
// not atomic and cannot be part of a transaction.

// maxMentions is kintone's limit of mentions per comment.
const maxMentions = 10

// Property paths of the Comments columns (see schema.TableComments).
const (
	commentText     = "text"
	commentMentions = "mentions"
)

// DeleteComments deletes comments of one record (DELETE FROM Comments
// WHERE AppId = ? AND RecordId = ? AND Id = ? or Id IN (...)).
type DeleteComments struct {
	// App and Record identify the record.
	App, Record int64
	// IDs are the comment ids.
	IDs []int64
}

// Name returns "DELETE FROM Comments".
func (s *DeleteComments) Name() string { return "DELETE FROM " + schema.TableComments }

// isCommentsTable reports whether t is the Comments metadata table.
func isCommentsTable(t *schema.Table) bool {
	return t.Kind == schema.MetadataTable && t.Name == schema.TableComments
}

// errCommentsInTx refuses comment writes inside a transaction.
func errCommentsInTx(name string) error {
	return fmt.Errorf("kintone: %s: comments cannot be written inside a transaction, because kintone's "+
		"bulkRequest does not carry the comment API; write them outside the transaction", name)
}

// newComment is one comment to add.
type newComment struct {
	app, record int64
	comment     client.NewComment
}

// prepareComments adds one comment per row: AppId, RecordId and Text are
// required, Mentions is optional JSON (`[{"code":"sato","type":"USER"}]`,
// or `["sato"]` for users).
func (s *Insert) prepareComments(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if tx != nil {
		return nil, errCommentsInTx(name)
	}
	if s.UpsertKey != nil {
		return nil, fmt.Errorf("kintone: %s: comments cannot be upserted", name)
	}
	idx := map[string]int{}
	for j, c := range s.Columns {
		switch c.Code {
		case schema.MetaAppID, schema.MetaRecordID, commentText, commentMentions:
			idx[c.Code] = j
		default:
			return nil, fmt.Errorf("kintone: %s: %w", name, readOnlyError("INSERT", c, "kintone sets it when the comment is added"))
		}
	}
	for _, need := range []string{schema.MetaAppID, schema.MetaRecordID, commentText} {
		if _, ok := idx[need]; !ok {
			return nil, fmt.Errorf("kintone: %s: a comment needs AppId, RecordId and Text", name)
		}
	}
	rows, err := s.rows(ctx, env)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	list := make([]newComment, len(rows))
	for i, row := range rows {
		cm, err := commentOf(row, idx)
		if err != nil {
			return nil, rowError(name, i, err)
		}
		list[i] = cm
	}
	res := newResult(name, kindComment, len(rows))
	return &batch{res: res, direct: func(ctx context.Context, env *engine.Env) error {
		for i, cm := range list {
			if env.Stats != nil {
				env.Stats.Requests.Add(1)
			}
			id, err := env.Client.AddComment(ctx, cm.app, cm.record, cm.comment)
			if err != nil {
				return commentError(name, err, res, i)
			}
			res.rows[i].id = id
		}
		return nil
	}}, nil
}

// commentOf converts one row into a comment.
func commentOf(row engine.Row, idx map[string]int) (newComment, error) {
	var cm newComment
	var err error
	if cm.app, err = int64Of(row[idx[schema.MetaAppID]]); err != nil {
		return cm, fmt.Errorf("AppId: %w", err)
	}
	if cm.record, err = int64Of(row[idx[schema.MetaRecordID]]); err != nil {
		return cm, fmt.Errorf("RecordId: %w", err)
	}
	text := row[idx[commentText]]
	if text == nil || strings.TrimSpace(engine.ToText(text)) == "" {
		return cm, fmt.Errorf("Text is empty; kintone needs a comment text")
	}
	cm.comment.Text = engine.ToText(text)
	if j, ok := idx[commentMentions]; ok && row[j] != nil {
		if cm.comment.Mentions, err = mentions(engine.ToText(row[j])); err != nil {
			return cm, fmt.Errorf("Mentions: %w", err)
		}
	}
	return cm, nil
}

// mentions reads a Mentions value: a JSON array of {"code","type"} objects
// or of login names, or one login name.
func mentions(s string) ([]client.Mention, error) {
	s = strings.TrimSpace(s)
	var out []client.Mention
	switch {
	case s == "" || s == "[]":
		return nil, nil
	case strings.HasPrefix(s, "["):
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			out = nil
			var codes []string
			if json.Unmarshal([]byte(s), &codes) != nil {
				return nil, fmt.Errorf("%q is not a JSON array of mentions (objects with code and type, or login names)", s)
			}
			for _, c := range codes {
				out = append(out, client.Mention{Code: c, Type: "USER"})
			}
		}
	default:
		out = []client.Mention{{Code: s, Type: "USER"}}
	}
	for i := range out {
		if out[i].Type == "" {
			out[i].Type = "USER"
		}
		switch out[i].Type {
		case "USER", "GROUP", "ORGANIZATION":
		default:
			return nil, fmt.Errorf("mention %d: type %q is not USER, GROUP or ORGANIZATION", i+1, out[i].Type)
		}
	}
	if len(out) > maxMentions {
		return nil, fmt.Errorf("%d mentions; kintone takes at most %d", len(out), maxMentions)
	}
	return out, nil
}

// prepare checks the statement; the deletes run one request per comment.
func (s *DeleteComments) prepare(_ context.Context, _ *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if tx != nil {
		return nil, errCommentsInTx(name)
	}
	res := newResult(name, kindDelete, len(s.IDs))
	return &batch{res: res, direct: func(ctx context.Context, env *engine.Env) error {
		for i, id := range s.IDs {
			if env.Stats != nil {
				env.Stats.Requests.Add(1)
			}
			if err := env.Client.DeleteComment(ctx, s.App, s.Record, id); err != nil {
				return commentError(name, err, res, i)
			}
			res.rows[i].id = id
		}
		return nil
	}}, nil
}

// commentError reports a comment request that failed at row i, with the
// comments written before it. When the request's answer was lost, row i's
// outcome is unknown and only the later rows are not written.
func commentError(name string, err error, res *Result, i int) error {
	e := &Error{Statement: name, Err: err, WrittenRows: i}
	for _, r := range res.rows[:i] {
		e.Written = append(e.Written, r.id)
	}
	first := i
	if errors.Is(err, client.ErrOutcomeUnknown) {
		e.Unknown = []ErrorRow{{Row: i + 1, Record: res.rows[i].id}}
		first = i + 1
	}
	for r := first; r < len(res.rows); r++ {
		e.NotWritten = append(e.NotWritten, ErrorRow{Row: r + 1, Record: res.rows[r].id})
	}
	if len(e.NotWritten) > 0 {
		e.Unwritten = describeRows(e.NotWritten)
	}
	return e
}

package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// ManifestName is the name of the manifest file of a partitioned export.
const ManifestName = "manifest.json"

// Manifest describes a partitioned export; it is rewritten after each part,
// with Complete set once the last part is written.
type Manifest struct {
	Format        Format           `json:"format"`
	Table         string           `json:"table,omitempty"`
	Query         string           `json:"query,omitempty"`
	PartitionRows int64            `json:"partition_rows"`
	Columns       []ManifestColumn `json:"columns"`
	Parts         []Part           `json:"parts"`
	Rows          int64            `json:"rows"`
	Complete      bool             `json:"complete"`
}

// ManifestColumn is one column of a manifest.
type ManifestColumn struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Part is one file of a partitioned export.
type Part struct {
	File string `json:"file"`
	Rows int64  `json:"rows"`
	// LastID is the $id of the part's last record (table exports).
	LastID int64 `json:"last_id,omitempty"`
}

// partName is the file name of part i.
func partName(i int, f Format) string { return fmt.Sprintf("part-%05d%s", i, f.Ext()) }

// ReadManifest reads dir's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("export: reading %s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

// save writes the manifest atomically.
func (m *Manifest) save(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, ManifestName), append(b, '\n'))
}

// runPartitioned writes the parts and the manifest.
func runPartitioned(ctx context.Context, job Job) (Result, error) {
	m, err := prepareDir(job)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var afterID int64
	if n := len(m.Parts); n > 0 {
		afterID, res.Resumed = m.Parts[n-1].LastID, m.Rows
	}
	if job.Resume {
		// A part ends after a record; resuming after its $id is exact only
		// when each record is one row.
		t, err := job.lookup(ctx)
		if err != nil {
			return res, err
		}
		if t == nil || t.Kind != schema.AppTable {
			return res, fmt.Errorf("export: resume works for app tables only (with the driver's connector); %s is not one", job.Table)
		}
	}
	rows, cols, err := job.open(ctx, afterID)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	if err := m.setColumns(cols); err != nil {
		return res, err
	}
	if job.Table != "" && idColumn(cols) < 0 {
		return res, fmt.Errorf("export: table %s has no $id column to order parts by", job.Table)
	}
	return writeParts(ctx, &job, m, rows, cols, res)
}

// writeParts writes rows into parts after those m lists, saving the
// manifest after each, and marks it complete at the end.
func writeParts(ctx context.Context, job *Job, m *Manifest, rows rowSource, cols []Column, res Result) (Result, error) {
	idCol := idColumn(cols)
	for {
		part := Part{File: partName(len(m.Parts), job.Format)}
		path := filepath.Join(job.Out, part.File)
		out, err := createAtomic(path)
		if err != nil {
			return res, err
		}
		part.Rows, err = copyRows(ctx, out, job.Format, cols, job.Options, rows, job.PartitionRows, func(v []any) {
			job.progress(1)
			if idCol >= 0 {
				part.LastID, _ = v[idCol].(int64)
			}
		})
		if err != nil {
			out.Abort()
			return res, err
		}
		if part.Rows == 0 && len(m.Parts) > 0 {
			out.Abort()
			break
		}
		if err := out.Commit(); err != nil {
			return res, err
		}
		m.Parts = append(m.Parts, part)
		m.Rows += part.Rows
		res.Rows += part.Rows
		res.Files = append(res.Files, path)
		if err := m.save(job.Out); err != nil {
			return res, err
		}
		if part.Rows < job.PartitionRows {
			break
		}
	}
	m.Complete = true
	return res, m.save(job.Out)
}

// idColumn is the index of the $id column, -1 when there is none.
func idColumn(cols []Column) int {
	for i, c := range cols {
		if c.FieldType == schema.FieldID || (c.FieldType == "" && c.Name == schema.ColumnID && c.Kind == KindInt64) {
			return i
		}
	}
	return -1
}

// setColumns records the columns, or checks that a resumed export has the
// same ones.
func (m *Manifest) setColumns(cols []Column) error {
	mc := make([]ManifestColumn, len(cols))
	for i, c := range cols {
		mc[i] = ManifestColumn{Name: c.Name, Type: c.Kind.String()}
	}
	if len(m.Parts) > 0 {
		if fmt.Sprint(mc) != fmt.Sprint(m.Columns) {
			return errors.New("export: cannot resume: the table's columns changed since the export began; start again without --resume")
		}
		return nil
	}
	m.Columns = mc
	return nil
}

// prepareDir creates the output directory, or reads the manifest of the
// export Resume continues. Without Resume an existing directory must be
// empty or hold only an earlier export's files, which are removed.
func prepareDir(job Job) (*Manifest, error) {
	fresh := &Manifest{Format: job.Format, Table: job.Table, Query: job.Query, PartitionRows: job.PartitionRows}
	if job.Resume {
		m, err := ReadManifest(job.Out)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fresh, os.MkdirAll(job.Out, 0o755)
		case err != nil:
			return nil, err
		case m.Complete:
			return nil, fmt.Errorf("export: %s holds a complete export; nothing to resume", job.Out)
		case m.Table != job.Table || m.Format != job.Format || m.PartitionRows != job.PartitionRows:
			return nil, fmt.Errorf("export: cannot resume: %s holds an export of %q as %s in parts of %d rows",
				job.Out, m.Table, m.Format, m.PartitionRows)
		}
		return m, nil
	}
	if err := os.MkdirAll(job.Out, 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	entries, err := os.ReadDir(job.Out)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	for _, e := range entries {
		if e.Name() != ManifestName && !strings.HasPrefix(strings.TrimPrefix(e.Name(), "."), "part-") {
			return nil, fmt.Errorf("export: %s is not empty (holds %s); choose a new directory", job.Out, e.Name())
		}
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(job.Out, e.Name())); err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
	}
	return fresh, nil
}

package client

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// titlesCSVPath is the only way to read job titles: the User API has no JSON
// endpoint for them.
const titlesCSVPath = "/v1/csv/title.csv"

// GetTitles returns all job titles by exporting /v1/csv/title.csv (cybozu.com
// administrators only).
//
// CSV layout assumed (kintone-api.md does not document the export; this
// follows cybozu.com's documented title import format, which export mirrors):
// UTF-8, optional BOM, comma-separated, RFC 4180 quoting, CRLF or LF, NO
// header row, one title per row with the columns
//
//	0 code, 1 name, 2 new code, 3 description, 4 delete flag
//
// Only code, name and description are read; rows may stop after the name.
// For tolerance a first row whose first cell is a column label ("役職コード",
// "Job title code" or "Title code") is skipped. The emulator writes rows as
// code,name,code,description, (five columns, new code = code, empty delete
// flag). Title.ID is empty because the CSV has no id column.
func (c *Client) GetTitles(ctx context.Context) ([]Title, error) {
	resp, err := c.send(ctx, outgoing{method: http.MethodGet, path: titlesCSVPath, retry: retryIdempotent})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	titles, err := parseTitlesCSV(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("kintone: GET %s: %w", titlesCSVPath, err)
	}
	return titles, nil
}

// titleHeaderLabels are the first-column labels that mark a header row.
var titleHeaderLabels = []string{"役職コード", "job title code", "title code"}

// parseTitlesCSV reads the title export described on GetTitles.
func parseTitlesCSV(r io.Reader) ([]Title, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading title CSV: %w", err)
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parsing title CSV: %w", err)
	}
	titles := make([]Title, 0, len(rows))
	for i, row := range rows {
		if i == 0 && len(row) > 0 && isTitleHeader(row[0]) {
			continue
		}
		if len(row) < 2 {
			return nil, fmt.Errorf("title CSV line %d: %d columns, want at least code and name", i+1, len(row))
		}
		t := Title{Code: row[0], Name: row[1]}
		if len(row) > 3 {
			t.Description = row[3]
		}
		titles = append(titles, t)
	}
	return titles, nil
}

// isTitleHeader reports whether cell is a known label of the code column.
func isTitleHeader(cell string) bool {
	cell = strings.TrimSpace(cell)
	for _, l := range titleHeaderLabels {
		if strings.EqualFold(cell, l) {
			return true
		}
	}
	return false
}

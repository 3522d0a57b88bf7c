package kintonetest

import (
	"bytes"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// CSV import of the User API (kintone-api.md §8 "CSV import"): POST
// file.json uploads a file, POST csv/{kind}.json imports it and returns
// {"id": n}, GET csv/result.json?id=n reports {done, success, errorCode}.
// Only titles can be imported here. The emulator imports synchronously,
// so the first result check already reports done; an import is
// all-or-nothing: a bad row changes nothing and the result carries the
// error.

// uaUploadFile is POST /v1/file.json: a multipart body whose part "file"
// holds the CSV; it answers {"fileKey": ...}.
func uaUploadFile(c *call) (any, *apiError) {
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		// The code and status of this error are UNCONFIRMED; the reference
		// only quotes the message.
		return nil, newError(http.StatusBadRequest, "CB_IL02",
			"HTTPリクエストはマルチパートである必要があります。", "The HTTP request must be multipart.")
	}
	if err := c.r.ParseMultipartForm(maxBody); err != nil {
		return nil, newError(http.StatusBadRequest, "CB_IL02", "不正なリクエストです。", "Illegal request.")
	}
	defer func() { _ = c.r.MultipartForm.RemoveAll() }()
	f, hdr, err := c.r.FormFile("file")
	if err != nil {
		return nil, errField("file", "必須のパラメータがありません。")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBody))
	if err != nil {
		return nil, newError(http.StatusBadRequest, "CB_IL02", "不正なリクエストです。", "Illegal request.")
	}
	key := uaNewFileKey()
	c.srv.st.uploads[key] = &storedFile{Key: key, Name: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"), Data: data}
	return map[string]any{"fileKey": key}, nil
}

// uaNewFileKey returns a random key shaped like cybozu's file keys
// ("c15b3870-7505-4ab6-9d8d-b9bdbc74f5d6").
func uaNewFileKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// uaImportTitles is POST /v1/csv/title.json {fileKey}: rows of
// code, name, newCode, description, delete ("*" leaves a value unchanged,
// delete "1" removes the title). Only the titles in the file change.
func uaImportTitles(c *call) (any, *apiError) {
	st := c.srv.st
	raw, ok := c.param("fileKey")
	key, isStr := raw.(string)
	if !ok || !isStr || key == "" {
		return nil, errRequired("fileKey")
	}
	file := st.uploads[key]
	if file == nil {
		return nil, errField("fileKey", "指定したファイルが見つかりません。")
	}
	delete(st.uploads, key)
	job := &csvJob{Done: true, Success: true}
	if err := uaApplyTitleCSV(st, file.Data); err != nil {
		job.Success, job.ErrorCode = false, err.Error()
	}
	st.nextCSVID++
	st.csvJobs[st.nextCSVID] = job
	return map[string]any{"id": st.nextCSVID}, nil
}

// Import error codes. uaCSVColumnsCode is the documented one (a row with
// the wrong number of columns); the real codes of the other row errors
// are UNCONFIRMED, so they all share the emulator's own uaCSVRowCode.
const (
	uaCSVColumnsCode = "SLASH_IL15"
	uaCSVRowCode     = "SLASH_IL00"
)

// uaCSVError is an import failure, rendered like the documented result
// "SLASH_IL15: 1行目の項目数が足りない、または多すぎます。".
type uaCSVError struct {
	code string
	line int
	msg  string
}

func (e *uaCSVError) Error() string { return fmt.Sprintf("%s: %d行目の%s", e.code, e.line, e.msg) }

// uaApplyTitleCSV validates every row, then applies them in order.
func uaApplyTitleCSV(st *store, data []byte) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // tolerate a UTF-8 BOM
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		line := 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.Line
		}
		// The error code of a malformed file is UNCONFIRMED.
		return &uaCSVError{code: uaCSVRowCode, line: line, msg: "CSVの形式が正しくありません。"}
	}
	// Work on a copy so a bad row leaves the store untouched.
	titles := make([]*Title, 0, len(st.titles))
	for _, t := range st.titles {
		cp := *t
		titles = append(titles, &cp)
	}
	renames := map[string]string{}
	deleted := map[string]bool{}
	nextID := st.nextTitleID
	for i, row := range rows {
		line := i + 1
		if len(row) != uaTitleCSVColumns {
			return &uaCSVError{code: uaCSVColumnsCode, line: line, msg: "項目数が足りない、または多すぎます。"}
		}
		for j := range row {
			row[j] = strings.TrimSpace(row[j]) // the help page trims code, name, newCode and delete
		}
		code, name, newCode, desc, del := row[0], row[1], row[2], row[3], row[4]
		if code == "" || code == uaCSVUnchanged {
			return &uaCSVError{code: uaCSVRowCode, line: line, msg: "役職コードが指定されていません。"}
		}
		t := byCode(titles, code)
		if del == "1" {
			if t == nil {
				return &uaCSVError{code: uaCSVRowCode, line: line, msg: "削除する役職が見つかりません。"}
			}
			titles = uaRemove(titles, func(x *Title) bool { return x == t })
			deleted[code] = true
			continue
		}
		if del != "" && del != uaCSVUnchanged {
			return &uaCSVError{code: uaCSVRowCode, line: line, msg: "削除フラグが正しくありません。"}
		}
		if t == nil {
			if name == "" || name == uaCSVUnchanged {
				return &uaCSVError{code: uaCSVRowCode, line: line, msg: "役職名が指定されていません。"}
			}
			if newCode != "" && newCode != uaCSVUnchanged && newCode != code {
				return &uaCSVError{code: uaCSVRowCode, line: line, msg: "新しい役職コードは役職コードと同じか「*」である必要があります。"}
			}
			nextID++
			if desc == uaCSVUnchanged {
				desc = ""
			}
			titles = append(titles, &Title{ID: nextID, Code: code, Name: name, Description: desc})
			continue
		}
		if name != uaCSVUnchanged && name != "" {
			t.Name = name
		}
		if desc != uaCSVUnchanged {
			t.Description = desc
		}
		if newCode != "" && newCode != uaCSVUnchanged && newCode != code {
			if byCode(titles, newCode) != nil {
				return &uaCSVError{code: uaCSVRowCode, line: line, msg: "新しい役職コードはすでに使われています。"}
			}
			renames[code] = newCode
			t.Code = newCode
		}
	}
	st.titles = titles
	st.nextTitleID = nextID
	for _, ms := range st.userOrgs {
		for i := range ms {
			switch {
			case deleted[ms[i].Title]:
				ms[i].Title = ""
			case renames[ms[i].Title] != "":
				ms[i].Title = renames[ms[i].Title]
			}
		}
	}
	return nil
}

// uaImportResult is GET /v1/csv/result.json?id=.
func uaImportResult(c *call) (any, *apiError) {
	raw, ok := c.param("id")
	if !ok || raw == nil {
		return nil, errRequired("id")
	}
	id, ok := uaScalarInt(raw)
	if !ok {
		return nil, errField("id", uaMsgInvalid)
	}
	job := c.srv.st.csvJobs[id]
	if job == nil {
		return nil, errField("id", "指定したインポート結果が見つかりません。")
	}
	var code any
	if job.ErrorCode != "" {
		code = job.ErrorCode
	}
	return map[string]any{"done": job.Done, "success": job.Success, "errorCode": code}, nil
}

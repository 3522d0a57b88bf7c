package kintonetest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxFileSize is the largest file kintone takes: 1 GB per attachment
// (kintone-api.md §7 "file attachment max 1 GB per file").
const maxFileSize = 1 << 30

// uploadPart is the multipart part name of file.json uploads
// (kintone-api.md §1 File API, §8 CSV import).
const uploadPart = "file"

// postFile stores the "file" part of a multipart/form-data body in the
// temporary area (st.uploads) and answers {"fileKey": "<upload key>"}. Any
// valid API token may upload: the file is tied to an app only when a
// record write attaches it. A body that is not multipart is CB_IL02
// (status UNCONFIRMED; 400 as the router and the User API upload use for
// CB_IL02); a body without a "file" part carrying a filename is CB_VA01 on
// "file". As a write route it holds the store's write lock while the body
// is read.
func postFile(c *call) (any, *apiError) {
	if c.r == nil {
		return nil, errNotMultipart()
	}
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, errNotMultipart()
	}
	mr := multipart.NewReader(c.r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errRequired(uploadPart)
		}
		if err != nil {
			return nil, errNotMultipart()
		}
		if part.FormName() != uploadPart || part.FileName() == "" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxFileSize+1))
		if err != nil {
			return nil, errNotMultipart()
		}
		if len(data) > maxFileSize {
			// kintone's code for an oversized file is UNCONFIRMED.
			return nil, errField(uploadPart, c.text("ファイルサイズが上限（1GB）を超えています。", "The file exceeds the 1 GB limit."))
		}
		ct := part.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		key := newUploadKey()
		c.srv.st.uploads[key] = &storedFile{Key: key, Name: part.FileName(), ContentType: ct, Data: data}
		return map[string]string{"fileKey": key}, nil
	}
}

func errNotMultipart() *apiError {
	return newError(http.StatusBadRequest, "CB_IL02",
		"リクエストはmultipart/form-data形式である必要があります。", "The HTTP request must be multipart.")
}

type fileRequest struct {
	FileKey flexString `json:"fileKey"`
}

// getFile sends an attached file's bytes with its content type and name.
// It looks only at download keys (st.files): an upload key is not
// downloadable (kintone-api.md §1). A token call needs a token with view
// rights; which app the file belongs to is not checked (simplified).
func getFile(c *call) (any, *apiError) {
	var req fileRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.FileKey == "" {
		return nil, errRequired("fileKey")
	}
	if c.who.tokens != nil && !anyTokenAllows(c.who.tokens, accessView) {
		return nil, errTokenNotAllowed()
	}
	f := c.srv.st.files[string(req.FileKey)]
	if f == nil {
		return nil, newError(http.StatusNotFound, "GAIA_BL01",
			fmt.Sprintf("指定したファイル（id: %s）が見つかりません。", req.FileKey),
			fmt.Sprintf("The specified file (id: %s) not found.", req.FileKey))
	}
	if c.w == nil {
		return nil, errNotMultipart() // unreachable: file.json is not allowed in bulkRequest
	}
	h := c.w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+encodeRFC5987(f.Name))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(f.Data)
	return nil, nil
}

func anyTokenAllows(toks []*apiToken, need appAccess) bool {
	for _, t := range toks {
		if t.Perms.allows(need) {
			return true
		}
	}
	return false
}

// encodeRFC5987 percent-encodes s for the ext-value of a filename*
// parameter, keeping only RFC 5987 attr-chars.
func encodeRFC5987(s string) string {
	const attrChars = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte(attrChars, ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

// newUploadKey returns an upload fileKey shaped like kintone's, a random
// UUID such as c15b3870-7505-4ab6-9d8d-b9bdbc74f5d6.
func newUploadKey() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// newDownloadKey returns a download fileKey shaped like kintone's: a
// yyyyMMddHHmmss timestamp followed by 35 upper-case hex digits, e.g.
// 201202061155587E339F9067544F1A92C743460E3D12B3297. Record writes that
// attach an upload use it for the stored file.
func newDownloadKey(now time.Time) string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102150405") + strings.ToUpper(hex.EncodeToString(b[:]))[:35]
}

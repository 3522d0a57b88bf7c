package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// encodeQuery renders params (any value that marshals to a JSON object) as a
// query string the way kintone documents it: scalars as key=value, arrays
// with indexed keys (fields[0]=a&fields[1]=b), nested objects as key[sub];
// nulls are left out. Keys keep the JSON field order so the result is
// deterministic. Brackets stay literal; everything else is percent-encoded
// (spaces as %20).
func encodeQuery(params any) (string, error) {
	if params == nil {
		return "", nil
	}
	raw, err := json.Marshal(params)
	if err != nil {
		return "", fmt.Errorf("encoding parameters: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var parts []string
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("encoding parameters: %w", err)
	}
	if tok != json.Delim('{') {
		return "", fmt.Errorf("encoding parameters: %T is not an object", params)
	}
	if err := flattenObject(dec, "", &parts); err != nil {
		return "", fmt.Errorf("encoding parameters: %w", err)
	}
	return strings.Join(parts, "&"), nil
}

// flattenObject reads object members up to the closing brace.
func flattenObject(dec *json.Decoder, prefix string, parts *[]string) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		key := escapeQuery(name)
		if prefix != "" {
			key = prefix + "[" + key + "]"
		}
		if err := flattenValue(dec, key, parts); err != nil {
			return err
		}
	}
	_, err := dec.Token() // closing '}'
	return err
}

// flattenValue reads one JSON value and appends its key=value pairs.
func flattenValue(dec *json.Decoder, key string, parts *[]string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return flattenObject(dec, key, parts)
		}
		for i := 0; dec.More(); i++ {
			if err := flattenValue(dec, key+"["+strconv.Itoa(i)+"]", parts); err != nil {
				return err
			}
		}
		_, err := dec.Token() // closing ']'
		return err
	case nil:
		return nil
	case string:
		*parts = append(*parts, key+"="+escapeQuery(v))
	case json.Number:
		*parts = append(*parts, key+"="+escapeQuery(v.String()))
	case bool:
		*parts = append(*parts, key+"="+strconv.FormatBool(v))
	}
	return nil
}

// escapeQuery percent-encodes s for a query component, spaces as %20.
func escapeQuery(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// jsonBody marshals v for a request body.
func jsonBody(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding request body: %w", err)
	}
	return b, nil
}

// decodeJSON reads a JSON response body into out (nil out discards it).
func decodeJSON(r io.Reader, out any) error {
	if out == nil {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	if err := json.NewDecoder(r).Decode(out); err != nil {
		return err
	}
	// Read what follows the value (a newline) so that net/http sees the end
	// of the body and keeps the connection for the next request.
	_, err := io.Copy(io.Discard, io.LimitReader(r, maxErrorBody))
	return err
}

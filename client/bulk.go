package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// MaxBulkRequests is the most sub-requests one bulkRequest takes.
const MaxBulkRequests = 20

// BulkRequest is one sub-request of a bulkRequest: Method (POST, PUT or
// DELETE), API (a path from Client.APIPath, e.g. "/k/v1/records.json") and the
// Payload that the API would take as its JSON body.
type BulkRequest struct {
	Method  string `json:"method"`
	API     string `json:"api"`
	Payload any    `json:"payload"`
}

// Bulk runs up to 20 write requests atomically (POST bulkRequest.json) and
// returns each sub-request's JSON answer in order. When one fails kintone rolls
// all back and the error is an *Error whose BulkIndex names the failing one.
func (c *Client) Bulk(ctx context.Context, requests []BulkRequest) ([]json.RawMessage, error) {
	if len(requests) == 0 {
		return nil, nil
	}
	if err := checkBatch("bulk sub-requests", len(requests), MaxBulkRequests); err != nil {
		return nil, err
	}
	params := struct {
		Requests []BulkRequest `json:"requests"`
	}{requests}
	var out struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := c.call(ctx, http.MethodPost, c.APIPath("bulkRequest"), params, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// NewAddRecordsBulk builds the records.json POST that AddRecords sends, for
// use in Bulk. It checks the 100-record limit.
func (c *Client) NewAddRecordsBulk(app int64, records []Record) (BulkRequest, error) {
	if err := checkBatch("records", len(records), MaxRecordsPerWrite); err != nil {
		return BulkRequest{}, err
	}
	return BulkRequest{
		Method: http.MethodPost,
		API:    c.APIPath("records"),
		Payload: struct {
			App     int64    `json:"app"`
			Records []Record `json:"records"`
		}{app, records},
	}, nil
}

// NewUpdateRecordsBulk builds the records.json PUT that UpdateRecords sends,
// for use in Bulk. It checks the 100-record limit and each update's key.
func (c *Client) NewUpdateRecordsBulk(app int64, updates []RecordUpdate, upsert bool) (BulkRequest, error) {
	if err := checkBatch("records", len(updates), MaxRecordsPerWrite); err != nil {
		return BulkRequest{}, err
	}
	for i, u := range updates {
		if err := u.validate(); err != nil {
			return BulkRequest{}, fmt.Errorf("update %d: %w", i, err)
		}
	}
	return BulkRequest{
		Method: http.MethodPut,
		API:    c.APIPath("records"),
		Payload: struct {
			App     int64          `json:"app"`
			Upsert  bool           `json:"upsert,omitempty"`
			Records []RecordUpdate `json:"records"`
		}{app, upsert, updates},
	}, nil
}

// NewDeleteRecordsBulk builds the records.json DELETE that DeleteRecords
// sends, for use in Bulk. It checks the 100-record limit and that revisions,
// when given, match ids one to one.
func (c *Client) NewDeleteRecordsBulk(app int64, ids, revisions []int64) (BulkRequest, error) {
	if err := checkBatch("records", len(ids), MaxRecordsPerWrite); err != nil {
		return BulkRequest{}, err
	}
	if revisions != nil && len(revisions) != len(ids) {
		return BulkRequest{}, fmt.Errorf("kintone client: %d revisions for %d ids", len(revisions), len(ids))
	}
	return BulkRequest{
		Method: http.MethodDelete,
		API:    c.APIPath("records"),
		Payload: struct {
			App       int64   `json:"app"`
			IDs       []int64 `json:"ids"`
			Revisions []int64 `json:"revisions,omitempty"`
		}{app, ids, revisions},
	}, nil
}

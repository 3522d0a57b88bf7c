package sqlc

import (
	"context"
	"database/sql"
)

// Deal is a row of the demo Deals app, columns named by field code.
type Deal struct {
	ID     int64
	Name   string
	Amount sql.NullInt64
	Stage  string
}

const createDeal = `-- name: CreateDeal :execlastid
INSERT INTO Deals (案件名, amount, stage) VALUES (?, ?, ?)
`

// CreateDealParams are the values of a new deal.
type CreateDealParams struct {
	Name   string
	Amount sql.NullInt64
	Stage  string
}

// CreateDeal inserts a deal and returns its $id. Inside a transaction
// kintone creates the record only at Commit, so the id returned there is 0.
func (q *Queries) CreateDeal(ctx context.Context, arg CreateDealParams) (int64, error) {
	result, err := q.db.ExecContext(ctx, createDeal, arg.Name, arg.Amount, arg.Stage)
	if err != nil {
		return 0, err
	}
	return result.LastInsertId()
}

const getDeal = `-- name: GetDeal :one
SELECT $id, 案件名, amount, stage FROM Deals WHERE $id = ?
`

// GetDeal returns one deal.
func (q *Queries) GetDeal(ctx context.Context, id int64) (Deal, error) {
	row := q.db.QueryRowContext(ctx, getDeal, id)
	var i Deal
	err := row.Scan(&i.ID, &i.Name, &i.Amount, &i.Stage)
	return i, err
}

const listDealsByStage = `-- name: ListDealsByStage :many
SELECT $id, 案件名, amount, stage FROM Deals WHERE stage = ? ORDER BY $id LIMIT ?
`

// ListDealsByStageParams select the deals of a stage.
type ListDealsByStageParams struct {
	Stage string
	Limit int32
}

// ListDealsByStage returns the first deals of a stage.
func (q *Queries) ListDealsByStage(ctx context.Context, arg ListDealsByStageParams) ([]Deal, error) {
	rows, err := q.db.QueryContext(ctx, listDealsByStage, arg.Stage, arg.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []Deal
	for rows.Next() {
		var i Deal
		if err := rows.Scan(&i.ID, &i.Name, &i.Amount, &i.Stage); err != nil {
			return nil, err
		}
		items = append(items, i)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, nil
}

const updateDealStage = `-- name: UpdateDealStage :execrows
UPDATE Deals SET stage = ? WHERE $id = ?
`

// UpdateDealStage moves a deal to a stage and returns the rows matched.
func (q *Queries) UpdateDealStage(ctx context.Context, stage string, id int64) (int64, error) {
	result, err := q.db.ExecContext(ctx, updateDealStage, stage, id)
	if err != nil {
		return 0, err
	}
	return result.RowsAffected()
}

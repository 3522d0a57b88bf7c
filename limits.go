package kintone

import "github.com/kintone-sql/kintone/engine"

// ErrValueTooLarge is matched (errors.Is) by the error of a statement in
// which a function would build a value larger than 64 MiB (LPAD, REPEAT,
// CONCAT, ...), the idea of MySQL's max_allowed_packet: the statement
// fails instead of exhausting the program's memory.
var ErrValueTooLarge = engine.ErrValueTooLarge

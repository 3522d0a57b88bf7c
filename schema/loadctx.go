package schema

import "context"

// loadingKey marks the context of a catalog load.
type loadingKey struct{}

// loading returns ctx marked as reading app metadata for the catalog.
func loading(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadingKey{}, true)
}

// Loading reports whether ctx is that of a catalog load: the app list, or an
// app's fields and layout read the first time one of its tables is used. A
// transport can tell by it the requests a statement spent on the schema.
func Loading(ctx context.Context) bool {
	v, _ := ctx.Value(loadingKey{}).(bool)
	return v
}

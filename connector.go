package kintone

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// Connector holds what every connection of one database shares: the
// validated Config, the REST client (and its HTTP connections) and the
// schema cache. Use it with sql.OpenDB; keep it to call RefreshSchema.
type Connector struct {
	cfg       *Config
	client    *client.Client
	http      *http.Client
	ownsHTTP  bool
	log       *slog.Logger
	schema    schema.Cache
	schemaOpt schema.Options
}

// Compile-time checks of the connector interfaces.
var (
	_ driver.Connector = (*Connector)(nil)
	_ io.Closer        = (*Connector)(nil)
)

// ConnectorOption changes how NewConnector builds a Connector.
type ConnectorOption func(*connectorOptions)

// connectorOptions collects the ConnectorOption settings.
type connectorOptions struct {
	logger     *slog.Logger
	httpClient *http.Client
}

// WithLogger makes the connector log to l: one Debug record per HTTP
// request (method, path, status, duration; never a credential) and, at
// Debug, the CData properties the driver ignores. The default is silent.
func WithLogger(l *slog.Logger) ConnectorOption {
	return func(o *connectorOptions) { o.logger = l }
}

// WithHTTPClient makes the connector send requests through a copy of hc,
// for example one that trusts a test server's certificate. The copy gets
// Config.Timeout; when a client certificate or proxy is configured, hc's
// Transport (which must then be an *http.Transport) is cloned and they are
// added to the clone.
func WithHTTPClient(hc *http.Client) ConnectorOption {
	return func(o *connectorOptions) { o.httpClient = hc }
}

// NewConnector returns a Connector for cfg, for use with sql.OpenDB. It
// copies cfg, reads the secrets given by reference (ResolveSecrets),
// validates it, loads the client certificate and builds the REST client;
// it sends no request (use DB.PingContext to check the credentials).
func NewConnector(cfg *Config, opts ...ConnectorOption) (*Connector, error) {
	if cfg == nil {
		return nil, errors.New("kintone: NewConnector: nil Config")
	}
	var o connectorOptions
	for _, opt := range opts {
		opt(&o)
	}
	cfg = cfg.Clone()
	if err := cfg.ResolveSecrets(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.AuthScheme = cfg.EffectiveAuthScheme()
	cfg.Schema, _ = canonicalSchema(cfg.Schema)
	log := o.logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hc, err := newHTTPClient(cfg, o.httpClient)
	if err != nil {
		return nil, err
	}
	copts := client.Options{
		BaseURL:           cfg.URL,
		BasicAuthUser:     cfg.BasicAuthUser,
		BasicAuthPassword: cfg.BasicAuthPassword,
		GuestSpaceID:      cfg.GuestSpaceID,
		HTTPClient:        countSchemaRequests(hc),
		Logger:            log,
		MaxConcurrency:    cfg.MaxConcurrency,
	}
	if cfg.AuthScheme == AuthAPIToken {
		copts.APITokens = cfg.APITokens
	} else {
		copts.User, copts.Password = cfg.User, cfg.Password
	}
	cl, err := client.New(copts)
	if err != nil {
		return nil, fmt.Errorf("kintone: %w", err)
	}
	if cfg.SSLServerCert == AcceptAnyServerCert {
		log.Warn("kintone: SSLServerCert=* accepts any server certificate: the connection is not protected against interception")
	}
	if names := cfg.IgnoredProperties(); len(names) > 0 {
		log.Debug("kintone: connection properties accepted but ignored by this driver", "properties", names)
	}
	return &Connector{
		cfg:       cfg,
		client:    cl,
		http:      hc,
		ownsHTTP:  o.httpClient == nil,
		log:       log,
		schemaOpt: schemaOptions(cfg),
	}, nil
}

// schemaOptions maps the connection properties that shape tables and
// columns to the schema package's options.
func schemaOptions(cfg *Config) schema.Options {
	return schema.Options{
		UseCodeForFieldName: cfg.UseCodeForFieldName,
		SubtableSeparator:   cfg.SubtableSeparatorCharacter,
		CheckForSubtablesIn: cfg.CheckForSubtablesIn,
		AppIDs:              cfg.AppIDs,
		GuestSpaceID:        cfg.GuestSpaceID,
		NumberMapToDouble:   cfg.NumberMapToDouble,
		TokenAuth:           cfg.AuthScheme == AuthAPIToken,
		Tables:              cfg.Tables,
	}
}

// Connect returns a new connection. It sends no request: kintone's API is
// stateless, so connections share the connector's HTTP client.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &conn{c: c, id: connIDs.Add(1)}, nil
}

// Driver returns the kintone Driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Close releases the idle HTTP connections of a client the connector built
// itself; sql.DB.Close calls it.
func (c *Connector) Close() error {
	if c.ownsHTTP {
		c.http.CloseIdleConnections()
	}
	return nil
}

// Config returns a copy of the connector's validated Config.
func (c *Connector) Config() *Config { return c.cfg.Clone() }

// Catalog returns the tables the connection exposes, reading the app list
// from kintone on first use (see schema.Load); statements share it.
func (c *Connector) Catalog(ctx context.Context) (*schema.Catalog, error) {
	return c.catalog(ctx)
}

// RefreshSchema drops the cached app list and fields and reads the app list
// again now (fields are read again when a statement first uses an app), so
// that statements see apps and forms changed since. Statements already
// running keep the schema they started with.
func (c *Connector) RefreshSchema(ctx context.Context) error {
	if _, err := c.schema.Refresh(ctx, c.client, c.schemaOpt); err != nil {
		return fmt.Errorf("kintone: reading the schema: %w", err)
	}
	return nil
}

// catalog returns the cached catalog, loading it when needed.
func (c *Connector) catalog(ctx context.Context) (*schema.Catalog, error) {
	cat, err := c.schema.Get(ctx, c.client, c.schemaOpt)
	if err != nil {
		return nil, fmt.Errorf("kintone: reading the schema: %w", err)
	}
	return cat, nil
}

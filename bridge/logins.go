package bridge

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/client"
)

// LoginFunc opens the database of one kintone login (user name and
// password) for a pass-through server; the server checks the login with
// a Ping before using it.
type LoginFunc func(ctx context.Context, user, password string) (*sql.DB, error)

// PassThrough returns the LoginFunc of a pass-through server: it opens
// dsn, a kintone DSN without User and Password, with each MySQL login as
// its kintone User and Password.
func PassThrough(dsn string) (LoginFunc, error) {
	if _, err := kintone.ParseDSN(withLogin(dsn, "user", "password")); err != nil {
		return nil, err
	}
	return func(ctx context.Context, user, password string) (*sql.DB, error) {
		cfg, err := kintone.ParseDSN(withLogin(dsn, user, password))
		if err != nil {
			return nil, err
		}
		c, err := kintone.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(c), nil
	}, nil
}

// withLogin adds User and Password (quoted as the DSN syntax wants) to dsn.
func withLogin(dsn, user, password string) string {
	login := kintone.NewConfig()
	login.User, login.Password = user, password
	return strings.TrimRight(dsn, "; \t\n") + ";" + login.FormatDSN()
}

// DefaultLoginCacheTTL is how long a pass-through login kintone accepted
// is trusted without asking kintone again.
const DefaultLoginCacheTTL = 5 * time.Minute

// maxCachedLogins bounds the databases the login cache keeps unused:
// beyond it, the least recently checked unused login is closed at once
// rather than at the end of its TTL.
const maxCachedLogins = 256

// loginEntry is one kintone login's database, shared by its sessions.
type loginEntry struct {
	key     [sha256.Size]byte
	db      *sql.DB
	checked time.Time // when kintone last accepted the login
	refs    int       // sessions using db
}

// loginCache keeps the databases of pass-through logins, keyed by a hash
// of user name and password, so a BI tool's connection pool does not make
// kintone check the password for every connection. A database nobody
// uses is closed once its login is older than the TTL.
type loginCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int // maxCachedLogins when 0
	entries map[[sha256.Size]byte]*loginEntry
}

// login returns the database of user/password, asking kintone (open, then
// Ping) when the login is not known or was checked longer than ttl ago.
func (c *loginCache) login(ctx context.Context, user, password string, open LoginFunc) (*loginEntry, error) {
	key := sha256.Sum256([]byte(user + "\x00" + password))
	now := time.Now()
	c.mu.Lock()
	c.sweepLocked(now)
	e := c.entries[key]
	if e != nil {
		e.refs++
		fresh := now.Sub(e.checked) < c.ttl
		c.mu.Unlock()
		if fresh {
			return e, nil
		}
		if err := e.db.PingContext(ctx); err != nil {
			c.release(e)
			return nil, err
		}
		c.mu.Lock()
		e.checked = now
		c.mu.Unlock()
		return e, nil
	}
	c.mu.Unlock()
	db, err := open(ctx, user, password)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil { // another session logged in meanwhile
		e.refs++
		db.Close()
		return e, nil
	}
	c.evictLocked()
	e = &loginEntry{key: key, db: db, checked: now, refs: 1}
	c.entries[key] = e
	return e, nil
}

// release ends one session's use of e.
func (c *loginCache) release(e *loginEntry) {
	c.mu.Lock()
	e.refs--
	c.sweepLocked(time.Now())
	c.mu.Unlock()
}

// sweepLocked closes the unused databases of logins older than the TTL.
func (c *loginCache) sweepLocked(now time.Time) {
	for k, e := range c.entries {
		if e.refs <= 0 && now.Sub(e.checked) >= c.ttl {
			e.db.Close()
			delete(c.entries, k)
		}
	}
}

// evictLocked makes room for one more login: while the cache is full,
// the unused login checked longest ago is closed. Logins in use stay
// (the server's connection limit bounds them).
func (c *loginCache) evictLocked() {
	limit := c.max
	if limit <= 0 {
		limit = maxCachedLogins
	}
	for len(c.entries) >= limit {
		var oldest *loginEntry
		for _, e := range c.entries {
			if e.refs <= 0 && (oldest == nil || e.checked.Before(oldest.checked)) {
				oldest = e
			}
		}
		if oldest == nil {
			return
		}
		oldest.db.Close()
		delete(c.entries, oldest.key)
	}
}

// close closes every database (at Server.Close, after the sessions ended).
func (c *loginCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		e.db.Close()
		delete(c.entries, k)
	}
}

// isAccessDenied reports whether kintone refused the login itself.
func isAccessDenied(err error) bool {
	var ke *client.Error
	return errors.As(err, &ke) && (ke.StatusCode == http.StatusUnauthorized || ke.Code == "CB_WA01" || ke.Code == "CB_AU01")
}

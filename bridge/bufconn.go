package bridge

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-mysql-org/go-mysql/mysql"
)

// bufferedConn is the connection under the protocol library. It does two
// things for a streamed result:
//
//   - Writes can be batched: while rows stream, packets collect in a buffer
//     sent whenever it fills and when the rows end, instead of one write (a
//     system call) per row. Otherwise writes go straight through, so every
//     other answer reaches the client as soon as the library writes it.
//   - The client is watched: while a statement runs, a goroutine reads
//     ahead one chunk, so a client that hangs up (EOF) cancels the kintone
//     scan at once. What it reads (a pipelined next command) is handed to
//     the library's next Read.
//
// Only the session's goroutine writes and reads through the library.
type bufferedConn struct {
	net.Conn
	w         *bufio.Writer
	buffering bool
	// login is set until the client has logged in (see Write).
	login bool
	// stmtErr, when set, replaces the next error packet the library
	// writes. The library wraps every COM_STMT_EXECUTE error (errors.Trace)
	// before it looks for a MySQL error, so it would answer 1105 for all of
	// them; the session leaves the error it meant here.
	stmtErr *mysql.MyError

	mu      sync.Mutex
	pending []byte // read ahead by the watcher, not yet returned by Read
	readErr error  // the watcher's read error, returned after pending
	// budget is what the connection may still read for the current
	// command (see allow); below zero, reads fail and the session ends.
	budget int64
	// writeTimeout bounds each write to the socket (MySQL's
	// net_write_timeout), so a client that stops reading a result does
	// not hold its session and kintone cursor forever.
	writeTimeout time.Duration
	// writeErr is the first failed write; the connection is then
	// unusable (a packet may be cut short), so writes and reads fail.
	writeErr error
}

// netWriteTimeout is MySQL's default net_write_timeout.
const netWriteTimeout = 60 * time.Second

// maxCommandBytes bounds what one command may send: @@max_allowed_packet
// plus room for the packet headers.
const maxCommandBytes = 64<<20 + 64<<10

// errCommandTooLarge ends a session whose client sends more than
// maxCommandBytes for one command.
var errCommandTooLarge = errors.New("bridge: the client sent a command larger than max_allowed_packet")

// allow resets the read budget before the library reads a command.
func (c *bufferedConn) allow(n int64) {
	c.mu.Lock()
	c.budget = n
	c.mu.Unlock()
}

// newBufferedConn wraps c with a 64 KiB write buffer.
func newBufferedConn(c net.Conn) *bufferedConn {
	bc := &bufferedConn{Conn: c, budget: maxCommandBytes, login: true, writeTimeout: netWriteTimeout}
	bc.w = bufio.NewWriterSize(writerFunc(bc.send), 64<<10)
	return bc
}

// send writes p to the socket within writeTimeout (within the login
// timeout's deadline until the client has logged in).
func (c *bufferedConn) send(p []byte) (int, error) {
	if !c.login {
		_ = c.Conn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	}
	if c.writeErr != nil {
		return 0, c.writeErr
	}
	n, err := c.Conn.Write(p)
	if err != nil { // part of a packet may have gone: the stream is broken
		c.writeErr = err
		c.mu.Lock()
		if c.readErr == nil {
			c.readErr = err
		}
		c.mu.Unlock()
	}
	return n, err
}

// Write buffers while buffering, else writes through. During login it
// answers an unknown user as MySQL does, with error 1045 (access denied):
// the protocol library reports 1449 ("user … does not exist"), which
// would tell a client which logins exist.
func (c *bufferedConn) Write(p []byte) (int, error) {
	if e := c.stmtErr; e != nil && len(p) > 4 && p[4] == mysql.ERR_HEADER {
		c.stmtErr = nil
		w := io.Writer(writerFunc(c.send))
		if c.buffering {
			w = c.w
		}
		if _, err := w.Write(errorFrame(p[3], e)); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if c.buffering {
		return c.w.Write(p)
	}
	if c.login && len(p) > 7 && p[4] == mysql.ERR_HEADER && uint16(p[5])|uint16(p[6])<<8 == mysql.ER_NO_SUCH_USER {
		if _, err := c.send(accessDenied(p[3], definerName(string(p[13:])))); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.send(p)
}

// definerName reads the user name out of the library's 1449 message
// ("The user specified as a definer ('name'@'host') does not exist").
func definerName(msg string) string {
	_, rest, _ := strings.Cut(msg, "('")
	name, _, _ := strings.Cut(rest, "'@'")
	return name
}

// accessDenied is the error packet (sequence number seq) of a refused login.
func accessDenied(seq byte, user string) []byte {
	return errorFrame(seq, mysql.NewDefaultError(mysql.ER_ACCESS_DENIED_ERROR, user, "%", "YES"))
}

// errorFrame is the whole error packet of e, header included, with
// sequence number seq (errorPacket leaves the header to packet.Conn).
func errorFrame(seq byte, e *mysql.MyError) []byte {
	data := errorPacket(e)
	n := len(data) - 4
	data[0], data[1], data[2], data[3] = byte(n), byte(n>>8), byte(n>>16), seq
	return data
}

// buffer starts collecting writes.
func (c *bufferedConn) buffer() { c.buffering = true }

// flush sends what was collected and goes back to writing through.
func (c *bufferedConn) flush() error {
	c.buffering = false
	return c.w.Flush()
}

// Read returns what the watcher read ahead first, then reads the
// connection.
func (c *bufferedConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	if c.budget < 0 {
		c.mu.Unlock()
		return 0, errCommandTooLarge
	}
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		c.budget -= int64(n)
		c.mu.Unlock()
		return n, nil
	}
	if err := c.readErr; err != nil {
		c.mu.Unlock()
		return 0, err
	}
	c.mu.Unlock()
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.budget -= int64(n)
	c.mu.Unlock()
	return n, err
}

// watch reads ahead while a statement runs and calls hangup if the client
// closes the connection. The returned stop ends the watch (it interrupts
// the pending read with a deadline) and must be called before the
// library reads again.
func (c *bufferedConn) watch(hangup func()) (stop func()) {
	c.mu.Lock()
	busy := len(c.pending) > 0 || c.readErr != nil
	c.mu.Unlock()
	if busy {
		return func() {} // the next command is already here
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		n, err := c.Conn.Read(buf)
		c.mu.Lock()
		c.pending = append(c.pending, buf[:n]...)
		if ne, ok := err.(net.Error); err != nil && !(ok && ne.Timeout()) {
			c.readErr = err
			c.mu.Unlock()
			hangup()
			return
		}
		c.mu.Unlock()
	}()
	return func() {
		_ = c.Conn.SetReadDeadline(time.Unix(1, 0))
		<-done
		_ = c.Conn.SetReadDeadline(time.Time{})
	}
}

// writerFunc adapts a Write method to io.Writer.
type writerFunc func([]byte) (int, error)

// Write calls f.
func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

package bridge

import (
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	gomysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/stretchr/testify/require"
)

// panicLog is a slog handler that remembers panics the server recovered
// from (serveConn turns them into a log line), so fuzzing sees them.
type panicLog struct {
	mu     sync.Mutex
	panics []string
	lines  []string
}

func (h *panicLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *panicLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *panicLog) WithGroup(string) slog.Handler            { return h }
func (h *panicLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		if a.Key == "panic" {
			h.mu.Lock()
			h.panics = append(h.panics, a.Value.String())
			h.mu.Unlock()
		}
		return true
	})
	h.mu.Lock()
	h.lines = append(h.lines, b.String())
	h.mu.Unlock()
	return nil
}

// text is everything logged so far.
func (h *panicLog) text() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.lines, "\n")
}

// recovered is the panics logged so far.
func (h *panicLog) recovered() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.panics...)
}

// loginSeed is a well-formed HandshakeResponse41 of user alice.
func loginSeed(plugin string, auth []byte) []byte {
	caps := uint32(gomysql.CLIENT_PROTOCOL_41 | gomysql.CLIENT_SECURE_CONNECTION | gomysql.CLIENT_PLUGIN_AUTH |
		gomysql.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | gomysql.CLIENT_CONNECT_WITH_DB)
	data := binary.LittleEndian.AppendUint32(nil, caps)
	data = append(data, make([]byte, 28)...)
	data = append(append(data, "alice\x00"...), byte(len(auth)))
	data = append(data, auth...)
	return append(append(data, "kintone\x00"...), plugin+"\x00"...)
}

// FuzzLoginRequest feeds arbitrary handshake responses to the parser and
// then, as the client's answer, to a pass-through server's login: nothing
// may panic, and the login ends (refused) without hanging.
//
//	go test -run '^$' -fuzz FuzzLoginRequest -fuzztime 60s ./bridge/
func FuzzLoginRequest(f *testing.F) {
	f.Add(loginSeed(gomysql.AUTH_CACHING_SHA2_PASSWORD, []byte("abc")), []byte("pw\x00"))
	f.Add(loginSeed(gomysql.AUTH_CLEAR_PASSWORD, []byte("pw\x00")), []byte{})
	f.Add(loginSeed(gomysql.AUTH_NATIVE_PASSWORD, nil), []byte{publicKeyRequest})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, []byte{0xfc})
	log := &panicLog{}
	srv := &Server{
		Login: func(context.Context, string, string) (*sql.DB, error) {
			return nil, gomysql.NewError(gomysql.ER_ACCESS_DENIED_ERROR, "refused")
		},
		LoginTimeout: 2 * time.Second,
		Logger:       slog.New(log),
	}
	srv.init()
	f.Fuzz(func(t *testing.T, request, more []byte) {
		r, err := parseLoginRequest(request)
		if err == nil {
			require.NotNil(t, r)
		}
		server, client := net.Pipe()
		srv.wg.Add(1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			srv.serveConn(server)
		}()
		go func() { // the client: read everything, answer with the fuzz's packets
			defer client.Close()
			_ = client.SetDeadline(time.Now().Add(3 * time.Second))
			go func() {
				buf := make([]byte, 4096)
				for {
					if _, err := client.Read(buf); err != nil {
						return
					}
				}
			}()
			for i, p := range [][]byte{request, more} {
				frame := []byte{byte(len(p)), byte(len(p) >> 8), byte(len(p) >> 16), byte(1 + 2*i)}
				if _, err := client.Write(append(frame, p...)); err != nil {
					return
				}
			}
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the login did not end")
		}
		require.Empty(t, log.recovered())
	})
}

// FuzzCommands logs in properly over a pipe, then sends arbitrary packets
// as commands: the session may answer anything or hang up, but it must not
// panic nor hang once the client has gone.
//
//	go test -run '^$' -fuzz FuzzCommands -fuzztime 60s ./bridge/
func FuzzCommands(f *testing.F) {
	f.Add([]byte("\x03SELECT 1"), []byte{})
	f.Add([]byte("\x16SELECT ?"), []byte{gomysql.COM_STMT_EXECUTE, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0xfe, 0})
	f.Add([]byte{gomysql.COM_FIELD_LIST}, []byte("\x04Customers\x00"))
	f.Add([]byte("\x02kintone"), []byte{gomysql.COM_STMT_SEND_LONG_DATA, 1})
	log := &panicLog{}
	fx := startDemo(f, func(s *Server) { s.Logger = slog.New(log) })
	srv := fx.srv
	srv.init() // Serve may not have started yet
	f.Fuzz(func(t *testing.T, first, second []byte) {
		server, clientSide := net.Pipe()
		require.True(t, srv.track(server))
		srv.wg.Add(1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			srv.serveConn(server)
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, err := client.ConnectWithDialer(ctx, "", "pipe", testUser, testPassword, "kintone",
			func(context.Context, string, string) (net.Conn, error) { return clientSide, nil })
		require.NoError(t, err)
		go func() { _, _ = io.Copy(io.Discard, clientSide) }() // answers, whatever their sequence
		_ = clientSide.SetDeadline(time.Now().Add(3 * time.Second))
		for _, p := range [][]byte{first, second, {gomysql.COM_PING}} {
			conn.ResetSequence()
			if err := conn.WritePacket(append(make([]byte, 4), p...)); err != nil {
				break
			}
		}
		time.Sleep(time.Millisecond)
		clientSide.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the session did not end after the client left")
		}
		require.Empty(t, log.recovered())
		require.Eventually(t, func() bool { return srv.sessionCount() == 0 }, 5*time.Second, time.Millisecond)
	})
}

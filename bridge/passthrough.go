package bridge

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/packet"
	"github.com/go-mysql-org/go-mysql/server"
)

// Pass-through login: the MySQL login is the kintone login, so the bridge
// needs the client's password in clear, which go-mysql's server never
// hands out (it only compares it with a password it already knows). The
// adapter below therefore stands between the client and the library for
// the login only:
//
//  1. the library greets a pipe; the greeting (connection id, salt,
//     capabilities) is sent to the client unchanged;
//  2. the client's answer is read (switching to TLS on its request) and
//     the password is obtained the two standard ways MySQL carries it in
//     clear: caching_sha2_password "full authentication" (in clear over
//     TLS or loopback, RSA-encrypted with the server's key otherwise) and
//     mysql_clear_password (TLS or loopback only);
//  3. kintone checks the login (Server.Login);
//  4. the library is logged in over the pipe with a one-time secret and
//     the client's capabilities, then its connection is moved onto the
//     client's socket.
//
// Framing, packet sequence numbers and TLS are the library's packet.Conn.

// authMoreData packets of caching_sha2_password.
const (
	authMoreData     = 0x01
	fullAuthRequest  = 0x04
	publicKeyRequest = 0x02
)

// loginRequest is a client's handshake response.
type loginRequest struct {
	caps   uint32
	fixed  []byte // max packet size, charset, reserved: bytes 4..32
	user   string
	auth   []byte
	db     string
	plugin string
}

// errHandshake is a malformed handshake response.
var errHandshake = mysql.NewError(mysql.ER_HANDSHAKE_ERROR, "Bad handshake")

// parseLoginRequest decodes a HandshakeResponse41 packet; a malformed
// one is error 1043.
func parseLoginRequest(data []byte) (r *loginRequest, err error) {
	defer func() {
		if recover() != nil { // go-mysql's length-encoded readers index without checking
			r, err = nil, errHandshake
		}
	}()
	if len(data) < 33 {
		return nil, errHandshake
	}
	r = &loginRequest{caps: binary.LittleEndian.Uint32(data), fixed: data[4:32]}
	if r.caps&mysql.CLIENT_PROTOCOL_41 == 0 || r.caps&mysql.CLIENT_SECURE_CONNECTION == 0 {
		return nil, mysql.NewError(mysql.ER_HANDSHAKE_ERROR, "the client must support CLIENT_PROTOCOL_41 and CLIENT_SECURE_CONNECTION")
	}
	rest := data[32:]
	cstring := func() (string, bool) {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return "", false
		}
		s := string(rest[:i])
		rest = rest[i+1:]
		return s, true
	}
	var ok bool
	if r.user, ok = cstring(); !ok || len(rest) == 0 {
		return nil, errHandshake
	}
	if r.caps&mysql.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA != 0 {
		auth, _, n, err := mysql.LengthEncodedString(rest)
		if err != nil {
			return nil, errHandshake
		}
		r.auth, rest = auth, rest[n:]
	} else {
		if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
			return nil, errHandshake
		}
		r.auth, rest = rest[1:1+int(rest[0])], rest[1+int(rest[0]):]
	}
	if r.caps&mysql.CLIENT_CONNECT_WITH_DB != 0 && len(rest) > 0 {
		if r.db, ok = cstring(); !ok {
			return nil, errHandshake
		}
	}
	r.plugin = mysql.AUTH_NATIVE_PASSWORD
	if r.caps&mysql.CLIENT_PLUGIN_AUTH != 0 && len(rest) > 0 {
		if r.plugin, ok = cstring(); !ok {
			return nil, errHandshake
		}
	}
	return r, nil
}

// forLibrary is the handshake response that logs the library in as the
// same user with secret, a caching_sha2_password scramble of salt.
func (r *loginRequest) forLibrary(salt []byte, secret string) []byte {
	caps := r.caps&^(mysql.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA|mysql.CLIENT_CONNECT_ATTRS|mysql.CLIENT_CONNECT_WITH_DB) | mysql.CLIENT_PLUGIN_AUTH
	if r.db != "" {
		caps |= mysql.CLIENT_CONNECT_WITH_DB
	}
	scramble := mysql.CalcCachingSha2Password(salt, secret)
	data := make([]byte, 4, 64+len(r.user)+len(r.db))
	data = binary.LittleEndian.AppendUint32(data, caps)
	data = append(data, r.fixed...)
	data = append(append(data, r.user...), 0, byte(len(scramble)))
	data = append(data, scramble...)
	if r.db != "" {
		data = append(append(data, r.db...), 0)
	}
	return append(append(data, mysql.AUTH_CACHING_SHA2_PASSWORD...), 0)
}

// greetingSalt is the 20-byte salt of the library's initial handshake.
func greetingSalt(g []byte) ([]byte, error) {
	v := bytes.IndexByte(g, 0)
	if len(g) < 1 || v < 0 {
		return nil, errors.New("bridge: malformed greeting")
	}
	p1 := v + 1 + 4                           // after version and connection id
	p2 := p1 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10 // salt part 1, filler, caps, charset, status, caps, length, reserved
	if len(g) < p2+12 {
		return nil, errors.New("bridge: malformed greeting")
	}
	return append(append([]byte{}, g[p1:p1+8]...), g[p2:p2+12]...), nil
}

// header prepends the 4 bytes packet.Conn.WritePacket fills in.
func header(payload ...byte) []byte {
	return append(make([]byte, 4, 4+len(payload)), payload...)
}

// errorPacket is an ERR packet body (with header room) for e.
func errorPacket(e *mysql.MyError) []byte {
	data := header(mysql.ERR_HEADER, byte(e.Code), byte(e.Code>>8), '#')
	return append(append(data, e.State...), e.Message...)
}

// loginPassThrough logs the client on raw in with its kintone login and
// returns the library connection (already on raw) and the login's database.
func (s *Server) loginPassThrough(ctx context.Context, raw net.Conn, h server.Handler) (*server.Conn, *loginEntry, error) {
	libSide, ourSide := net.Pipe()
	defer ourSide.Close()
	if deadline, ok := ctx.Deadline(); ok { // the library's side of the login is bounded too
		_ = ourSide.SetDeadline(deadline)
	}
	creds := server.NewInMemoryProvider()
	type result struct {
		conn *server.Conn
		err  error
	}
	done := make(chan result, 1)
	go func() {
		conn, err := s.passProto.NewCustomizedConn(libSide, creds, h)
		done <- result{conn, err}
	}()
	lib := packet.NewTLSConn(ourSide) // unbuffered: nothing is read ahead
	greeting, err := lib.ReadPacket()
	if err != nil {
		return nil, nil, err
	}
	salt, err := greetingSalt(greeting)
	if err != nil {
		return nil, nil, err
	}
	client := packet.NewTLSConn(raw)
	if err := client.WritePacket(header(greeting...)); err != nil {
		return nil, nil, err
	}
	data, err := client.ReadPacket()
	if err != nil {
		return nil, nil, err
	}
	secure := false
	if len(data) == 32 && s.TLS != nil { // SSLRequest
		tc := tls.Server(raw, s.TLS)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, nil, err
		}
		client.Conn, secure = tc, true
		if data, err = client.ReadPacket(); err != nil {
			return nil, nil, err
		}
	}
	fail := func(e *mysql.MyError) (*server.Conn, *loginEntry, error) {
		_ = client.WritePacket(errorPacket(e))
		return nil, nil, e
	}
	req, err := parseLoginRequest(data)
	if err != nil {
		var my *mysql.MyError
		errors.As(err, &my)
		return fail(my)
	}
	host, _, _ := net.SplitHostPort(raw.RemoteAddr().String())
	denied := mysql.NewDefaultError(mysql.ER_ACCESS_DENIED_ERROR, req.user, host, "YES")
	local := isLoopback
	if s.localClient != nil {
		local = s.localClient
	}
	password, err := s.readPassword(client, req, salt, secure || local(raw.RemoteAddr()))
	if err != nil {
		var my *mysql.MyError
		if errors.As(err, &my) {
			return fail(my)
		}
		return nil, nil, err
	}
	entry, err := s.logins.login(ctx, req.user, password, s.Login)
	if err != nil {
		s.Logger.Debug("bridge: kintone refused the login", "user", req.user, "err", err)
		if isAccessDenied(err) {
			denied.Message += ": " + err.Error()
			return fail(denied)
		}
		return fail(mysqlError(err))
	}
	secret := hex.EncodeToString(mysql.RandomBuf(16))
	creds.AddUser(req.user, secret)
	if err := lib.WritePacket(req.forLibrary(salt, secret)); err != nil {
		s.logins.release(entry)
		return nil, nil, err
	}
	for { // the library's fast-auth note, then its OK (or an error, e.g. an unknown database)
		if data, err = lib.ReadPacket(); err != nil || len(data) == 0 {
			s.logins.release(entry)
			return nil, nil, fmt.Errorf("bridge: library login: %w", err)
		}
		if data[0] != authMoreData {
			break
		}
	}
	if err := client.WritePacket(header(data...)); err != nil || data[0] != mysql.OK_HEADER {
		s.logins.release(entry)
		return nil, nil, errors.Join(err, errors.New("bridge: login refused by the session"))
	}
	r := <-done
	if r.err != nil {
		s.logins.release(entry)
		return nil, nil, r.err
	}
	r.conn.Conn.Conn = client.Conn // from the pipe to the client's socket
	r.conn.SetCapability(req.caps)
	return r.conn, entry, nil
}

// readPassword obtains the client's password in clear.
func (s *Server) readPassword(client *packet.Conn, req *loginRequest, salt []byte, secure bool) (string, error) {
	needTLS := mysql.NewError(mysql.ER_ACCESS_DENIED_ERROR, "Access denied for user '"+req.user+"': the password would travel in clear; connect with TLS (or let the client fetch the server's RSA public key)")
	if req.plugin == mysql.AUTH_CLEAR_PASSWORD {
		if !secure {
			return "", needTLS
		}
		return string(bytes.TrimSuffix(req.auth, []byte{0})), nil
	}
	if s.ClearPassword {
		if !secure { // refused before the client sends it
			return "", needTLS
		}
		sw := header(mysql.EOF_HEADER)
		if err := client.WritePacket(append(append(sw, mysql.AUTH_CLEAR_PASSWORD...), 0)); err != nil {
			return "", err
		}
		data, err := client.ReadPacket()
		return string(bytes.TrimSuffix(data, []byte{0})), err
	}
	if req.plugin != mysql.AUTH_CACHING_SHA2_PASSWORD {
		// AuthSwitchRequest to caching_sha2_password with the same salt.
		sw := header(mysql.EOF_HEADER)
		sw = append(append(append(sw, mysql.AUTH_CACHING_SHA2_PASSWORD...), 0), salt...)
		if err := client.WritePacket(append(sw, 0)); err != nil {
			return "", err
		}
		if _, err := client.ReadPacket(); err != nil { // the scramble, which cannot be checked
			return "", err
		}
	}
	if err := client.WritePacket(header(authMoreData, fullAuthRequest)); err != nil {
		return "", err
	}
	data, err := client.ReadPacket()
	if err != nil {
		return "", err
	}
	if len(data) == 1 && data[0] == publicKeyRequest {
		key, err := s.rsaKey()
		if err != nil {
			return "", err
		}
		der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
		if err != nil {
			return "", err
		}
		if err := client.WritePacket(header(append([]byte{authMoreData}, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})...)...)); err != nil {
			return "", err
		}
		if data, err = client.ReadPacket(); err != nil {
			return "", err
		}
	}
	if key, err := s.rsaKey(); err == nil && len(data) == key.Size() {
		plain, err := rsa.DecryptOAEP(sha1.New(), rand.Reader, key, data, nil)
		if err == nil {
			for i := range plain {
				plain[i] ^= salt[i%len(salt)]
			}
			return string(bytes.TrimSuffix(plain, []byte{0})), nil
		}
	}
	if !secure {
		return "", needTLS
	}
	return string(bytes.TrimSuffix(data, []byte{0})), nil
}

// rsaKey is the key clients encrypt their password with on plain TCP: the
// TLS certificate's RSA key, or one made when the server starts.
func (s *Server) rsaKey() (*rsa.PrivateKey, error) {
	s.keyOnce.Do(func() {
		if s.TLS != nil {
			for _, c := range s.TLS.Certificates {
				if k, ok := c.PrivateKey.(*rsa.PrivateKey); ok {
					s.key = k
					return
				}
			}
		}
		s.key, s.keyErr = rsa.GenerateKey(rand.Reader, 2048)
	})
	return s.key, s.keyErr
}

// isLoopback reports whether a is a loopback TCP address (or not TCP,
// e.g. a pipe in tests).
func isLoopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return !ok || t.IP.IsLoopback()
}

package bridge

import (
	"fmt"
	"slices"
	"strings"
)

// String describes the server's settings for logs and debugging: the
// login names of Accounts but never their passwords (nor the TLS key).
func (s *Server) String() string {
	names := make([]string, 0, len(s.Accounts))
	for name := range s.Accounts {
		names = append(names, name)
	}
	slices.Sort(names)
	mode := "accounts [" + strings.Join(names, " ") + "]"
	if s.Login != nil {
		mode = "pass-through"
	}
	return fmt.Sprintf("bridge.Server{%s, tls %t, clear password %t, auth %q, max connections %d, login timeout %s, idle timeout %s}",
		mode, s.TLS != nil, s.ClearPassword, s.AuthMethod, s.MaxConnections, s.LoginTimeout, s.IdleTimeout)
}

// GoString is String, so %#v does not print the passwords either.
func (s *Server) GoString() string { return s.String() }

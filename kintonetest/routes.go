package kintonetest

// registerRoutes installs every endpoint. Each family registers its own
// routes from the file that implements it.
func (s *Server) registerRoutes() {
	s.registerRecordRoutes()  // records.go, cursor.go, bulk.go, status.go, comments.go, files.go
	s.registerProcessRoutes() // status.go, assignees.go, comments.go, files.go
	s.registerAppRoutes()     // apps.go, form.go, preview.go, views.go, space.go
	s.registerUserAPIRoutes() // userapi_*.go
}

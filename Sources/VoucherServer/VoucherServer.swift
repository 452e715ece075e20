// The HTTP server (issue 4).

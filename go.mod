module github.com/aulago/gokernel

go 1.26.8

require (
	github.com/go-zeromq/zmq4 v0.17.0
	github.com/gofrs/uuid/v5 v5.5.1
	github.com/traefik/yaegi v0.16.1
	golang.org/x/crypto v0.59.0
)

require (
	github.com/go-zeromq/goczmq/v4 v4.2.2 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)

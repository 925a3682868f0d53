# make lab   open JupyterLab on notebooks/ with the Go kernel
#            (extra JupyterLab flags: make lab ARGS="--port 8899 --no-browser")
# make test  run every test (what CI runs)
.PHONY: lab test install

lab:
	scripts/lab.sh $(ARGS)

test:
	scripts/test.sh

install:
	go run ./install

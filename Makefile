# make lab   open JupyterLab on notebooks/ with the Go kernel
# make test  run every test (what CI runs)
.PHONY: lab test install

lab:
	scripts/lab.sh

test:
	scripts/test.sh

install:
	go run ./install

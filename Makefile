# newsfacts developer tasks. CI runs "make check".
export CGO_ENABLED := 1

.PHONY: build check test bench golden sample

build:
	go build -o newsfacts ./cmd/newsfacts

check:
	go vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go test -race -count=1 ./...

test:
	go test -count=1 ./...

bench:
	@mkdir -p bench
	go test -run='^$$' -bench=. -benchmem -count=10 ./... > bench/new.txt
	@echo "wrote bench/new.txt; compare with: benchstat bench/old.txt bench/new.txt"

golden:
	go test ./extract -update

sample: build
	rm -f sample.db
	./newsfacts ingest --db sample.db --published 2024-03-15 testdata/sample
	./newsfacts events --db sample.db

# newsfacts developer tasks. CI runs "make check": the race detector over
# the fast tests (-short skips those that build and kill real processes,
# which the detector slows tenfold), then every test without it.
export CGO_ENABLED := 1

.PHONY: build check test bench golden model sample throughput

build:
	go build -o newsfacts ./cmd/newsfacts

check:
	go vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go test -race -short -count=1 ./...
	go test -count=1 ./...

test:
	go test -count=1 ./...

bench:
	@mkdir -p bench
	go test -run='^$$' -bench=. -benchmem -count=10 ./... > bench/new.txt
	@echo "wrote bench/new.txt; compare with: benchstat bench/old.txt bench/new.txt"

golden:
	go test ./extract -update

# The model embedded in the binary, trained on the development corpus and
# the seeds (needs ../shared). Training is deterministic: CI rebuilds it and
# fails when the shipped file differs (features or proposers changed
# without retraining).
MODEL_OUT ?= extract/model/repatriation.json
model:
	go run ./cmd/newsfacts train \
	  --gold ../shared/corpus/gold.jsonl --gold ../shared/corpus/seeds/gold.jsonl \
	  --articles ../shared/corpus/articles.jsonl --articles ../shared/corpus/seeds \
	  --out $(MODEL_OUT)

sample: build
	rm -f sample.db
	./newsfacts ingest --db sample.db --published 2024-03-15 testdata/sample
	./newsfacts events --db sample.db

# End-to-end throughput and peak memory: 20,000 articles made by repeating
# the development corpus with fresh ids (needs ../shared and python3).
THROUGHPUT_N ?= 20000
throughput: build
	python3 -c 'import json,sys; a=[json.loads(l) for l in open("../shared/corpus/articles.jsonl")]; \
	  [print(json.dumps(dict(a[i % len(a)], id="%s-r%d" % (a[i % len(a)]["id"], i)))) for i in range($(THROUGHPUT_N))]' > /tmp/newsfacts-throughput.jsonl
	rm -f /tmp/newsfacts-throughput.db*
	/usr/bin/time -f "peak RSS %M KiB, %e s" ./newsfacts ingest --quiet --db /tmp/newsfacts-throughput.db /tmp/newsfacts-throughput.jsonl

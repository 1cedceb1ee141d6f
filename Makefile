# Survivor: make run (demo in the foreground), make test, make lint, make install PREFIX=/opt/survivor
PREFIX ?= /opt/survivor
NODE ?= node
TEST_CONCURRENCY ?= 4
TEST_FILES = $(shell find dist/test -name '*.test.js' 2>/dev/null | sort)

.PHONY: all deps build test lint run install clean bench chaos

all: build

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

deps: node_modules/.installed

build: deps dist/libexec/survivor-executor
	npx tsc -p tsconfig.json
	chmod +x sbin/* mod/*/* 2>/dev/null || true

test: build
	$(NODE) --test --test-concurrency=$(TEST_CONCURRENCY) --test-reporter=spec $(shell find dist/test -name '*.test.js' | sort)

# The native executor (src/exec/native): without a C compiler ss falls back to the Node executor.
dist/libexec/survivor-executor: src/exec/native/survivor-executor.c
	@mkdir -p dist/libexec
	@if command -v $(CC) >/dev/null 2>&1; then \
	  echo "$(CC) -O2 -o $@ $<"; $(CC) -O2 -Wall -Wextra -std=c11 -o $@ $< || exit 1; \
	else echo "make: no C compiler ($(CC)): ss will use the Node executor (slower spawns, see docs/operations.md)"; fi

lint: deps
	npx eslint .
	npx tsc -p tsconfig.json --noEmit

run: build
	mkdir -p var/demo/state var/demo/history var/demo/tmp
	exec sbin/ss -D -i demo

install: build
	install -d $(PREFIX)/sbin $(PREFIX)/etc $(PREFIX)/var $(PREFIX)/docs $(PREFIX)/dist
	cp -R dist/src $(PREFIX)/dist/
	[ ! -x dist/libexec/survivor-executor ] || cp -R dist/libexec $(PREFIX)/dist/
	cp -R mod docs html package.json package-lock.json .npmrc $(PREFIX)/
	cp -R sbin/. $(PREFIX)/sbin/
	[ -f $(PREFIX)/etc/instance.cf ] || cp -R etc/. $(PREFIX)/etc/
	cd $(PREFIX) && npm ci --omit=dev --no-audit --no-fund
	mkdir -p $(PREFIX)/var/demo/state $(PREFIX)/var/demo/history $(PREFIX)/var/demo/tmp
	@echo "Installed under $(PREFIX); configuration in $(PREFIX)/etc (kept if it existed)"

bench: build
	bench/run-batch.sh

# The fault-injection suite in its long mode (200 kills, 30-minute soak, …); figures into docs/reliability.md
chaos: build
	SURVIVOR_CHAOS=long bench/chaos.sh

clean:
	rm -rf dist node_modules

# Two commands matter (see README.md): `make serve` and `make test`.
# Everything else is a step they use, or an editor's helper.

# Python 3.11 (python3.11, else python3 if that is a 3.11).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3.11)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# Reproducible dates: the last commit's time unless the caller sets one.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: help install serve build test test-fast lint check bench browser node vendor-atlas \
        new-source new-actor new-event new-note number-notes explain pin-refs fix-refs diff clean

help:
	@echo "make serve   set everything up, build and serve on http://127.0.0.1:8000 (live reload)"
	@echo "make test    set everything up and run the whole test suite"
	@echo "make build   strict build into site/ (the previous site/ is kept if the build fails)"
	@echo "make check   the content gate: every check of CONTRIBUTING.md's list, in seconds; exit 1 while any fails"
	@echo "make bench   performance benchmark (writes bench/results.md)"
	@echo "make new-source FILE=path.txt | make new-actor NAME='…' | make new-event TITLE='…' DATE=… | make new-note ID=… TARGET=…"
	@echo "make explain KIND=unknown-name TEXT='…' WHY='…'   an editorial item that needs no action (one new file)"
	@echo "make pin-refs   pin new [[source-id/pN]] references to their paragraph's text (make check asks for it)"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 …'"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# The preview lives at the root of 127.0.0.1:8000 (the published site_url has
# a sub-path, under which `mkdocs serve` would otherwise mount it).
serve: $(STAMP)
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# Build into a fresh folder and swap it in only when the build succeeded:
# bad input never leaves a half-written site/. No --quiet: it hides the
# warnings that --strict counts (mkdocs#4126; the hook also undoes it).
build: $(STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site.previous
	if [ -d site ]; then mv site site.previous; fi
	mv site.tmp site
	rm -rf site.previous

# The complete content gate (scripts/gate.py; CONTRIBUTING.md lists its
# checks): `make test` runs it, then only the code's tests.
check: $(STAMP)
	$(BIN)/python -m scripts check --strict

# Style (ruff) and dead code (vulture; what it cannot see used is named in
# vulture_whitelist.py, its settings are in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check scripts tests bench
	$(BIN)/vulture

# Debian's Chromium for the browser tests (Playwright cannot download one here).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	else \
	  echo "error: the browser tests need Chromium at /usr/bin/chromium."; \
	  echo "       On Debian/Ubuntu run: sudo apt-get install -y chromium   (then make test again)"; \
	  exit 1; \
	fi

# axe-core (accessibility engine) from the npm registry, injected by the tests.
node: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "error: npm not found; install Node.js 20 (apt-get install -y nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

# The map's country boundaries (scripts/places.py) are vendored from the
# world-atlas npm package pinned in package-lock.json; this refreshes them.
vendor-atlas: node
	cp node_modules/world-atlas/countries-50m.json node_modules/world-atlas/LICENSE scripts/data/atlas/

# --durations: the 15 slowest tests are listed at the end of every run.
test: $(STAMP) browser node lint check
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider --durations=15
	@$(BIN)/python -m tests.summary

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow" -q

bench: $(STAMP) browser node
	$(BIN)/python -m bench.run

# The values an editor types (titles with quotes, names with apostrophes) reach
# the commands through the environment ("$$TITLE"), never pasted into the
# shell's command line, where a double quote broke it (make exports the
# variables given on its command line).
new-source: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make new-source FILE=path/to/text.txt [URL=… DATE=… TITLE=… PUBLISHER=…]"; exit 2; }
	$(BIN)/python -m scripts new-source "$$FILE" $(if $(TITLE),--title "$$TITLE") $(if $(URL),--url "$$URL") \
	  $(if $(DATE),--date "$$DATE") $(if $(PUBLISHER),--publisher "$$PUBLISHER")

new-actor: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make new-actor NAME='Full Name' [KIND=person]"; exit 2; }
	$(BIN)/python -m scripts new-actor "$$NAME" --kind "$(or $(KIND),person)"

new-event: $(STAMP)
	@test -n "$(TITLE)" || { echo "usage: make new-event TITLE='What happened' DATE=1972-04"; exit 2; }
	$(BIN)/python -m scripts new-event "$$TITLE" --date "$$DATE"

# An item of the editorial report that needs no action: one new file
# sources/editorial/[<SOURCE>--]<kind>-<slug of the text>.yml.
explain: $(STAMP)
	@test -n "$(KIND)" -a -n "$(TEXT)" -a -n "$(WHY)" || { echo "usage: make explain KIND=unknown-name TEXT='Middle East' WHY='A region, not an actor.'"; exit 2; }
	$(BIN)/python -m scripts explain "$$KIND" "$$TEXT" --why "$$WHY" $(if $(SOURCE),--source "$$SOURCE")

# What the change does on the site, against BASE (default origin/main):
# Markdown on the terminal and the HTML page site-diff.html.
diff: $(STAMP)
	$(BIN)/python -m scripts diff --base "$(or $(BASE),origin/main)" --html site-diff.html $(if $(DIFF_MD),--markdown "$(DIFF_MD)")

# New references [[source/pN]] (and passage fields) get the pin of the paragraph they name.
pin-refs: $(STAMP)
	$(BIN)/python -m scripts pin-refs

# References [[source/pN#pin]] whose paragraph moved: rewritten to where the pinned text is now.
fix-refs: $(STAMP)
	$(BIN)/python -m scripts fix-refs

# When merging: the new notes (no number: yet) get the numbers they are shown with.
number-notes: $(STAMP)
	$(BIN)/python -m scripts number-notes

new-note: $(STAMP)
	@test -n "$(ID)" -a -n "$(TARGET)" || { echo "usage: make new-note ID=some-note TARGET=event:the-event-id [KIND=context]"; exit 2; }
	$(BIN)/python -m scripts new-note "$$ID" --kind "$(or $(KIND),context)" --target "$$TARGET"

clean:
	rm -rf site site.tmp site.previous .pytest_cache .hypothesis bench/work

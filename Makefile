# Everything a fresh machine needs, through the project's own files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= newsgraph-store

.PHONY: install demo test test-fast lint bench clean graphviz chromium virtuoso vendor

# The viewer's libraries and basemap are vendored in git with their licences (builder/viewer/vendor/),
# so that every install, `make install` or `pip install .`, has them; `make vendor` refreshes them
# from npm after a version here changes.
VIEWER_PACKAGES := cytoscape@3.34.4 topojson-client@3.1.0 world-atlas@2.0.2
# graphology-gexf (Gephi Lite's GEXF reader) reads our GEXF in the tests.
TEST_PACKAGES   := graphology@0.26.0 graphology-gexf@0.13.2 @xmldom/xmldom@0.9.12
NPM_MODULES     := build/npm/node_modules
VENDOR          := builder/viewer/vendor

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NPM_MODULES): Makefile
	mkdir -p build/npm
	npm install --silent --no-save --no-audit --no-fund --prefix build/npm $(VIEWER_PACKAGES) $(TEST_PACKAGES)
	touch $@

vendor: $(NPM_MODULES)
	cp $(NPM_MODULES)/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp $(NPM_MODULES)/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE
	cp $(NPM_MODULES)/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	cp $(NPM_MODULES)/topojson-client/LICENSE $(VENDOR)/topojson-client.LICENSE
	cp $(NPM_MODULES)/world-atlas/countries-110m.json $(VENDOR)/
	cp $(NPM_MODULES)/world-atlas/LICENSE $(VENDOR)/world-atlas.LICENSE

install: $(BIN)/newsgraph

demo: install
	$(BIN)/newsgraph build examples/ --store $(STORE)
	$(BIN)/newsgraph stats --store $(STORE)
	$(BIN)/newsgraph query who-blamed-whom --store $(STORE)

# Graphviz renders DOT exports in the tests; installed where the machine allows (root, apt).
graphviz:
	@command -v dot >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq graphviz >/dev/null) || echo "graphviz not installed: DOT rendering tests will skip"; }

# Headless Chromium opens the HTML viewer in the tests; installed where the machine allows.
chromium:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: viewer tests will skip"; }

# Virtuoso open source is a remote store in the integration tests; each run starts its own.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null) || \
		echo "virtuoso not installed: the Virtuoso tests will skip"; }

test: install $(NPM_MODULES) graphviz chromium virtuoso
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q

# The tests not marked slow (no dev-set build, subprocess build or stress test), for working on a change.
test-fast: install
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q -m "not slow"

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(STORE) build dist .pytest_cache .ruff_cache

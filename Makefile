# Everything a fresh machine needs, through the project's own files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= newsgraph-store

.PHONY: install demo test lint bench clean graphviz chromium

VIEWER_LIBRARY := builder/viewer/vendor/cytoscape.min.js
# Cytoscape.js for the viewer; graphology-gexf (Gephi Lite's GEXF reader) reads our GEXF in the tests.
NPM_PACKAGES   := cytoscape@3.34.4 graphology@0.26.0 graphology-gexf@0.13.2 @xmldom/xmldom@0.9.12

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The HTML viewer bundles Cytoscape.js, installed from the npm registry and shipped as package data.
$(VIEWER_LIBRARY):
	mkdir -p build/npm builder/viewer/vendor
	npm install --silent --no-save --no-audit --no-fund --prefix build/npm $(NPM_PACKAGES)
	cp build/npm/node_modules/cytoscape/dist/cytoscape.min.js $@
	cp build/npm/node_modules/cytoscape/LICENSE builder/viewer/vendor/cytoscape.LICENSE

install: $(BIN)/newsgraph $(VIEWER_LIBRARY)

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

test: install graphviz chromium
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(STORE) build dist .pytest_cache .ruff_cache

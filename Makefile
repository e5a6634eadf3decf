# Everything a fresh machine needs, through the project's own files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= newsgraph-store

.PHONY: install demo test lint bench clean graphviz

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/newsgraph

demo: install
	$(BIN)/newsgraph build examples/ --store $(STORE)
	$(BIN)/newsgraph stats --store $(STORE)
	$(BIN)/newsgraph query who-blamed-whom --store $(STORE)

# Graphviz renders DOT exports in the tests; installed where the machine allows (root, apt).
graphviz:
	@command -v dot >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq graphviz >/dev/null) || echo "graphviz not installed: DOT rendering tests will skip"; }

test: install graphviz
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(STORE) build dist .pytest_cache .ruff_cache

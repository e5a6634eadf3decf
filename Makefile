# Everything a fresh machine needs, through the project's own files.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= newsgraph-store

.PHONY: install demo test lint bench clean

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

test: install
	$(BIN)/ruff check builder tests bench
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(STORE) build dist .pytest_cache .ruff_cache

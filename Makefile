# `make run` and `make test` work on a bare machine with Python 3.11+: they create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
DB ?= storyline.db

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/storyline --db $(DB) run examples/ukraine-aid

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for script in ingest analyse eval_seeds eval_conll eval_newsquant eval_timebank eval_polnear eval_ecbplus; do \
		$(BIN)/python bench/$$script.py || exit 1; done

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache storyline.db storyline.db-wal storyline.db-shm

# `make run` and `make test` work on a bare machine with Python 3.11+: they create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
DB ?= storyline.db
CHROMIUM := /usr/bin/chromium

.PHONY: run test bench bench-tools postgresql clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[postgresql,dask,serve,test,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# The browser test drives Debian's Chromium; installed here when we are root on Debian (as in CI),
# otherwise that one test is skipped with a note saying how to install it.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: apt-get install chromium to run the browser test"; fi

# The PostgreSQL tests start their own server from Debian's postgresql package (initdb + pg_ctl in a
# temporary folder); installed here when we are root on Debian, as in CI.
postgresql:
	@if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		else echo "note: apt-get install postgresql to run the PostgreSQL tests"; fi; fi

run: $(STAMP)
	$(BIN)/storyline --db $(DB) run examples/ukraine-aid

test: $(STAMP) $(CHROMIUM) postgresql
	$(BIN)/python -m pytest

# Timeline scoring (bench/eval_t17.py): tilse's evaluation code needs only numpy, scipy and nltk, so
# it is installed without the model dependencies it declares (textacy, numba); its ROUGE-1.5.5 Perl
# script needs Debian's XML parser.
bench-tools: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps 'tilse==0.2.1'
	@perl -MXML::Parser -e1 2>/dev/null || { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml-parser-perl >/dev/null; \
	else echo "note: apt-get install libxml-parser-perl for ROUGE-1.5.5"; fi; }

bench: bench-tools
	for script in ingest analyse run eval_seeds eval_conll eval_newsquant eval_timebank eval_polnear eval_ecbplus eval_findings eval_t17; do \
		$(BIN)/python bench/$$script.py || exit 1; done
	$(BIN)/python bench/scale.py --sizes 10000  # BENCHMARKS.md adds 100000 (40-110 minutes a mode on two cores)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis storyline.db storyline.db-wal storyline.db-shm storyline.db.lock storyline-report

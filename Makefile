# reassure — two commands:
#   make demo   set everything up, run scenario → ingest → detect, serve the COP on :8000
#   make test   set everything up, run ruff, mypy and the whole pytest suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WARM := $(VENV)/.warm
VENDOR := src/reassure/cop/static/vendor/maplibre-gl.js
# The benchmark peers' own venv (bench/peers.txt): MovingPandas brings pandas, which the
# project's venv must not hold (DuckDB imports it when installed: 0.2-0.5 s of an ingest).
# bench/bench_sea_detect.py looks for it here, so it is not a variable to override.
PEERS := .venv-peers
PEERS_STAMP := $(PEERS)/.installed
export REASSURE_HOME ?= $(CURDIR)/.reassure
# The demo derives the line of contact from DeepStateMap when the shared data is beside
# the clone; otherwise the scenario uses its built-in notional line.
FRONTLINE := $(wildcard ../shared/data/land/frontline/deepstatemap_data_20260822.geojson)

.PHONY: setup setup-peers system demo test lint bench clean

setup: $(STAMP) $(VENDOR) $(WARM)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Numba compiles the AIS decoder's and the shore grid's kernels into its cache once, here:
# otherwise the first command to decode pays seconds of compilation.
$(WARM): $(STAMP) src/reassure/warm.py src/reassure/geo/shore.py $(wildcard src/reassure/sea/*.py)
	$(BIN)/python -m reassure.warm
	touch $(WARM)

# Rebuilt from scratch (--clear) when bench/peers.txt changes, so a dropped pin goes too.
setup-peers: $(PEERS_STAMP)

$(PEERS_STAMP): bench/peers.txt
	$(PYTHON) -m venv --clear $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS)/bin/python -m pip install --quiet -r bench/peers.txt
	touch $(PEERS_STAMP)

$(VENDOR): web/package.json web/package-lock.json web/copy-vendor.mjs
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	node web/copy-vendor.mjs

# Debian's Chromium (browser tests) and faketime (a test moves the wall clock of a whole
# process); installed when missing and we may use apt.
system:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v faketime >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core faketime >/dev/null; \
	  else \
	    echo "make: Debian's chromium and faketime are needed for the tests: sudo apt-get install chromium faketime" >&2; exit 2; \
	  fi; \
	fi

demo: setup
	$(BIN)/reassure demo $(if $(FRONTLINE),--frontline $(FRONTLINE))

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

# Two workers: CI has two cores, and the suite takes 6 min on both instead of 9.5 on one.
test: setup setup-peers system lint
	$(BIN)/pytest -n 2

bench: setup setup-peers
	$(BIN)/python bench/run.py all --json

clean:
	rm -rf $(VENV) $(PEERS) web/node_modules src/reassure/cop/static/vendor .pytest_cache .mypy_cache .ruff_cache

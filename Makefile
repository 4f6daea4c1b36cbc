# `make run` and `make test` work on a fresh machine: they build .venv and node_modules first.
VENV    := .venv
PY      := $(VENV)/bin/python
UV      := $(VENV)/bin/uv
STAMP   := $(VENV)/.installed-stamp
DOMAIN  := core achievements targeting wallets chain worker api loyalty notifications people anchoring

.PHONY: setup run test lint bench lock clean clients

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	cp node_modules/@zxing/library/umd/index.min.js api/static/zxing.min.js
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/laurel up

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(DOMAIN)
	MYPYPATH=clients/python $(VENV)/bin/mypy clients/python/laurel_client

test: lint
	$(PY) -m pytest -n 2 --dist loadfile --durations=20

bench: setup
	$(PY) -m tests.bench.run

# The SDKs in clients/ from the app's OpenAPI document (a test fails when they are stale).
clients: setup
	$(PY) clients/generate.py

lock:
	$(UV) pip compile --quiet pyproject.toml --extra dev -o requirements.lock --python 3.11

clean:
	rm -rf $(VENV) node_modules var

# The commands of the README, and their parts.
#   make serve   install, create the SQLite database and an admin, serve on :6543
#   make check   ruff, mypy and the unit tests: seconds, for every change
#   make test    everything: lint, the whole suite on every configured
#                database, browser tests, branch coverage (gated at 95 %)
#   make bench   the benchmarks of BENCHMARKS.md (installs wrk; minutes, not a test)
# Each install step runs only when what it installs from has changed.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
BROWSER = tests/browser
# -n auto: one test process per core, each with its own databases, servers
# and browser; the coverage of all of them is combined and gated.
PYTEST_ALL = -n auto --dist worksteal \
	--cov=scratchpad --cov-branch --cov-fail-under=95 --cov-report=term

.PHONY: serve check test install install-test lint unit browser-deps deploy-deps audit bench wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# pip runs again only when setup.cfg or pyproject.toml changed.
$(VENV)/.installed-dev: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# dist/scratchpad-<version>-py3-none-any.whl, migrations included.
wheel: $(BIN)/python
	$(BIN)/pip wheel --quiet --no-deps -w dist .

$(VENV)/.installed-testing: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[testing,dev]"
	touch $@ $(VENV)/.installed-dev

install: $(VENV)/.installed-dev

install-test: $(VENV)/.installed-testing

# make serve PORT=8080 serves on another port (SCRATCHPAD_PORT does too).
serve: install
	$(BIN)/initialize_db development.ini
	$(if $(PORT),SCRATCHPAD_PORT=$(PORT) SCRATCHPAD_BASE_URL=http://localhost:$(PORT) )$(BIN)/pserve development.ini

lint: install-test
	$(BIN)/ruff check src tests alembic bench
	$(BIN)/ruff format --check src tests alembic bench
	$(BIN)/mypy

unit: install-test
	$(BIN)/pytest -q tests/unit

check: lint unit

# What the browser tests need besides Python packages: Debian's Chromium
# (installed when missing; needs root, as in CI) and axe-core from the lock
# file (npm ci again only when package-lock.json is newer than the install).
/usr/bin/chromium:
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(BROWSER)/node_modules/.package-lock.json: $(BROWSER)/package-lock.json
	cd $(BROWSER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser-deps: /usr/bin/chromium $(BROWSER)/node_modules/.package-lock.json

# What the deployment tests need (tests/operators): Debian's nginx, openssl,
# systemd-analyze and wrk (the benchmarks' smoke test), installed only when
# missing (needs root, as in CI).
deploy-deps:
	@test -x /usr/sbin/nginx && command -v openssl >/dev/null && command -v systemd-analyze >/dev/null && command -v wrk >/dev/null || \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx openssl systemd wrk; }

test: lint browser-deps deploy-deps
	$(BIN)/pytest $(PYTEST_ALL)

# Known vulnerabilities in the installed dependencies (needs the package
# index's vulnerability data). pip-audit lives in its own environment so it
# does not audit itself; --strict fails on anything it could not check.
audit: install-test
	$(BIN)/pip freeze --exclude-editable > $(VENV)/audit-requirements.txt
	test -x $(VENV)/audit/bin/pip-audit || \
		($(PYTHON) -m venv $(VENV)/audit && $(VENV)/audit/bin/pip install --quiet pip-audit)
	$(VENV)/audit/bin/pip-audit --strict --no-deps --progress-spinner off \
		-r $(VENV)/audit-requirements.txt

bench: install-test
	command -v wrk >/dev/null || apt-get install -y wrk
	cd bench && ../$(BIN)/python run.py

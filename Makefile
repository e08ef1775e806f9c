# The two commands of the README, and their parts.
#   make serve   install, create the SQLite database and an admin, serve on :6543
#   make test    install what the tests need and run the whole suite
#   make bench   the benchmarks of BENCHMARKS.md (installs wrk; minutes, not a test)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: serve test install install-test lint browser-deps deploy-deps audit bench wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs again only when the package's configuration changed.
install: $(VENV)/installed.stamp
$(VENV)/installed.stamp: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# dist/scratchpad-<version>-py3-none-any.whl, migrations included.
wheel: $(BIN)/python
	$(BIN)/pip wheel --quiet --no-deps -w dist .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[testing,dev]"

# make serve PORT=8080 serves on another port (SCRATCHPAD_PORT does too).
serve: install
	$(BIN)/initialize_db development.ini
	$(if $(PORT),SCRATCHPAD_PORT=$(PORT) SCRATCHPAD_BASE_URL=http://localhost:$(PORT) )$(BIN)/pserve development.ini

lint: install-test
	$(BIN)/ruff check src tests alembic bench
	$(BIN)/ruff format --check src tests alembic bench
	$(BIN)/mypy

# What the browser tests need besides Python packages: Debian's Chromium
# (installed when missing; needs root, as in CI) and axe-core from the lock file.
browser-deps: install-test
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

# What the deployment tests need (tests/operators): Debian's nginx, openssl
# and systemd-analyze, installed only when missing (needs root, as in CI).
deploy-deps:
	@test -x /usr/sbin/nginx && command -v openssl >/dev/null && command -v systemd-analyze >/dev/null || \
		{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx openssl systemd; }

test: install-test lint browser-deps deploy-deps
	$(BIN)/pytest

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

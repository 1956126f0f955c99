# Fotfäste: two commands for a developer.
#   make run   – a working system with demo data at http://127.0.0.1:8000
#   make test  – the whole test suite, browser and accessibility tests included
# Needs only Python >= 3.11; everything else is installed on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Parallel workers for pytest-xdist; two matches the two cores of the development and CI machines.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

REQUIREMENTS_STAMP := $(VENV)/.requirements.stamp
DEV_REQUIREMENTS_STAMP := $(VENV)/.requirements-dev.stamp
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test lint format browser-tools pdf-libs help
.DEFAULT_GOAL := help

help:
	@echo "make run    Startar Fotfäste med demodata på http://127.0.0.1:8000"
	@echo "make test   Kör alla tester (även webbläsar- och tillgänglighetstester)"
	@echo "make lint   Kontrollerar kodstilen med ruff"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps make pip run again only when a requirements file changed.
$(REQUIREMENTS_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_REQUIREMENTS_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(REQUIREMENTS_STAMP) $@

# A development-only configuration; production sets real environment variables instead.
.env:
	@umask 077; printf 'FOTFASTE_DEBUG=1\nSECRET_KEY=%s\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Skrev $@ (utvecklingsläge med en slumpad SECRET_KEY)."

# WeasyPrint (the letters' PDFs) needs Pango from the operating system; pip cannot install it.
pdf-libs:
	@scripts/install-pdf-libs.sh

run: pdf-libs $(REQUIREMENTS_STAMP) .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demodata
	@echo
	@echo "================================================================"
	@echo "  Fotfäste körs på  http://127.0.0.1:8000"
	@echo "  Demoinloggningar (lösenord för alla: demo):"
	@echo "    admin, kaa, syv, mentor, socialsekreterare, arbetsformedlare,"
	@echo "    samordnare, styrgrupp, kaa.lekeberg"
	@echo "  Avsluta med Ctrl+C."
	@echo "================================================================"
	@echo
	@# The worker runs imports in the background; it stops with the server.
	$(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

# npm ci runs again only when the lock file changed or axe-core is missing; the stamp is the file itself.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || scripts/apt-install.sh npm
	@if command -v npm >/dev/null 2>&1; then \
		echo "npm ci"; npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm saknas: webbläsartesterna hoppas över tills axe-core finns." >&2; \
	fi

browser-tools: $(AXE)
	scripts/install-browser.sh

test: pdf-libs $(DEV_REQUIREMENTS_STAMP) browser-tools
	$(PY) -m ruff check --quiet .
	$(PY) -m ruff format --check --quiet .
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(DEV_REQUIREMENTS_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

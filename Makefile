# The two commands in the README: `make run` and `make test`. Both set up what they need on a fresh Debian machine
# with Python 3.11: they create the virtualenv and install into it first, every package from the lock files (exact
# versions, checked against their hashes). `make test` also installs Debian's Chromium and CJK fonts when missing
# and starts a throwaway Redis when none answers (scripts/fresh_machine.sh proves it, in namespaces). Installs are
# keyed on the lock files through stamp files, so a second run skips pip entirely. `make lock` refreshes the lock
# files after a change to pyproject.toml's dependencies.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help run test chaos install install-dev lock translations catalogs migrate lint typecheck pytest chromium

help:
	@echo "make run   set up and start Daigou locally: web chat page, bot and admin web on SQLite, with demo data"
	@echo "make test  set up and run the checks: ruff, mypy, pytest"
	@echo "make chaos a few seeds of the fault-injection simulation (bench/chaos, docs/reliability.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@touch $@ $(VENV)/.installed

# Every dependency, direct or not, pinned with its hashes: requirements.lock for production (the Procfile's
# processes), requirements-dev.lock for tests and tools.
COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
	--no-emit-find-links
lock: install-dev
	$(COMPILE) -o requirements.lock pyproject.toml
	$(COMPILE) --extra dev -o requirements-dev.lock pyproject.toml

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# aiogram's I18n loads compiled .mo files only; with no catalogs yet there is nothing to compile.
translations: install
	@if ls locales/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d locales -D messages; \
	fi

# After adding or changing strings in core/, bot/ or admin_web/: refresh the template and every catalog,
# then translate the new entries in locales/<lang>/LC_MESSAGES/messages.po.
catalogs: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k __ -k _ -k N_ --no-location --sort-output --project daigou \
		-o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

migrate: install
	$(BIN)/daigou migrate

# The embedded product: the Bot API sandbox with its web chat page, the bot and the admin web on SQLite.
run: translations migrate
	$(BIN)/python -m embedded

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

# Runs against SQLite in memory, or PostgreSQL when DATABASE_URL=postgres://... is set.
# pytest's exit code 5 (no tests collected) fails this like any other error.
# The browser tests drive Debian's Chromium (CJK fonts for the Chinese pages, an emoji font for the bot's 🧾 ⚠) through Playwright;
# `playwright install` would need the internet. Installed once, when /usr/bin/chromium or a font is missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	@[ -x /usr/bin/chromium ] && [ -n "$$(fc-list :lang=zh 2>/dev/null)" ] && fc-list | grep -qi emoji || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
			fonts-noto-color-emoji >/dev/null; }

# The Redis tests talk to the one on 127.0.0.1:6379, or to a throwaway one when none answers there (installing
# Debian's redis-server first if need be): scripts/with_test_redis.sh passes it on in REDIS_TEST_URL.
pytest: install-dev chromium
	scripts/with_test_redis.sh $(BIN)/pytest

test: lint typecheck pytest

# A bounded run of the fault-injection simulation (docs/reliability.md): CI runs it after `make test`, on SQLite
# and, with DATABASE_URL=postgres://..., on PostgreSQL (about a minute each). Fails when a seed breaks an invariant.
CHAOS_SEEDS ?= 8
chaos: install-dev translations
	timeout 300 $(BIN)/python -m bench.chaos --seeds $(CHAOS_SEEDS) --jobs 2 --rerun 0

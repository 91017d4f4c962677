# The two commands of the README:
#   make run    set up .venv, migrate, seed the demo data, build the index, serve on $(HOST):$(PORT)
#   make test   the whole suite: SQLite, a throwaway PostgreSQL cluster, browser tests
# Longer shell logic lives in scripts/*.sh.

PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 5000

BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FLASK  := $(BIN)/flask --app wsgi
CATALOG := jobportal/translations/en/LC_MESSAGES/messages.po

export PYTHON VENV

.PHONY: run test lint format install lock clean distclean audit vnu translations

# The venv is created once; the pinned packages of requirements.lock (app, test and dev
# tools) and the package itself (editable) are reinstalled only when pyproject.toml or the
# lock is newer than the stamp. `make lock` regenerates the lock from pyproject.toml.
$(BIN)/python:
	bash scripts/ensure_venv.sh $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.lock
	$(BIN)/python -m pip install --no-deps -e .
	bash scripts/check_lock.sh $(BIN)/python
	touch $@

install: $(STAMP)

run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) index rebuild
	FLASK_DEBUG=0 exec $(FLASK) run --host $(HOST) --port $(PORT)

test: install
	bash scripts/test.sh

# Independent security scanners against a throwaway HTTPS copy with demo data (~10 min):
# sqlmap, wapiti, schemathesis, bandit, pip-audit; tools in .venv-audit (not for CI).
audit: install
	bash scripts/audit.sh

# The Nu Html Checker (vnu-jar from npm, Java) over the main pages: 0 errors expected.
vnu: install
	bash scripts/vnu.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	bash scripts/check_lock.sh $(BIN)/python

# The English catalogue: extract every wrapped string (Python and templates), add new
# msgids to jobportal/translations/en/LC_MESSAGES/messages.po (msgid German, msgstr
# English; fill the empty msgstr entries by hand), compile the committed messages.mo.
# tests/test_translations.py fails on an untranslated entry or a stale .mo.
translations: install
	@mkdir -p build
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k _text -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --sort-output --project=jobportal -o build/messages.pot .
	test -f $(CATALOG) || $(BIN)/pybabel init -i build/messages.pot -d jobportal/translations -l en --no-wrap
	$(BIN)/pybabel update -i build/messages.pot -d jobportal/translations -l en \
		--no-fuzzy-matching --ignore-obsolete --no-wrap
	sed -i '/^"POT-Creation-Date: /d; /^"PO-Revision-Date: /d' $(CATALOG)  # stable diffs
	$(BIN)/pybabel compile -d jobportal/translations -l en --statistics

# Pin the newest versions pyproject.toml allows (run after changing its dependencies).
lock: | $(BIN)/python
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile -q --extra test --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --no-emit-trusted-host -o requirements.lock pyproject.toml

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Caches and build output; keeps .venv and instance/ (your local database).
clean:
	rm -rf .pytest_cache .ruff_cache build dist test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Also the virtual environment.
distclean: clean
	rm -rf $(VENV)

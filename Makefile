# esimguide: `make run` sets up and serves the site on SQLite with demo content; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install install-dev system-deps messages lint bench quality clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

system-deps:
	bash scripts/install-system-deps.sh

setup: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

run: setup
	@echo ""
	@echo "esimguide is starting at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "No admin account yet? In another terminal run:  $(BIN)/python manage.py createsuperuser"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev system-deps
	bash scripts/test.sh

messages: install-dev
	$(BIN)/python manage.py makemessages -l zh_Hans -l zh_Hant -l en --no-obsolete --ignore '$(VENV)/*' --ignore 'bench/*'
	$(BIN)/python scripts/traditional_messages.py
	$(BIN)/python manage.py compilemessages --ignore '$(VENV)/*'

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

bench: install-dev system-deps
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench/quality/node_modules/.installed: bench/quality/package.json bench/quality/package-lock.json
	cd bench/quality && npm ci --no-audit --no-fund --silent
	touch $@

# Lighthouse (four categories, three languages) and axe-core on the public pages of a demo site it serves itself.
quality: install-dev system-deps bench/quality/node_modules/.installed
	$(BIN)/python bench/quality.py $(QUALITY_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

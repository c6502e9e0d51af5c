# Chợ — everyday commands. `make run` and `make test` work on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
XDIST ?= auto

.PHONY: run test install install-dev migrate seed serve lint fmt messages worker beat check-deploy schema erd clean

$(VENV)/.base: requirements/base.txt requirements/production.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements/production.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/local.txt
	$(PIP) install -q -r requirements/local.txt
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

## Set up and serve the demo store on http://127.0.0.1:8000 (SQLite, no services needed)
run: install messages migrate seed serve

migrate: install
	$(MANAGE) migrate --noinput

seed: install
	@if $(MANAGE) help seed_demo >/dev/null 2>&1; then $(MANAGE) seed_demo; fi

serve: install
	$(MANAGE) runserver 127.0.0.1:8000

## Run the whole test suite in parallel (embedded defaults; set DATABASE_URL/REDIS_URL for the real services)
# The browser journeys run in a process of their own: Playwright keeps an event loop alive in its process,
# which would make the Django tests that follow it in the same worker refuse to touch the database.
test: install-dev messages
	$(VENV)/bin/pytest -n $(XDIST) --dist loadfile --ignore=tests/e2e $(PYTEST_ARGS)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n 0 tests/e2e

messages: install
	$(MANAGE) compile_translations -v 0

lint: install-dev
	$(VENV)/bin/ruff check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: install
	$(VENV)/bin/celery -A config.celery_app worker -l info

beat: install
	$(VENV)/bin/celery -A config.celery_app beat -l info

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=example.com SMS_BACKEND=apps.accounts.sms.HttpSmsBackend SMS_API_URL=https://sms.example.com/send \
	SMS_API_KEY=check-deploy-placeholder $(MANAGE) check --deploy --fail-level WARNING

schema: install
	$(MANAGE) spectacular --file docs/openapi.yaml --validate

erd: install
	$(MANAGE) generate_erd

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# fazhi 法治 — developer and CI entry points.
#
#   make demo     install, migrate, load the demo township, run the dev server
#   make test     install, then lint, typecheck, checks, pytest on SQLite and PostgreSQL
#   make fuzz     a longer schemathesis pass over the API (FUZZ_EXAMPLES per operation)
#   make restore-drill   pg_dump a scratch database, pg_restore it, compare (docs/operations.md)
#   make serve    collectstatic + gunicorn (production-style, several processes)
#   make bench    performance benchmark (manage.py bench)
#   make province / make bench-http   a synthetic province; timed through gunicorn
#   make bench-peer   the petition ledger beside django-helpdesk's ticket list (bench/peer)
#   make load     locust, headless on loopback, against the province; then a write check
#   make bench-partition   the petitions table partitioned by county, timed beside it
#   make worker / make beat   Celery worker / scheduler (needs REDIS_URL)
#   make help     list every target
#
# Everything runs from .venv (created with $(PYTHON) on first use); front-end
# assets come from npm (package-lock.json) and are copied to fazhi/static/vendor/.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py

# Stamp files: reinstall only when the inputs change.
VENV_STAMP := $(VENV)/.fazhi-installed
NPM_STAMP := node_modules/.fazhi-installed
VENDOR_STAMP := fazhi/static/vendor/VERSIONS.json
# Compiled translation catalogues (generated from the .po files, gitignored).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard fazhi/locale/*/LC_MESSAGES/django.po))

DEMO_ADDR ?= 127.0.0.1:8000
GUNICORN_BIND ?= 127.0.0.1:8000
GUNICORN_WORKERS ?= 3
BENCH_ARGS ?=
# The benchmark never touches the demo database: its own SQLite file by default,
# or BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/fazhi_bench).
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
# The synthetic province of `make province` (manage.py make_province) that
# `make bench-http` serves; 200 townships × 2 years ≈ 10^5 petitions.
PROVINCE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fazhi_province
PROVINCE_ARGS ?= --townships 200 --years 2
BENCH_HTTP_ARGS ?=
# `make bench-peer`: django-helpdesk in its own virtualenv and database.
PEER_VENV ?= var/peer-venv
PEER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fazhi_peer
PEER_STAMP := $(PEER_VENV)/.peer-installed
BENCH_PEER_ARGS ?=
# `make load`: bounded in users and time, loopback only.
LOAD_USERS ?= 50
LOAD_TIME ?= 5m
LOAD_ARGS ?=
LOAD_STAMP := $(VENV)/.fazhi-load-installed
# `make bench-partition`: a scratch database for the partitioned copy (bench/partition).
PARTITION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fazhi_partition

# Tests. SQLite is the default database; PostgreSQL runs too when it answers.
# pytest-django creates test_fazhi (test_fazhi_gw0, _gw1 under xdist) and drops it afterwards.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fazhi
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2
# Migrated templates the workers copy under `make test` (tests/db_template.py).
SQLITE_TEMPLATE ?= $(CURDIR)/var/test-template.sqlite3
PG_TEMPLATE_DB ?= $(lastword $(subst /, ,$(TEST_DATABASE_URL)))_template
PG_TEMPLATE_URL = $(patsubst %/$(lastword $(subst /, ,$(TEST_DATABASE_URL))),%/$(PG_TEMPLATE_DB),$(TEST_DATABASE_URL))
FAZHI_TEST_TEMPLATE_SQLITE ?=
FAZHI_TEST_TEMPLATE_POSTGRES ?=
# The page sweeps (render, scope matrix, bad input) read pages, not SQL the
# databases answer differently: they run on the SQLite pass only, which keeps
# `make test` inside CI's 20 minutes on 2 cores.
PG_IGNORE ?= --ignore=tests/sweep
PYTEST_ARGS ?=
# REQUIRE_SERVICES=1 (set by .ci/run): an unreachable PostgreSQL or Redis fails the run
# instead of skipping its part.
REQUIRE_SERVICES ?= 0
# loadfile: a module's tests stay on one worker, so module-scoped fixtures are built once.
# --max-worker-restart=0: a worker killed by a hung test's timeout ends the run with
# the failure; a replacement worker under loadfile waited for work that never came.
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --max-worker-restart=0 --durations=15 $(PYTEST_ARGS)
# Tests never inherit the developer's deployment settings.
TEST_ENV := env -u DATABASE_URL -u DATABASE_REPLICA_URL -u REDIS_URL -u FAZHI_PRODUCTION -u DJANGO_DEBUG \
	-u FAZHI_MEDIA_STORAGE -u SECRET_KEY -u ALLOWED_HOSTS FAZHI_TEST_REDIS_URL=$(TEST_REDIS_URL) \
	FAZHI_TEST_TEMPLATE_SQLITE=$(FAZHI_TEST_TEMPLATE_SQLITE) FAZHI_TEST_TEMPLATE_POSTGRES=$(FAZHI_TEST_TEMPLATE_POSTGRES)
# `manage.py check --deploy` runs as production would.
# A production deployment brings its own personal-data keys (docs/operations.md §5);
# the check runs with throwaway ones, as it does with a throwaway SECRET_KEY.
PROD_ENV := env -u DATABASE_URL -u REDIS_URL -u FAZHI_PII_KEY_FILE FAZHI_PRODUCTION=1 DJANGO_DEBUG=0 \
	ALLOWED_HOSTS=example.org SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	FAZHI_PII_KEYS="1:$$($(PY) -c 'import base64, os; print(base64.b64encode(os.urandom(16)).decode())')" \
	FAZHI_PII_INDEX_KEY="$$($(PY) -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')"

PG_UP = $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], dbname="postgres", connect_timeout=3).close()' '$(TEST_DATABASE_URL)' >/dev/null 2>&1
REDIS_UP = $(PY) -c 'import sys, redis; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()' '$(TEST_REDIS_URL)' >/dev/null 2>&1
# A time stamp at the start of each part of `make test`, to see where the time goes.
banner = @echo "=== $(1) [$$(date +%T)]"
# Skip a service-dependent step, or fail under REQUIRE_SERVICES=1.
define service_missing
echo "*** $(1) is not reachable at $(2): $(3)"; \
if [ "$(REQUIRE_SERVICES)" = 1 ]; then echo "*** REQUIRE_SERVICES=1: failing"; exit 1; fi
endef

.PHONY: help install vendor messages demo migrate test test-sqlite test-postgres restore-drill lint \
	typecheck checks \
	fuzz fmt serve bench province bench-http bench-peer load bench-partition worker beat clean distclean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

# --- installation ---------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "fazhi needs Python 3.11 or newer ($(PYTHON) is $$($(PYTHON) -V))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 18+) is needed for the front-end assets"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR_STAMP): $(NPM_STAMP) scripts/vendor_assets.py
	$(PYTHON) scripts/vendor_assets.py

$(MO_FILES): %.mo: %.po | $(VENV_STAMP)
	$(PY) scripts/compile_messages.py

install: $(VENV_STAMP) $(VENDOR_STAMP) $(MO_FILES)  ## create .venv, pip install -e .[dev], npm ci, vendor assets, compile translations
	@mkdir -p var/staticfiles var/media

vendor: $(VENDOR_STAMP)  ## npm ci + copy dist files into fazhi/static/vendor/

messages: install  ## update the English catalogue from the code (makemessages), then compile it
	cd fazhi && ../$(PY) ../manage.py makemessages -l en --no-obsolete --no-location --ignore 'static/vendor/*'
	$(PY) scripts/compile_messages.py --check

# --- demo -----------------------------------------------------------------------

demo: export DJANGO_DEBUG = 1
demo: install  ## migrate, load the demo township (prints log-ins), runserver on 127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver $(DEMO_ADDR)

migrate: install  ## apply migrations to the configured database
	$(MANAGE) migrate --noinput

# --- tests ----------------------------------------------------------------------

# The checks that need no test database run two at a time (each uses one core),
# beside the migrated template databases the pytest workers then copy
# (tests/db_template.py): CI's 2 cores stay busy and no worker migrates. The restore
# drill copies the PostgreSQL template rather than migrating a third database.
test:  ## the whole suite (what CI runs)
	$(MAKE) -j2 --output-sync=target test-templates lint typecheck checks restore-drill \
		DRILL_TEMPLATE=$(PG_TEMPLATE_DB)
	$(MAKE) test-sqlite FAZHI_TEST_TEMPLATE_SQLITE=$(SQLITE_TEMPLATE)
	$(MAKE) test-postgres FAZHI_TEST_TEMPLATE_POSTGRES=$(PG_TEMPLATE_DB)
	$(call banner,make test: all passed)

.PHONY: test-templates
test-templates: install  ## migrated template databases for `make test`'s pytest workers
	$(call banner,$@)
	@if $(PG_UP); then \
		$(TEST_ENV) $(PY) scripts/test_templates.py --sqlite $(SQLITE_TEMPLATE) --postgres '$(PG_TEMPLATE_URL)'; \
	else \
		$(TEST_ENV) $(PY) scripts/test_templates.py --sqlite $(SQLITE_TEMPLATE); \
	fi

test-sqlite: install  ## pytest on SQLite, browser tests included
	$(call banner,$@)
	$(TEST_ENV) $(PYTEST)

test-postgres: install  ## pytest on PostgreSQL (TEST_DATABASE_URL), skipped if it is down
	$(call banner,$@)
	@if $(PG_UP); then \
		echo "$(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST) -m 'not browser' $(PG_IGNORE)"; \
		$(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST) -m 'not browser' $(PG_IGNORE); \
	else \
		$(call service_missing,PostgreSQL,$(TEST_DATABASE_URL),skipping the PostgreSQL pass); \
	fi

# The restore drill (scripts/restore_drill.py, docs/operations.md): scratch databases
# fazhi_drill_src and fazhi_drill_dst on the TEST_DATABASE_URL server, dropped afterwards.
# DRILL_TEMPLATE (set by `make test`): the source is a copy of that migrated database.
DRILL_TEMPLATE ?=
restore-drill: install $(if $(DRILL_TEMPLATE),test-templates)  ## back up a small PostgreSQL database, restore it, check row counts and the audit chain
	$(call banner,$@)
	@if $(PG_UP); then \
		$(TEST_ENV) $(PY) scripts/restore_drill.py '$(TEST_DATABASE_URL)' \
			$(if $(DRILL_TEMPLATE),--template $(DRILL_TEMPLATE)); \
	else \
		$(call service_missing,PostgreSQL,$(TEST_DATABASE_URL),skipping the restore drill); \
	fi

# `make test` fuzzes every API operation with a few examples (tests/api/test_fuzz.py);
# this pass takes more per operation, both generation modes (valid and invalid
# input), a random seed and every check schemathesis has. FUZZ_DATABASE_URL
# (e.g. the PostgreSQL one) runs it there instead of SQLite.
FUZZ_EXAMPLES ?= 30
FUZZ_DATABASE_URL ?=
fuzz: install  ## schemathesis over the whole API, longer than the pass in `make test`
	$(call banner,$@)
	$(TEST_ENV) $(if $(FUZZ_DATABASE_URL),DATABASE_URL=$(FUZZ_DATABASE_URL)) \
		FAZHI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -n 0 --durations=5 $(PYTEST_ARGS) \
		tests/api/test_fuzz.py

lint: install  ## ruff check + ruff format --check + import-linter (layers, docs/architecture.md)
	$(call banner,$@)
	$(BIN)/ruff check fazhi tests scripts bench
	$(BIN)/ruff format --check fazhi tests scripts bench
	$(BIN)/lint-imports --no-cache

typecheck: install  ## mypy
	$(call banner,$@)
	$(BIN)/mypy fazhi scripts

checks: install  ## migrations up to date, OpenAPI schema without warnings, check --deploy, static manifest, Redis round trip
	$(call banner,$@)
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(MANAGE) spectacular --validate --fail-on-warn --file /dev/null
	$(PROD_ENV) $(MANAGE) check --deploy --fail-level WARNING
	@static_root=$$(mktemp -d) && trap 'rm -rf "$$static_root"' EXIT && \
		echo "collectstatic (manifest storage, as in production) into $$static_root" && \
		$(PROD_ENV) STATIC_ROOT="$$static_root" $(MANAGE) collectstatic --noinput --verbosity 0
	@if $(REDIS_UP); then \
		echo "Redis round trip (cache + Celery broker) at $(TEST_REDIS_URL)"; \
		$(TEST_ENV) REDIS_URL=$(TEST_REDIS_URL) $(MANAGE) shell --verbosity 0 -c "$$REDIS_CHECK"; \
	else \
		$(call service_missing,Redis,$(TEST_REDIS_URL),skipping the Redis check); \
	fi

define REDIS_CHECK
from django.core.cache import cache
from fazhi.celery import app
cache.set("fazhi:check", "ok", 30)
assert cache.get("fazhi:check") == "ok", "Redis cache round trip failed"
cache.delete("fazhi:check")
with app.connection_for_write() as conn:
    conn.ensure_connection(max_retries=1)
print("Redis OK")
endef
export REDIS_CHECK

fmt: install  ## ruff format + ruff check --fix
	$(BIN)/ruff format fazhi tests scripts bench
	$(BIN)/ruff check --fix fazhi tests scripts bench

# --- running --------------------------------------------------------------------

serve: install  ## collectstatic, then gunicorn fazhi.wsgi (GUNICORN_WORKERS, GUNICORN_BIND)
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn fazhi.wsgi --bind $(GUNICORN_BIND) --workers $(GUNICORN_WORKERS) \
		--timeout 120 --access-logfile - --error-logfile -

bench: install  ## manage.py bench on its own database (BENCH_DATABASE_URL, BENCH_ARGS)
	mkdir -p var
	$(PY) scripts/ensure_database.py '$(BENCH_DATABASE_URL)'
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(MANAGE) migrate --noinput --verbosity 0
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(MANAGE) bench $(BENCH_ARGS)

province: install  ## a committed synthetic province on its own database (PROVINCE_DATABASE_URL, PROVINCE_ARGS)
	$(PY) scripts/ensure_database.py '$(PROVINCE_DATABASE_URL)'
	DATABASE_URL='$(PROVINCE_DATABASE_URL)' $(MANAGE) migrate --noinput --verbosity 0
	DATABASE_URL='$(PROVINCE_DATABASE_URL)' $(MANAGE) make_province $(PROVINCE_ARGS)

bench-http: install  ## gunicorn (2 workers, loopback) over the province, timed over HTTP with real log-ins
	$(PY) scripts/bench_http.py --database-url '$(PROVINCE_DATABASE_URL)' $(BENCH_HTTP_ARGS)

$(PEER_STAMP): bench/peer/requirements.txt
	@test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet -r bench/peer/requirements.txt
	@touch $@

bench-peer: install $(PEER_STAMP)  ## django-helpdesk 2.6.1 beside the petition ledger, same tickets, same run
	$(PY) scripts/ensure_database.py '$(PEER_DATABASE_URL)'
	$(PY) scripts/bench_peer.py --database-url '$(PROVINCE_DATABASE_URL)' \
		--peer-database-url '$(PEER_DATABASE_URL)' --peer-venv '$(PEER_VENV)' $(BENCH_PEER_ARGS)

$(LOAD_STAMP): pyproject.toml | $(VENV_STAMP)
	$(PY) -m pip install --quiet -e '.[dev,load]'
	@touch $@

load: install $(LOAD_STAMP)  ## locust (LOAD_USERS, LOAD_TIME) on loopback against the province, then count its writes
	$(PY) scripts/load_test.py --database-url '$(PROVINCE_DATABASE_URL)' \
		--users $(LOAD_USERS) --run-time $(LOAD_TIME) $(LOAD_ARGS)

# psql and postgres_fdw (PostgreSQL's contrib) read the province; it is never written.
bench-partition: install  ## the province's petitions partitioned by county in a scratch database, timed both ways
	$(PY) scripts/ensure_database.py '$(PARTITION_DATABASE_URL)'
	psql -X -q -v ON_ERROR_STOP=1 -v source="$$($(PY) -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).path.lstrip("/"))' '$(PROVINCE_DATABASE_URL)')" \
		-v year=$$(date +%Y) -f bench/partition/partition.sql '$(PARTITION_DATABASE_URL)'

worker: install  ## Celery worker (REDIS_URL must be set)
	$(BIN)/celery -A fazhi worker --loglevel=INFO

beat: install  ## Celery beat scheduler (REDIS_URL must be set)
	$(BIN)/celery -A fazhi beat --loglevel=INFO --schedule var/celerybeat-schedule

# --- cleaning -------------------------------------------------------------------

clean:  ## remove generated assets and caches (keeps .venv and var/)
	rm -rf node_modules fazhi/static/vendor var/staticfiles var/test-artifacts \
		.mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean  ## also remove .venv
	rm -rf $(VENV)

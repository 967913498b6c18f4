# OpenTwin: the commands a person types. `make help` lists them.
#
# Needs only Python 3.11+ (as `python3`, or PYTHON=/path/to/python3.x) and make:
# everything else is installed into .venv from the hash-pinned lock files.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Rewritten after a successful install; older than a lock file or pyproject.toml
# means the environment is out of date and the install runs again. `make run` needs
# only the runtime lock (RUN_STAMP); `make test` and the other tools need the dev lock
# (STAMP), which pins the same versions plus the test tools.
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-runtime

# pip-tools is not part of the lock: `make lock` installs it into a throwaway venv.
PIP_TOOLS ?= pip-tools==7.6.2
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
# The suite runs on every core (pytest-xdist); `make test PYTEST_FLAGS=` runs it in one process.
PYTEST_FLAGS ?= -n auto
# Extra pip-compile flags, e.g. `make lock LOCK_FLAGS=--upgrade` to move every pin.
LOCK_FLAGS ?=

.DEFAULT_GOAL := help
.PHONY: help install install-runtime run test lint lock clean messages bench screenshots

help:
	@echo "make run      install, migrate, load demo data, sync schedules, serve on :8000"
	@echo "make test     install, lint, then run the whole test suite"
	@echo "make lint     ruff check, ruff format --check, lint-imports"
	@echo "make screenshots  full-page PNGs of the key pages at 390 and 1280 px in screenshots/"
	@echo "make bench    time the TwinSpace, meeting and seminar pages; storm a seminar (50 seats, 200 teachers)"
	@echo "make install  create $(VENV) and install the locked dependencies (with test tools)"
	@echo "make lock     regenerate requirements-dev.lock and requirements.lock"
	@echo "make messages extract and compile the es, fr and de interface catalogues"
	@echo "make clean    remove $(VENV), caches and build output (keeps db.sqlite3, media/)"

install: $(STAMP)
install-runtime: $(RUN_STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "OpenTwin needs Python 3.11 or newer; '$(PYTHON)' is:"; $(PYTHON) --version; \
		echo "Run again with PYTHON=/path/to/python3.11 (or newer)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements-dev.lock requirements.lock pyproject.toml
	$(BIN)/python -m pip install --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --no-deps -e .
	@touch $@ $(RUN_STAMP)

# The dev lock is a superset of the runtime lock, so a full install also satisfies this.
$(RUN_STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	@touch $@

# BENCH_FLAGS, e.g. `make bench BENCH_FLAGS="--members 2000 --items 5000 --budget-ms 300"`;
# a meeting's size: BENCH_FLAGS="--participants 2000 --posts 5000".
BENCH_FLAGS ?=
bench: install
	$(BIN)/python -m bench.run $(BENCH_FLAGS)

# Needs Debian's Chromium (apt-get install chromium); the PNGs are not committed.
screenshots: install
	$(BIN)/python scripts/screenshots.py

run: install-runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py sync_schedules
	$(BIN)/python scripts/serve.py

# Any non-zero exit fails the target, including pytest's 5 ("no tests ran").
test: install lint
	$(BIN)/python -m pytest $(PYTEST_FLAGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The runtime lock is constrained by the dev lock, so both pin the same versions.
lock:
	@set -e; tools=$$(mktemp -d); trap 'rm -rf "$$tools"' EXIT; \
	$(PYTHON) -m venv "$$tools"; \
	"$$tools/bin/python" -m pip install --quiet $(PIP_TOOLS); \
	echo "pip-compile requirements-dev.lock"; \
	"$$tools/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) --extra test \
		--output-file requirements-dev.lock pyproject.toml; \
	echo "pip-compile requirements.lock"; \
	"$$tools/bin/pip-compile" $(PIP_COMPILE_FLAGS) $(LOCK_FLAGS) -c requirements-dev.lock \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis \
		static_collected test-results
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

# Interface catalogues: extract new strings for every app, then compile. Translate the
# new entries in each django.po (tests fail on empty or fuzzy ones) and commit .po + .mo.
I18N_APPS := core cms $(patsubst %/apps.py,%,$(wildcard plugins/*/apps.py))
I18N_LANGS := es fr de

messages: install
	@set -e; for app in $(I18N_APPS); do \
		echo "messages: $$app"; \
		cd $(CURDIR)/$$app; mkdir -p locale; \
		env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin makemessages -v 0 \
			$(addprefix -l ,$(I18N_LANGS)) --no-location --no-obsolete -i "migrations/*"; \
		env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin compilemessages -v 0; \
	done
	@for po in $(foreach app,$(I18N_APPS),$(wildcard $(app)/locale/*/LC_MESSAGES/django.po)); do \
		msgfmt --check-format -c -o /dev/null $$po || exit 1; done

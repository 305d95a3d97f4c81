# The front door for every routine task. `make run` and `make test` set up what they need.
SHELL := /bin/bash
PORT ?= 8000
SMTP_PORT ?= 2525
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PYTHON_FOR_UV := $(shell command -v python3.13 || command -v python3)
# The interpreter itself, not a launcher such as pyenv's shim: uv rebuilds a virtualenv
# made from any other path, which would drop the test tools at every `make run`.
PYTHON_EXE := $(shell $(PYTHON_FOR_UV) -c 'import sys; print(sys.executable)')
UV := $(PYTHON_FOR_UV) -m uv
VENV_PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: gettext compiles translations; the rest are for tests (a real browser,
# poppler's pdfsig/pdftotext, Thai fonts for rendered PDFs, SoftHSM as the HSM for signing
# over PKCS#11) and libfaketime, to run the suite at a hostile instant.
RUN_DEBS := gettext
TEST_DEBS := gettext chromium poppler-utils fonts-thai-tlwg libnss3-tools softhsm2 faketime

.PHONY: run test test-anytime lint typecheck pytest bench setup setup-test debs-run debs-test messages clean

setup: debs-run
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON_FOR_UV) -m pip install --quiet 'uv==0.13.8'
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON_EXE)
	npm ci --no-audit --no-fund --silent
	$(VENV_PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	$(VENV_PY) manage.py migrate --no-input -v0
	$(VENV_PY) manage.py createcachetable

setup-test: debs-test
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON_FOR_UV) -m pip install --quiet 'uv==0.13.8'
	$(UV) sync --frozen --python $(PYTHON_EXE)
	npm ci --no-audit --no-fund --silent
	$(VENV_PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

debs-run:
	@missing=$$(for p in $(RUN_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; fi

debs-test:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; fi

run: setup
	$(VENV_PY) manage.py load_demo
	@echo ""
	@echo "  eservice is starting on http://127.0.0.1:$(PORT)/      (English: http://127.0.0.1:$(PORT)/en/)"
	@echo "  Officer sign-in:  http://127.0.0.1:$(PORT)/accounts/login/"
	@echo "  Outbox (mail):    http://127.0.0.1:$(PORT)/staff/outbox/"
	@echo "  API docs:         http://127.0.0.1:$(PORT)/api/docs"
	@echo "  Health:           http://127.0.0.1:$(PORT)/healthz"
	@echo "  Apply by e-mail:  SMTP 127.0.0.1:$(SMTP_PORT), to <agency code>@eservice.localhost (e.g. 4120401@eservice.localhost)"
	@echo "  Demo sign-ins (password demo-password-2569): admin (superuser), oversight, officer, agencyadmin"
	@echo "  A process that dies is restarted; Ctrl-C stops them all."
	@echo ""
	PORT=$(PORT) SMTP_PORT=$(SMTP_PORT) VAR_DIR=$${VAR_DIR:-$(CURDIR)/var} .venv/bin/supervisord -c supervisord.conf

test: setup-test lint typecheck pytest

lint:
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .
	$(VENV_PY) manage.py makemigrations --check --dry-run -v0

typecheck:
	.venv/bin/mypy eservice

pytest:
	.venv/bin/pytest -n 2 --dist loadfile -q

# Instants (UTC) hostile to date code: after office hours before the New Year holidays,
# a Friday evening before Songkran, a minute before midnight on New Year's Eve in
# Bangkok. CI takes one by the day of the year (FAKE_AT=... picks one) and runs the
# non-browser suite with every process's clock starting there (libfaketime). Tests that time
# threads and processes in real seconds (real_clock) are left out: libfaketime breaks
# Python's timed waits; they read no dates.
HOSTILE_INSTANTS := 2026-12-30_11:30:00 2027-04-09_10:45:00 2026-12-31_16:59:00
FAKE_AT ?= $(subst _, ,$(word $(shell echo $$(( 10#$$(date +%j) % 3 + 1 ))),$(HOSTILE_INSTANTS)))
test-anytime: setup-test
	@echo "== the suite at $(FAKE_AT) UTC"
	TZ=UTC FAKETIME_DONT_RESET=1 faketime -f "@$(FAKE_AT)" \
	  .venv/bin/pytest -n 2 --dist loadfile -q -m "not browser and not real_clock"

bench: setup
	@command -v wrk >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk)
	$(VENV_PY) bench/run.py $(BENCH)

# Each app keeps its own eservice/<app>/locale; shared templates use eservice/templates/locale.
messages:
	for dir in eservice/*/; do \
	  [ -d $$dir/locale ] || continue; \
	  (cd $$dir && $(CURDIR)/$(VENV_PY) $(CURDIR)/manage.py makemessages -l th --no-obsolete \
	    --ignore=tests --ignore=locale); \
	done

clean:
	rm -rf .venv node_modules var

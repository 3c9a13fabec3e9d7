# The two commands of README.md: `make run` and `make test`.
# Everything is installed from this repository's own files.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
PG_VERSION ?= 15
PYTEST_WORKERS ?= 2

.PHONY: run test lint format install runtime-deps system-deps postgres check-deploy clean compilemessages bench bench-deps bench-data

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo province, serve it on 127.0.0.1:8000
run: install runtime-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: install, lint, run the whole suite on PostgreSQL
test: install system-deps postgres lint
	$(VENV)/bin/pytest --create-db -n $(PYTEST_WORKERS)

.PHONY: docs-screenshots docs-pdf
## make docs-screenshots: retake the user guide's screenshots (docs/huong-dan/anh/) from a throw-away demo
docs-screenshots: install system-deps postgres
	$(PY) manage.py docs_screenshots

## make docs-pdf: the user guide as one PDF (huong-dan-su-dung.pdf)
docs-pdf: install runtime-deps
	$(PY) manage.py docs_pdf -o huong-dan-su-dung.pdf

## make bench-data: build (once, kept) the province-scale benchmark data in BENCH_DATABASE_URL (see README)
bench-data: install postgres
	$(PY) bench/province.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Debian packages: Pango and DejaVu fonts for PDF reports (WeasyPrint); Chromium for the browser tests;
# OpenLDAP's slapd and tools for tests/test_sync_users.py, which starts its own slapd on a free port.
RUNTIME_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
LDAP_PACKAGES := slapd ldap-utils
APT_INSTALL = $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(1) \
	|| { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(1); }

runtime-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || $(call APT_INSTALL,$(RUNTIME_PACKAGES))

system-deps: runtime-deps
	@command -v chromium >/dev/null 2>&1 || $(call APT_INSTALL,chromium)
	@test -x /usr/sbin/slapd && command -v ldapadd >/dev/null 2>&1 || $(call APT_INSTALL,$(LDAP_PACKAGES))

# The suite needs PostgreSQL on 127.0.0.1:5432; start the local cluster if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || $(SUDO) pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start \
		|| $(SUDO) pg_ctlcluster $(PG_VERSION) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1

# make bench: province-scale data (kept in BENCH_DATABASE_URL), then HTTP throughput with wrk beside a
# bare Django view and nginx serving a static copy, then search, library and admin timings (bench/).
bench-deps:
	@command -v wrk >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } \
		|| $(call APT_INSTALL,nginx wrk)

bench: install runtime-deps bench-deps postgres bench-data
	$(PY) bench/throughput.py
	$(PY) bench/phone.py
	$(PY) bench/search.py --repeat 20
	$(PY) bench/library.py
	$(PY) bench/admin.py

check-deploy: install
	SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz DATABASE_URL=postgres://postgres@127.0.0.1:5432/sgddt \
		$(PY) manage.py check --deploy --settings=sgddt.settings.production

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Rebuild the compiled translations after editing locale/*/LC_MESSAGES/*.po.
compilemessages: install
	$(PY) -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"

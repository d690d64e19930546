# sellerdesk — the two commands: `make demo` (install, migrate, load demo data, serve) and
# `make test` (install, then the whole suite on SQLite and PostgreSQL).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
APT_PACKAGES := chromium tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng fonts-dejavu-core

.PHONY: demo test install system-deps venv guard-compiled postgres lint bench clean

demo: install
	$(BIN)/sellerdesk demo

test: install postgres
	SELLERDESK_TEST_PG=$(PG_URL) $(BIN)/pytest --basetemp=.pytest-tmp
	$(BIN)/python ../shared/tools/rule_coverage.py tests || true

install: system-deps venv guard-compiled

# System packages (headless Chromium for portal tests, Tesseract OCR for evidence).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The chat guard compiled with mypyc (about a minute; skipped when up to date). Until it
# is built, or after a guard source changes, the guard runs from its Python sources: the
# same answers, slower. A machine without a C compiler still installs, with a warning.
guard-compiled: venv
	@$(BIN)/python tools/build_guard.py || echo "warning: the guard is not compiled; it runs from its Python sources (slower)"

# PostgreSQL runs on the machine; start it if it is stopped.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL is not reachable at 127.0.0.1:5432"; exit 1

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy src/sellerdesk/domain src/sellerdesk/guard src/sellerdesk/policy

# Benchmarks also need wrk (a loopback HTTP load generator) from Debian.
bench: install postgres
	@dpkg -s wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk; }
	$(BIN)/python bench/run.py $(BENCH)

clean:
	rm -rf var $(VENV)

# dxwatch — everything a fresh machine needs is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# the suite on two worker processes (pytest-xdist), a test file per worker at a time: module-scoped
# crawls stay in one process; PYTEST_WORKERS=0 runs it in this process
PYTEST_WORKERS ?= 2

.PHONY: install chromium faketime test test-anydate run demo eval eval-real bench clean

install: $(STAMP) chromium

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "dxwatch needs Python >= 3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev,serve]"
	@touch $(STAMP)

# Debian's chromium where we are root on apt; else Playwright's own download (needs its CDN).
chromium:
	@if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium || echo /usr/bin/chromium)"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && echo "chromium: installed from Debian"; \
	else \
		$(PY) -m playwright install chromium; \
	fi

test: install
	$(PY) -m pytest -q $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile) $(PYTEST_ARGS)

# Debian's libfaketime, for test-anydate (root on apt; else it must already be installed)
faketime:
	@command -v faketime >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null && echo "faketime: installed from Debian"; } || \
		{ echo "test-anydate needs faketime (Debian package faketime)"; exit 2; }

# The whole suite a year ahead and a month back: a test that names a calendar day fails here.
# Tests marked timed_waits run the real daemon, whose scheduler waits in threading.Event.wait(timeout),
# which libfaketime 0.9.10 never wakes (pyproject.toml says more); they are left out here only.
test-anydate: install faketime
	faketime -f '+365d' $(PY) -m pytest -q -m "not timed_waits" $(PYTEST_ARGS)
	faketime -f '-30d' $(PY) -m pytest -q -m "not timed_waits" $(PYTEST_ARGS)

# The daemon over the shipped sources (sources/*.toml): scheduled crawls and the daily digest.
run: install
	$(VENV)/bin/dxwatch run

demo: install
	$(VENV)/bin/dxwatch demo

eval: install
	$(PY) -m bench.eval

# meetings, figures and relevance on real published prose (tests/real; the text itself is local only)
eval-real: install
	$(PY) -m bench.eval_real
	$(PY) -m bench.eval_real --set dev2
	$(PY) -m bench.eval_real --set holdout

bench: install
	$(PY) -m bench.crawl_bench
	$(PY) -m bench.browser_bench

# Search and metric-series latency on a synthetic 1M-article archive, SQLite and PostgreSQL (long: see docs/performance.md)
.PHONY: bench-search
bench-search: install
	$(PY) -m bench.search_bench --articles 1000000 --backend both

# The cluster (1, 2, 4 workers; a SIGKILL and a connection drop in the 4-worker run) against today's
# daemon on a loopback load of 200 hosts / 2,000 sources on PostgreSQL: writes var/bench/scale.json
# (docs/performance.md says what size was measured; about 35 min on 2 cores)
.PHONY: bench-scale
bench-scale: install
	$(PY) -m bench.scale_bench --hosts 200 --per-host 10 --workers 1,2,4

# The daemon fast-forwarded over 7 simulated days against 200 portals, faults and a browser portal,
# loopback only (about half an hour on 2 cores): writes var/soak/summary.json, exit 1 if not flat
.PHONY: soak
soak: install
	$(PY) -m bench.soak --sources 200 --days 7

# never touches the archive (var/dxwatch.db): only the demo's copy and build leftovers
clean:
	rm -rf var/demo .pytest_cache build *.egg-info

# Two commands do all set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export IPDASH_HOME ?= $(CURDIR)/var
PORT ?= 8501
HOST ?= 127.0.0.1
REPLICAS ?= $(shell nproc 2>/dev/null || echo 2)
# Test files run in parallel workers (pytest-xdist; one file stays on one worker): most of the suite waits on
# browsers and servers, not the CPU. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve test bench build chromium nginx lint clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python -m etl build --if-missing
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address $(HOST) \
		--server.headless true --browser.gatherUsageStats false

# N replicas of the app behind nginx (sticky sessions, WebSocket upgrade, one cookie secret); nginx runs
# unprivileged with its config, pid, logs and temp files under $(IPDASH_HOME)/serve. Ctrl-C stops all.
serve: $(VENV)/.installed nginx
	$(BIN)/python -m etl build --if-missing
	$(BIN)/python -m deploy.serve --replicas $(REPLICAS) --port $(PORT) --host $(HOST)

build: $(VENV)/.installed
	$(BIN)/python -m etl build

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing chromium and fonts-noto-cjk with apt"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk; \
	fi
	@test -x /usr/bin/chromium || { echo "chromium is required for the browser tests"; exit 1; }
	@# the meeting pack embeds Noto Sans CJK: install it even where chromium already was
	@if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "installing fonts-noto-cjk with apt"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk; \
	fi

# Only the nginx binary is used (by make serve, the replica test and the bench), never the system
# service; on hosts where apt starts that service, `systemctl disable --now nginx` turns it off.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		echo "installing nginx with apt"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx; \
	fi
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { echo "nginx is required for make serve"; exit 1; }

test: $(VENV)/.dev-installed chromium nginx
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed nginx
	$(BIN)/python -m bench $(BENCH_ARGS)

# ruff (incl. complexity C901 <= 10) and vulture (unused code; false positives in vulture_whitelist.py); a few seconds
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/vulture

clean:
	rm -rf $(VENV) var

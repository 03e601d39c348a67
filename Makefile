# Two commands do all set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export IPDASH_HOME ?= $(CURDIR)/var
PORT ?= 8501
HOST ?= 127.0.0.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench build chromium lint clean

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

test: $(VENV)/.dev-installed chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var

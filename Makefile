# Two commands set everything up on a fresh machine:
#   make run   install into .venv and start the main job
#   make test  install into .venv and run the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= sample_resumes/mid_level_mle.pdf

BROWSER := /usr/bin/chromium

.PHONY: install bytecode run analyze app test lint eval bench bench-screen clean browser

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[app,dask,dev]'
	touch $@

install: $(VENV)/.installed

# An editable install leaves skillgap's own modules uncompiled, and with
# PYTHONDONTWRITEBYTECODE set (as on CI machines) Python would compile them
# again at every start (~0.2 s of `skillgap analyze`); compileall writes the
# cache explicitly and skips what is up to date.
bytecode: install
	$(PY) -m compileall -q src

# The main job: analyse a sample résumé, then serve the app on localhost.
run: bytecode
	$(VENV)/bin/skillgap analyze $(SAMPLE)
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.headless true

app: bytecode
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.headless true

analyze: bytecode
	$(VENV)/bin/skillgap analyze $(SAMPLE)

# Browser tests drive Debian's headless Chromium; install it when we can (root).
browser:
	@if [ ! -x $(BROWSER) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: install Debian's chromium (sudo apt-get install chromium) to run the browser tests"; fi; \
	fi

test: install browser
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests benchmarks app.py sample_resumes
	$(VENV)/bin/ruff format --check src tests benchmarks app.py sample_resumes
	$(VENV)/bin/mypy

eval: bytecode
	$(VENV)/bin/skillgap eval ../shared/eval/dev.jsonl

bench: bytecode
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_advice.py
	$(PY) benchmarks/bench_isolation.py

bench-screen: bytecode
	$(PY) benchmarks/bench_screen.py

clean:
	rm -rf $(VENV) build dist .pytest_cache

# Two commands set everything up on a fresh machine:
#   make run   install into .venv and start the main job
#   make test  install into .venv and run the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= sample_resumes/mid_level_mle.pdf

.PHONY: install run analyze test lint eval bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[app,dask,dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/skillgap analyze $(SAMPLE)

analyze: install
	$(VENV)/bin/skillgap analyze $(SAMPLE)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests benchmarks app.py
	$(VENV)/bin/mypy

eval: install
	$(VENV)/bin/skillgap eval ../shared/eval/dev.jsonl

bench: install
	$(PY) benchmarks/bench_engine.py

clean:
	rm -rf $(VENV) build dist .pytest_cache

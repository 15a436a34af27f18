# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
SAMPLE ?= reports/sample
RUN ?= reports/demo

.PHONY: install demo test lint bench

# An editable install does not byte-compile (and PYTHONDONTWRITEBYTECODE may be set), so
# compile once here: otherwise every `beredskab` process recompiles the package from source.
install:
	$(PIP) install --quiet -e '.[test]'
	$(PYTHON) -m compileall -q src >/dev/null

# Generates the national sample corpus, checks every plan, writes the dashboard.
demo: install
	bash scripts/demo.sh "$(SAMPLE)" "$(RUN)"

# Lint, type-check and run the whole test suite.
test: install
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m ruff format --check src tests benchmarks
	$(PYTHON) -m mypy
	$(PYTHON) -m pytest -q

bench: install
	$(PYTHON) benchmarks/run.py

# rendement: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test system-deps bench lint lock upgrade clean

# Every dependency, direct and transitive, at the version and hash in requirements.lock; the
# project itself without build isolation, from the setuptools pinned there too.
$(STAMP): requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

LOCK_FLAGS := --extra dev --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28

# uv as the lock pins it, without installing the project: after a dependency is added to
# pyproject.toml the project's own install would fail `pip check` until the lock knows it
LOCK_TOOL := $(VENV)/.lock-tool
$(LOCK_TOOL): requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $(LOCK_TOOL)

# refresh the lock on purpose (newest versions the ranges in pyproject.toml allow), then test
upgrade: $(LOCK_TOOL)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) --upgrade --quiet -o requirements.lock
	$(MAKE) test

# the lock after a change of pyproject.toml, keeping every version that still fits; the next
# make installs from it
lock: $(LOCK_TOOL)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in $(LOCK_FLAGS) --quiet -o requirements.lock

# the example registry lives beside the project unless RENDEMENT_DATABASE_URL says otherwise
RUN_DATABASE ?= sqlite:///$(CURDIR)/.rendement/registry.sqlite3

# set up, load the examples into the local registry, and serve the web instrument with a demo
# login until Ctrl-C (calc uses the same registry: an ex-post example is compared with its
# forecast once that is imported; before, calc says so in one line)
run: $(STAMP)
	@for f in examples/*.yaml; do \
		echo "== $$f"; \
		RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement calc "$$f" || exit $$?; \
		echo; \
	done
	@echo "== examples/portfolios/voorbeeldstad.yaml (a regional fund over two of the cases)"
	@$(BIN)/rendement fund examples/portfolios/voorbeeldstad.yaml || exit $$?
	@echo "== the bundled example registry"
	@RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement registry import examples/
	@RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement meta --by quadrant --by method
	@echo "== the web instrument"
	@RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement serve --demo --demo-cases examples --host 127.0.0.1 --port $${PORT:-8000}

# poppler, LibreOffice, fonts, Pango and a running PostgreSQL: installed or started when missing
system-deps:
	@bash scripts/system-deps

# every test, then lint and type checks: a red check fails the run as a red test does
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 -q
	$(MAKE) --no-print-directory lint

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit $$?; done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check --quiet src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

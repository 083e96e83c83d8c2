# rendement: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test system-deps bench lint clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the example registry lives beside the project unless RENDEMENT_DATABASE_URL says otherwise
RUN_DATABASE ?= sqlite:///$(CURDIR)/.rendement/registry.sqlite3

run: $(STAMP)
	@for f in examples/*.yaml; do \
		echo "== $$f"; \
		$(BIN)/rendement calc "$$f" || exit $$?; \
		echo; \
	done
	@echo "== the bundled example registry"
	@RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement registry import examples/
	@RENDEMENT_DATABASE_URL=$${RENDEMENT_DATABASE_URL:-$(RUN_DATABASE)} $(BIN)/rendement meta --by quadrant --by method

# poppler, LibreOffice, fonts, Pango and a running PostgreSQL: installed or started when missing
system-deps:
	@bash scripts/system-deps

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python "$$b" || exit $$?; done

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

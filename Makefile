# Maillage: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PO := app/translations/fr/LC_MESSAGES/messages.po
MO := $(PO:.po=.mo)

.PHONY: install run test bench lint format translations clean

install: $(STAMP) $(MO)

# Installs exactly the versions CI tested (constraints.txt), with the test tools.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Maillage needs Python 3.11 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d app/translations -D messages --statistics

# The job worker (imports, mail drop, weekly digest) runs beside the web server and stops with it.
run: install
	$(BIN)/maillage db upgrade
	$(BIN)/maillage demo --if-empty
	@echo "Maillage: http://127.0.0.1:5000 (the job worker — imports, mail drop, weekly digest — runs beside it; Ctrl-C stops both)"
	@$(BIN)/maillage worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/maillage run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/pytest

# Every benchmark runs even when one misses its target; the exit status says if any did.
# The first four run on SQLite, then on the PostgreSQL server of BENCH_POSTGRES_URL (each
# creates and drops its own scratch databases there).
BENCH_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
bench: install
	@status=0; for name in export import report web; do \
		echo "== benchmarks/$${name}_bench.py, SQLite =="; \
		DATABASE_URL= $(BIN)/python benchmarks/$${name}_bench.py || status=1; \
		echo "== benchmarks/$${name}_bench.py, PostgreSQL =="; \
		DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/python benchmarks/$${name}_bench.py || status=1; \
	done; \
	for name in quick_log network bulk duplicates maildrop; do \
		echo "== benchmarks/$${name}_bench.py =="; \
		DATABASE_URL= $(BIN)/python benchmarks/$${name}_bench.py || status=1; \
	done; exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the strings, merge them into the French catalogue, fill in app/translations/french/.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations -l fr --no-fuzzy-matching
	$(BIN)/python app/translations/fill.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

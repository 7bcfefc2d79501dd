# make demo: install into .venv, then convert samples/ into output/, diff two years, compare all, follow four years
# make test: install with the test extras and the system packages the tests need, then run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install system-deps clean samples messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/riskreg extract samples/*.pdf --out output/
	$(BIN)/riskreg diff samples/hagersten_liljeholmen_2020.pdf samples/hagersten_liljeholmen_2021.pdf --out output/diff
	$(BIN)/riskreg compare output/ --out output/compare
	$(BIN)/riskreg history samples/hagersten_liljeholmen_202*.pdf samples/hagersten_alvsjo_2023.pdf --out output/history

# Debian packages the tests need (scripts/system-packages.txt): installed when missing, or a
# stop before the tests with the one command to run
system-deps:
	bash scripts/system-deps

test: install system-deps
	$(BIN)/python -m pytest -q

# Rebuild the sample PDFs (needs LibreOffice, chromium, poppler-utils and fonts-dejavu; not needed for tests)
samples: install
	$(BIN)/python -m pip install --quiet python-docx reportlab openpyxl
	$(BIN)/python samples/build.py
	$(BIN)/python samples/build_reportlab.py
	$(BIN)/python samples/build_templates.py
	$(BIN)/python samples/build_defects.py
	$(BIN)/python samples/build_inferred.py
	$(BIN)/python samples/build_chromium.py
	$(BIN)/python samples/build_records.py
	$(BIN)/python samples/build_records_writer.py
	$(BIN)/python samples/build_calc_matrix.py
	$(BIN)/python samples/build_reportlab_matrix.py
	$(BIN)/python samples/build_matrix.py

clean:
	rm -rf $(VENV) output/*.csv output/*.parquet output/diff output/compare output/history

# The Swedish catalogue (docs/development.md, "Translating"): extract every _()/N_()/ngettext/col msgid from
# the source into riskreg/locale/riskreg.pot, merge it into sv's riskreg.po (new msgids come empty, for a
# translator), and compile riskreg.mo, which riskreg reads at run time (committed: no Babel needed to run)
LOCALE := riskreg/locale
messages: install
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k ngettext:1,2 -k col --no-location --sort-output \
		--project riskreg --copyright-holder "riskreg" -o $(LOCALE)/riskreg.pot .
	$(BIN)/pybabel update -i $(LOCALE)/riskreg.pot -d $(LOCALE) -D riskreg -l sv --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE) -D riskreg -l sv --statistics

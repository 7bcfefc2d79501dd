# make demo: install into .venv, then convert samples/ into output/
# make test: install with the test extras, then run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean samples

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/riskreg extract samples/ --out output/

test: install
	$(BIN)/python -m pytest -q

# Rebuild the sample PDFs (needs LibreOffice, poppler-utils and fonts-dejavu; not needed for tests)
samples: install
	$(BIN)/python -m pip install --quiet python-docx reportlab
	$(BIN)/python samples/build.py
	$(BIN)/python samples/build_reportlab.py

clean:
	rm -rf $(VENV) output/*.csv output/*.parquet

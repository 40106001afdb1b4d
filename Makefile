# Quick start: `make run` opens the console on the embedded sandbox; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench docs lint clean venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

# The docs site has its own venv (mkdocs, mkdocs-material): `make test` does not pay for it.
DOCS_VENV ?= .venv-docs
DOCS_BIN := $(DOCS_VENV)/bin
DOCS_STAMP := $(DOCS_VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

$(DOCS_STAMP): pyproject.toml
	test -x $(DOCS_BIN)/python || $(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_BIN)/python -m pip install --quiet --upgrade pip
	$(DOCS_BIN)/python -m pip install --quiet -e '.[docs]'
	rm -f $(DOCS_VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/smtui --sandbox

# loadgroup: the tests of one xdist_group share a worker (tests/moto: one moto server).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks.run

# The reference pages must be current (python -m smtui.docs_gen), then a strict build into site/.
docs: $(DOCS_STAMP)
	$(DOCS_BIN)/python -m smtui.docs_gen --check
	NO_MKDOCS_2_WARNING=1 $(DOCS_BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) $(DOCS_VENV) build dist site *.egg-info

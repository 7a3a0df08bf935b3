# The one entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PLUGIN := jiangdu_grid_plugin
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
DEMO := data/jiangdu_demo.gpkg
ATLAS := data/jiangdu_town_atlas.pdf
SEED ?= 2019
# The demo's years of history, and its last day (YYYY-MM-DD). `make demo` builds it as of
# today unless told AS_OF; the targets that only need a demo (run, bench) keep the one
# there, whatever day it was built.
YEARS ?= 1
AS_OF ?=
DEMO_AS_OF := $(or $(AS_OF),$(if $(filter demo,$(MAKECMDGOALS)),$(shell date +%F)))
DEMO_OPTIONS := build/demo-options
# QGIS's embedded Python (desktop, qgis_process) sees only the system's packages; this
# puts the venv's shapely 2, pyproj and sqlite-utils in front of them.
SITE_PACKAGES = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# The profile `make deploy` installs into (QGIS's default profile unless told otherwise),
# and the separate one `make run` uses.
PROFILES ?= $(HOME)/.local/share/QGIS/QGIS3
PROFILE ?= default
RUN_PROFILES := build/qgis-profiles
# The scale benchmark's stores: the demo district with one year and with ten years of
# history, the same seed and last day (the report's), rebuilt when the core changes.
SCALE_AS_OF := 2019-11-25
SCALE_STORES := build/scale/one_year.gpkg build/scale/ten_years.gpkg
TS := $(PLUGIN)/i18n/$(PLUGIN)_zh_CN.ts
QM := $(TS:.ts=.qm)
CORE_SOURCES := $(shell find $(PLUGIN)/core -name '*.py' 2>/dev/null)

.PHONY: help setup demo run test lint bench scale-stores ts qm qt6-env qt6-check package deploy clean FORCE

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

setup: ## install Debian packages, the venv and Python packages (skipped when done)
	@scripts/setup.sh

demo: setup $(DEMO) ## build the demo store as of today (AS_OF=, YEARS=) and atlas PDF in data/, print figures, try a hotline import
	@$(PY) -m $(PLUGIN).core.demo summary $(DEMO)
	@$(PY) -m $(PLUGIN).core.demo hotline $(DEMO) data/hotline_sample.csv

# The options the demo is built with; rewritten (and the demo rebuilt) when they change.
$(DEMO_OPTIONS): FORCE
	@mkdir -p $(@D)
	@as_of='$(DEMO_AS_OF)'; \
	  [ -n "$$as_of" ] || as_of=$$(sed -n 's/.*--as-of \([0-9-]*\).*/\1/p' $@ 2>/dev/null); \
	  options="--seed $(SEED) --years $(YEARS) --as-of $${as_of:-$$(date +%F)}"; \
	  [ "$$options" = "$$(cat $@ 2>/dev/null)" ] || echo "$$options" > $@

FORCE:

$(DEMO): $(CORE_SOURCES) $(wildcard $(PLUGIN)/maps/*.py styles/*.qml) $(DEMO_OPTIONS) | setup
	$(PY) -m $(PLUGIN).core.demo build $(DEMO) $$(cat $(DEMO_OPTIONS))
	QT_QPA_PLATFORM=offscreen $(PY) -m $(PLUGIN).maps.demo_project $(DEMO) $(ATLAS)

test: setup qm ## run both test tiers headless (tests/core, tests/qgis)
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest; status=$$?; \
	  if [ $$status = 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$status

lint: setup ## ruff: lint and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup $(DEMO) $(SCALE_STORES) ## benchmarks against the named competitors, as ratios; the scale group on one and ten years
	QT_QPA_PLATFORM=offscreen $(PY) -m tools.bench $(DEMO) --scale-stores $(SCALE_STORES)

scale-stores: setup $(SCALE_STORES) ## the one-year and ten-year stores of make bench's scale group (build/scale)

build/scale/%.gpkg: $(CORE_SOURCES) $(wildcard $(PLUGIN)/maps/*.py styles/*.qml) | setup
	$(PY) -m $(PLUGIN).core.demo build $@ --seed 2019 --as-of $(SCALE_AS_OF) \
	  --years $(if $(filter ten_years,$*),10,1)
	QT_QPA_PLATFORM=offscreen $(PY) -m $(PLUGIN).maps.demo_project $@

ts: setup ## refresh the Chinese translation source from the code (pylupdate5, pylupdate6 or Qt 6's lupdate)
	$(PY) -m tools.translations

qt6-env: ## PyQt6 from PyPI in build/pyqt6-env (the QGIS 4 check, pylupdate6); never imported by QGIS
	$(PY) -c 'from tools.qt6_check import ensure_pyqt6; print(ensure_pyqt6())'

qt6-check: setup ## the plugin's Python against PyQt6 (QGIS 4), the migration rules and this QGIS's enums
	QT_QPA_PLATFORM=offscreen $(PY) -m tools.qt6_check

qm: $(QM) ## compile translations

$(QM): $(TS) | setup
	lrelease -silent $(TS) -qm $(QM)

package: setup qm ## build dist/$(PLUGIN)-<version>.zip for "Install from ZIP"
	$(PY) -m tools.package zip --output dist/$(PLUGIN)-$(VERSION).zip

deploy: setup qm ## install the plugin into a QGIS profile and enable it (PROFILES=..., PROFILE=...)
	$(PY) -m tools.package deploy --profiles "$(PROFILES)" --profile "$(PROFILE)"

run: setup qm $(DEMO) ## start QGIS with the plugin in its own profile and the demo project open
	$(PY) -m tools.package deploy --profiles "$(RUN_PROFILES)" --profile jiangdu
	PYTHONPATH="$(SITE_PACKAGES)" qgis --profiles-path "$(RUN_PROFILES)" --profile jiangdu \
	  $(if $(QGIS_LANG),--lang $(QGIS_LANG)) --project "geopackage:$(abspath $(DEMO))?projectName=jiangdu"

clean: ## remove generated files (keeps the venv)
	rm -rf build dist $(DEMO) $(QM) .pytest_cache

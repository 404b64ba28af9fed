# robustbook: the two commands are `make reproduce` (the main job) and `make test` (the tests).
# Both do their own set-up on a fresh Debian machine (Python 3.11, root, package registries only).
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PROFILE ?= small
# notebooks at once: settings.ini's `jobs` (auto = one per core, at most 4) unless JOBS=N is given
JOBS ?=
FMNIST := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
export HF_HUB_OFFLINE := 1
export PYTHONHASHSEED := 0

.PHONY: reproduce test setup data browser check nbtest pytest report clean-outputs gpu-check

## main job: rerun every paper notebook on $(PROFILE) and write outputs/report/index.html (smoke/paper: outputs/<profile>/report)
reproduce: setup data
	$(BIN)/robustbook reproduce --profile $(PROFILE) $(if $(JOBS),--jobs $(JOBS))

## the tests: notebooks clean and in sync with the library, nbdev-test (smoke), pytest (runner, ledger, smoke runs, browser)
test: setup data browser check nbtest pytest

setup: $(BIN)/.installed
$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e ".[dev]" 2>&1 | grep -v "is ignored: it is neither"; test $${PIPESTATUS[0]} -eq 0
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(BIN)/python -m robustbook._tvhook >/dev/null   # any import order works (timm before robustbook)
	touch $@

data:
	@test -f $(FMNIST) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; }

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -d tests/browser/node_modules/playwright-core || (cd tests/browser && npm ci --silent --no-audit --no-fund)

## nbdev3-ci checks: fail if nbdev-clean or nbdev-export would change anything
check: setup
	@before=$$(find nbs robustbook -type f \( -name '*.ipynb' -o -name '*.py' \) -not -path '*/.ipynb_checkpoints/*' | sort | xargs md5sum | md5sum); \
	pyproj=$$(md5sum < pyproject.toml); stamp=$$(stat -c %Y pyproject.toml); \
	$(BIN)/nbdev-clean && $(BIN)/nbdev-export; \
	if [ "$$pyproj" = "$$(md5sum < pyproject.toml)" ]; then touch -d @$$stamp pyproject.toml; fi; \
	after=$$(find nbs robustbook -type f \( -name '*.ipynb' -o -name '*.py' \) -not -path '*/.ipynb_checkpoints/*' | sort | xargs md5sum | md5sum); \
	if [ "$$before" != "$$after" ]; then echo "FAIL: notebooks were not clean or the library was out of sync with them (now fixed: review and commit)"; exit 1; fi; \
	echo "notebooks clean and library in sync"

nbtest: setup
	ROBUSTBOOK_PROFILE=smoke $(BIN)/nbdev-test --skip-folder-re '^papers$$' --timing

pytest: setup
	ROBUSTBOOK_PROFILE=smoke $(BIN)/python -m pytest -q tests

report: setup
	$(BIN)/robustbook report

## on a GPU machine, before a paper-scale run (<= 10 min): CUDA, each ViT paper's paper-path step with paper-size timm
## models on generated data, one torchrun over every GPU; report in outputs/gpu_check/. DRY=1: CPU, tiny models (CI)
gpu-check: setup
	$(BIN)/python -m robustbook.core.gpu_check $(if $(DRY),--dry)

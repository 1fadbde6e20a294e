# Everything goes through an idempotent `make install` into .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test wheel-check bench bench-scale eval index clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[llm,dev,bench]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/stappenplan

# The suite runs one worker more than there are cores, up to four: the TUI and terminal tests
# partly wait on the app, so a third worker on two cores fills the waits (10:20 -> 9:38 on two
# cores); worksteal evens out the last minutes, where a few slow files held one worker.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); n=$$((n + 1)); [ $$n -gt 4 ] && n=4; echo $$n)
test: install
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal
	$(MAKE) wheel-check

# The package as users get it: a wheel built from the tree, installed into a fresh venv, run from
# outside the checkout (so only what the wheel holds is there): one question, one conversation.
WHEEL_DIR := build/wheel
wheel-check: install
	rm -rf $(WHEEL_DIR) && mkdir -p $(WHEEL_DIR)
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir $(WHEEL_DIR)/dist .
	$(PYTHON) -m venv $(WHEEL_DIR)/venv
	$(WHEEL_DIR)/venv/bin/python -m pip install --quiet $(WHEEL_DIR)/dist/*.whl
	cd $(WHEEL_DIR) && bash $(CURDIR)/.ci/wheel-smoke venv/bin/stappenplan

bench: install
	$(BIN)/python bench/run.py

# The organisation's whole library (issue 26): 1x, 10x, 100x the shipped text, and a shared Chroma
# server; tens of minutes on two cores. SCALE_OUT keeps the libraries and homes for a rerun.
SCALE_OUT ?= /tmp/stappenplan-scale
bench-scale: install
	nice -n 10 $(BIN)/python bench/scale.py --scales 1,10,100 --chroma --out $(SCALE_OUT) --json $(SCALE_OUT)/scale.json

eval: install
	$(BIN)/stappenplan eval ../shared/eval/dev.jsonl bench/heldout.jsonl bench/questions/tune.jsonl bench/questions/test.jsonl bench/questions/faq.jsonl bench/questions/qfirst.jsonl

index: install
	$(BIN)/stappenplan index

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

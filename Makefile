# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install lint mutate

$(BIN)/tandem: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

install: $(BIN)/tandem

## run: install Tandem and start the sandbox, a local Slack with the bot in it (http://localhost:3000/)
run: install
	$(BIN)/tandem sandbox

## test: install Tandem, the test tools and PostgreSQL, then run the whole suite
test: install
	./scripts/system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check bot jobs migrations tests

## mutate: mutation testing of the modules that carry the promises (slow; see README, Tests).
## MODULES=bot/text/money.py for one module, MUTATE_ARGS="--jobs 2 --postgresql" for more.
mutate: install
	$(BIN)/python scripts/mutate.py $(MODULES) $(MUTATE_ARGS)

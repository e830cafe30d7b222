# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install lint typecheck deadcode mutate

$(BIN)/tandem: pyproject.toml
	@echo "==> Creating a virtual environment in $(VENV) (first run only)"
	@$(PYTHON) -m venv $(VENV)
	@echo "==> Upgrading pip"
	@$(BIN)/pip install -q --upgrade pip
	@echo "==> Installing Tandem and its test tools into $(VENV) (about 20 s; pip lists each package)"
	@{ $(BIN)/pip install --progress-bar off -e ".[dev]"; echo $$? > $(VENV)/.pip-status; } \
		| grep --line-buffered -E "^(Collecting|Successfully)" || true
	@test "$$(cat $(VENV)/.pip-status)" = 0 || { echo "==> pip failed (see above)"; exit 1; }
	@touch $@

install: $(BIN)/tandem

## run: install Tandem and start the sandbox, a local Slack with the bot in it (http://localhost:3000/;
## SANDBOX_ARGS="--port 3001 --open" passes options to `tandem sandbox`)
run: install
	@echo "==> Starting the sandbox; its address follows once the page answers"
	@exec $(BIN)/tandem sandbox $(SANDBOX_ARGS)

## test: install Tandem, the test tools and PostgreSQL, check types and dead code, then run the whole suite
test: install typecheck deadcode
	./scripts/system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check bot jobs migrations tests

## typecheck: mypy over bot/ and jobs/ (settings in pyproject.toml, [tool.mypy]); must find no error
typecheck: install
	$(BIN)/mypy

## deadcode: vulture over the whole tree, then over the app alone, where code only tests reach is dead
## (settings and the library hooks it cannot see called: pyproject.toml [tool.vulture]; scripts/vulture_allow.py)
deadcode: install
	$(BIN)/vulture
	$(BIN)/vulture bot jobs scripts/vulture_allow.py --exclude bot/emulator

## mutate: mutation testing of the modules that carry the promises (slow; see README, Tests).
## MODULES=bot/text/money.py for one module, MUTATE_ARGS="--jobs 2 --postgresql" for more.
mutate: install
	$(BIN)/python scripts/mutate.py $(MODULES) $(MUTATE_ARGS)

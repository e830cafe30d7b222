# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install lint lock typecheck deadcode layers mutate

# Every dependency, and each test tool, at the version and hashes pinned here (`make lock` writes it).
LOCK := requirements.lock

$(BIN)/tandem: pyproject.toml $(LOCK)
	@echo "==> Creating a virtual environment in $(VENV) (first run only)"
	@$(PYTHON) -m venv $(VENV)
	@echo "==> Upgrading pip"
	@$(BIN)/pip install -q --upgrade pip
	@echo "==> Installing Tandem and its test tools at the versions in $(LOCK) (about 20 s; pip lists each package)"
	@{ $(BIN)/pip install --progress-bar off --require-hashes -r $(LOCK) \
		&& PYTHONWARNINGS=ignore $(BIN)/pip install --progress-bar off --no-deps -e .; echo $$? > $(VENV)/.pip-status; } \
		| grep --line-buffered -E "^(Collecting|Successfully)" | sed -u -E "s/ \(from -r $(LOCK) \(line [0-9]+\)\)//" || true
	@test "$$(cat $(VENV)/.pip-status)" = 0 || { echo "==> pip failed (see above)"; exit 1; }
	@$(BIN)/pip check >/dev/null || { $(BIN)/pip check; echo "==> $(LOCK) does not fit pyproject.toml: run make lock"; exit 1; }
	@touch $@

install: $(BIN)/tandem

## run: install Tandem and start the sandbox, a local Slack with the bot in it (http://localhost:3000/;
## SANDBOX_ARGS="--port 3001 --open" passes options to `tandem sandbox`)
run: install
	@echo "==> Starting the sandbox; its address follows once the page answers"
	@exec $(BIN)/tandem sandbox $(SANDBOX_ARGS)

## test: install Tandem, the test tools and PostgreSQL, check types and dead code, then run the whole suite,
## one worker per core (pytest-xdist; each worker starts its own servers on free ports). TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: install typecheck deadcode layers
	./scripts/system-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

## lock: pin the dependencies of pyproject.toml (with the dev tools) and their hashes in requirements.lock.
## Pins already there are kept while they still fit; LOCK_ARGS=--upgrade (or --upgrade-package NAME) moves them.
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q uv; }
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes --quiet \
		--custom-compile-command "make lock" -o $(LOCK) $(LOCK_ARGS)

lint: install
	$(BIN)/ruff check bot jobs migrations tests

## typecheck: mypy over bot/ and jobs/ (settings in pyproject.toml, [tool.mypy]); must find no error
typecheck: install
	$(BIN)/mypy

## layers: the import contracts in pyproject.toml ([tool.importlinter]): the domain knows nothing of Slack,
## builders do no I/O, no listener imports another, the app never imports the emulator or the sandbox
layers: install
	$(BIN)/lint-imports --no-cache

## deadcode: vulture over the whole tree, then over the app alone, where code only tests reach is dead
## (settings and the library hooks it cannot see called: pyproject.toml [tool.vulture]; scripts/vulture_allow.py)
deadcode: install
	$(BIN)/vulture
	$(BIN)/vulture bot jobs scripts/vulture_allow.py --exclude bot/emulator

## mutate: mutation testing of the modules that carry the promises (slow; see README, Tests).
## MODULES=bot/text/money.py for one module, MUTATE_ARGS="--jobs 2 --postgresql" for more.
mutate: install
	$(BIN)/python scripts/mutate.py $(MODULES) $(MUTATE_ARGS)

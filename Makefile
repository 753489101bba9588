# The two commands a new user needs: `make demo` and `make test`. Both install into .venv.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
OUT ?= demo_out

.PHONY: demo test install install-test lint wheel-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[train]'

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[train,test]'

# Label the shipped example reports, audit them against the manual labels, then
# synth -> extract -> train -> saliency -> audit on a small synthetic image set.
demo: install
	bash scripts/demo.sh $(BIN) $(OUT)

lint: install-test
	$(BIN)/ruff check labelaudit tests benchmarks
	$(BIN)/ruff format --check labelaudit tests benchmarks

test: install-test lint
	$(BIN)/pytest
	$(MAKE) wheel-check

# The wheel carries rules/; install it alone (core, no torch) in a clean venv and label a report.
wheel-check: $(BIN)/python
	rm -rf dist .wheel-venv
	$(BIN)/python -m build --wheel --outdir dist . > /dev/null
	$(PYTHON) -m venv .wheel-venv
	.wheel-venv/bin/pip install --quiet dist/*.whl
	cd /tmp && $(CURDIR)/.wheel-venv/bin/python -c "import sys, labelaudit; \
r = labelaudit.Labeler().label('No pneumothorax. Small left effusion.'); \
assert r.values['Pleural Effusion'] == 1.0 and r.values['Pneumothorax'] == 0.0, r.values; \
assert 'torch' not in sys.modules; print('wheel ok:', labelaudit.Labeler().rules.id)"
	printf 'report_id,report\ns1,"No pneumothorax. Small left effusion."\n' > /tmp/wheel_check.csv
	.wheel-venv/bin/labelaudit extract /tmp/wheel_check.csv --output /tmp/wheel_check_labels.csv --quiet
	grep -q '^s1,' /tmp/wheel_check_labels.csv
	rm -rf .wheel-venv dist

clean:
	rm -rf $(VENV) .wheel-venv dist $(OUT)

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
	rm -rf $(OUT)
	@echo "== 1. Label the example reports"
	$(BIN)/labelaudit extract examples/reports.csv -o $(OUT)/labels.csv --evidence $(OUT)/evidence.jsonl
	@echo "== 2. Validate them against the manual labels"
	$(BIN)/labelaudit validate --gold examples/manual.csv --output-dir $(OUT)/validation
	@echo "== 3. Synthetic films with drawn findings, and their reports"
	$(BIN)/labelaudit synth $(OUT)/synth --n 400 --size 128
	$(BIN)/labelaudit extract $(OUT)/synth/reports.csv -o $(OUT)/synth/labels.csv --evidence $(OUT)/synth/evidence.jsonl --quiet
	@echo "== 4. Train VGG16 (thin, batch-norm) on the report labels"
	$(BIN)/labelaudit train --labels $(OUT)/synth/labels.csv --images $(OUT)/synth/manifest.csv \
		--uncertain ignore --image-size 128 --width 0.125 --batch-norm --lr 1e-3 --epochs 8 --output $(OUT)/runs/demo
	@echo "== 5. Saliency maps of the held-out films, scored against the drawn masks"
	$(BIN)/labelaudit saliency --run $(OUT)/runs/demo --images $(OUT)/runs/demo/valid_predictions.csv --masks $(OUT)/synth/masks \
		--observations "Pleural Effusion,Pneumothorax,Cardiomegaly,Support Devices" --method all --top 8 -o $(OUT)/saliency
	@echo "== 6. Out-of-fold probabilities and the report labels the image model doubts"
	$(BIN)/labelaudit train --labels $(OUT)/synth/labels.csv --images $(OUT)/synth/manifest.csv \
		--image-size 64 --width 0.125 --batch-norm --lr 1e-3 --epochs 4 --folds 3 --output $(OUT)/runs/folds
	$(BIN)/labelaudit audit --labels $(OUT)/synth/labels.csv --predictions $(OUT)/runs/folds/oof_predictions.csv \
		--evidence $(OUT)/synth/evidence.jsonl --images $(OUT)/synth/manifest.csv --saliency $(OUT)/saliency -o $(OUT)/audit
	@echo "== Done: open $(OUT)/validation/report.html, $(OUT)/saliency and $(OUT)/audit/report.html"

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

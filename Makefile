# The two commands a new user needs: `make demo` and `make test`. Both install into .venv.
# With an environment that already has labelaudit[train], skip the install:
# `make demo-run BIN=path/to/venv/bin` (or demo-fast-run).
VENV ?= .venv
PYTHON ?= python3
BIN ?= $(VENV)/bin
OUT ?= demo_out

# The demo's image model, for the single run and the folds alike: one place to change it.
DEMO_TRAIN_FLAGS ?= --image-size 64 --width 0.125 --batch-norm --lr 1e-3 --epochs 6
DEMO_IMAGES ?= 400
DEMO_FOLDS ?= 3
DEMO_REPORT_ERRORS ?= 0.1
DEMO_SALIENCY_FLAGS ?= --method all --top 8
# Held-out films to explain: SmoothGrad costs 16 backward passes per map.
DEMO_SALIENCY_IMAGES ?= 40
DEMO_SALIENCY_OBSERVATIONS ?= Pleural Effusion,Pneumothorax,Cardiomegaly,Support Devices

.PHONY: demo demo-fast demo-fast-run demo-run test install install-test lint wheel-check clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

install: $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e '.[train]'

install-test: $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e '.[train,dicom,test]'

demo: install
	$(MAKE) demo-run

# The same story on fewer, smaller films and a shorter training: under 2 minutes on 2 cores.
demo-fast: install
	$(MAKE) demo-fast-run

demo-fast-run:
	$(MAKE) demo-run DEMO_IMAGES=160 DEMO_TRAIN_FLAGS="--image-size 48 --width 0.125 \
		--batch-norm --lr 1e-3 --epochs 3" DEMO_SALIENCY_FLAGS="--method gradcam --top 4" \
		DEMO_SALIENCY_OBSERVATIONS="Pleural Effusion,Cardiomegaly" DEMO_SALIENCY_IMAGES=24

# Label reports written for the demo (not those the rules were developed beside), compare
# with people's labels, then synth -> extract -> train folds -> saliency -> audit on films
# with planted report errors, and print what each step found.
demo-run:
	rm -rf $(OUT) && mkdir -p $(OUT) && date +%s > $(OUT)/.started
	@echo "== 1. Label 50 reports written for the demo in five institutional styles"
	$(BIN)/labelaudit extract examples/demo/reports.csv -o $(OUT)/labels.csv --evidence $(OUT)/evidence.jsonl --quiet
	@echo "== 2. Compare with the people's labels: where and why the labeler disagrees"
	$(BIN)/labelaudit validate --gold examples/demo/manual.csv --pred $(OUT)/labels.csv \
		--evidence $(OUT)/evidence.jsonl --output-dir $(OUT)/validation
	@echo "== 3. Synthetic films with drawn findings, and reports with planted errors"
	$(BIN)/labelaudit synth $(OUT)/synth --n $(DEMO_IMAGES) --size 128 --report-errors $(DEMO_REPORT_ERRORS)
	$(BIN)/labelaudit extract $(OUT)/synth/reports.csv -o $(OUT)/synth/labels.csv --evidence $(OUT)/synth/evidence.jsonl --quiet
	@echo "== 4. Train VGG16 on the report labels in $(DEMO_FOLDS) patient folds: out-of-fold probabilities"
	$(BIN)/labelaudit train --labels $(OUT)/synth/labels.csv --images $(OUT)/synth/manifest.csv \
		$(DEMO_TRAIN_FLAGS) --folds $(DEMO_FOLDS) --output $(OUT)/runs/folds
	@echo "== 5. Saliency maps of $(DEMO_SALIENCY_IMAGES) of fold 0's held-out films, scored against the drawn masks"
	head -n $$(( $(DEMO_SALIENCY_IMAGES) + 1 )) $(OUT)/runs/folds/fold_0/valid_predictions.csv > $(OUT)/saliency_images.csv
	$(BIN)/labelaudit saliency --run $(OUT)/runs/folds/fold_0 --images $(OUT)/saliency_images.csv \
		--masks $(OUT)/synth/masks --observations "$(DEMO_SALIENCY_OBSERVATIONS)" $(DEMO_SALIENCY_FLAGS) -o $(OUT)/saliency
	@echo "== 6. The report labels the image model doubts"
	$(BIN)/labelaudit audit --labels $(OUT)/synth/labels.csv --predictions $(OUT)/runs/folds/oof_predictions.csv \
		--evidence $(OUT)/synth/evidence.jsonl --images $(OUT)/synth/manifest.csv --saliency $(OUT)/saliency -o $(OUT)/audit
	@echo
	$(BIN)/python -m labelaudit.demo $(OUT)

lint: install-test
	$(BIN)/ruff check labelaudit tests benchmarks
	$(BIN)/ruff format --check labelaudit tests benchmarks
	$(BIN)/mypy

test: install-test lint
	$(BIN)/pytest
	$(MAKE) wheel-check

# The wheel carries labelaudit/rules/; install it alone (core, no extras) in a clean venv and label a
# report; every command's --help works there, and each command that needs an extra fails
# with one error line that gives its pip line.
wheel-check: $(VENV)/bin/python
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
	cd /tmp && $(CURDIR)/.wheel-venv/bin/python $(CURDIR)/tests/wheel/check_core_install.py
	rm -rf .wheel-venv dist

clean:
	rm -rf $(VENV) .wheel-venv dist $(OUT)

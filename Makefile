# Set-up and common tasks. `make demo` and `make test` are all a new machine needs.
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= corpora/samples/sample_strategy_en.pdf
OUT ?= out

.PHONY: setup system-deps demo test test-fast bench fixtures clean

setup: system-deps $(VENV)/.installed

# Tesseract OCR with English and French data, and Chromium for the web page's browser tests,
# from Debian packages (root installs them).
system-deps:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx fra && command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra chromium >/dev/null; \
	else echo "OCR and the browser tests need: sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra chromium" >&2; exit 1; fi

# torch first, pinned: the CPU wheel lies on local disk; an unpinned torch would pull a CUDA build.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[ml,dev,cluster]"
	touch $@

demo: setup
	@mkdir -p $(OUT)
	$(VENV)/bin/analyser analyse $(SAMPLE) --format json --out $(OUT)/scorecard.json
	$(VENV)/bin/analyser analyse $(SAMPLE) --format html --out $(OUT)/scorecard.html
	$(VENV)/bin/analyser analyse $(SAMPLE) --format md

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not model and not real"

bench: setup
	$(PY) scripts/bench_pipeline.py

fixtures: setup
	$(PY) scripts/make_fixtures.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

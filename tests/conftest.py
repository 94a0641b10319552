"""The one conftest: fixtures anchored on this folder, fakes instead of real models."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures"
PDFS = FIXTURES / "pdfs"
EXPECTED = FIXTURES / "expected"
SHARED_REAL = ROOT.parent / "shared" / "corpora" / "real"
SAMPLES = ROOT / "corpora" / "samples"


class FakeEncoder:
    """Deterministic bag-of-words hashing encoder: same words -> similar vectors."""

    name = "fake-bow"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0

    def encode(self, texts, kind: str = "passage") -> np.ndarray:  # noqa: ANN001
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in re.findall(r"\w+", text.lower()):
                h = int(hashlib.md5(tok.encode()).hexdigest()[:8], 16)
                out[row, h % self.dim] += 1.0
            n = np.linalg.norm(out[row])
            if n:
                out[row] /= n
        return out


def pytest_configure(config: pytest.Config) -> None:
    # caches (OCR) go to a per-run temporary folder, never the real home directory;
    # child processes inherit the variable
    import os
    import tempfile

    os.environ.setdefault("ANALYSER_CACHE_DIR", tempfile.mkdtemp(prefix="analyser-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/fixtures/expected golden files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def small_taxonomy_path() -> Path:
    return FIXTURES / "taxonomy_small.yaml"


@pytest.fixture
def blank_splitter():
    from analyser.segment import SentenceSplitter

    return SentenceSplitter("sentencizer", blank=True)


@pytest.fixture
def fake_resources(fake_encoder, blank_splitter):
    """Pipeline resources over the bundled taxonomy with the fake encoder and blank spaCy."""
    from analyser.config import AnalyserConfig
    from analyser.pipeline import build_resources

    # hybrid.v1 pinned: calibrated.v1 (the default) needs a model file trained for its encoder
    cfg = AnalyserConfig().with_updates(match={"matcher": "hybrid.v1", "semantic_low": 0.1, "semantic_high": 0.6}, segment={"splitter": "sentencizer"})
    return build_resources(cfg, encoder=fake_encoder, splitter=blank_splitter)


@pytest.fixture
def pdf_path():
    def get(name: str) -> Path:
        p = PDFS / name
        assert p.exists(), f"missing fixture {p}; run python scripts/make_fixtures.py"
        return p

    return get


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    if not (SHARED_REAL / "manifest.csv").exists():
        pytest.skip("shared real-document corpus (../shared/corpora/real) is absent")
    return SHARED_REAL

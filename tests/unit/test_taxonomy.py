"""The bundled taxonomy (ids, dimensions, bilingual content, keyword patterns) and the
validation errors of load_taxonomy on broken taxonomy files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.config import DEFAULT_TAXONOMY
from analyser.errors import TaxonomyError
from analyser.match.lexical import keyword_hits
from analyser.taxonomy import load_taxonomy

# The 29 ids of the table "Required indicator ids" in shared/reference/frameworks.md,
# copied here so that this test does not depend on ../shared.
EXPECTED_IDS = (
    "ECO.EMPLOYMENT",
    "ECO.SKILLS",
    "ECO.ENTREPRENEURSHIP",
    "ECO.FINANCE",
    "ECO.LIVELIHOOD",
    "ECO.HUMAN_CAPITAL",
    "SOC.HOUSING",
    "SOC.HEALTH",
    "SOC.EDUCATION",
    "SOC.SOCIAL_PROTECTION",
    "SOC.DOCUMENTATION",
    "SOC.JUSTICE",
    "SOC.BASIC_SERVICES",
    "SOC.VULNERABLE",
    "PSY.MHPSS",
    "PSY.SOCIAL_COHESION",
    "PSY.SOCIAL_NETWORKS",
    "PSY.SAFETY",
    "PSY.AGENCY",
    "STR.POLICY_FRAMEWORK",
    "STR.COORDINATION",
    "STR.REFERRAL",
    "STR.CAPACITY",
    "STR.LOCAL_GOVERNANCE",
    "STR.FINANCING",
    "STR.DATA_MONITORING",
    "STR.INTL_COOPERATION",
    "STR.STAKEHOLDERS",
    "STR.RECEPTION_SAFEGUARDS",
)
EXPECTED_DIMENSIONS = ("ECO", "SOC", "PSY", "STR")
PER_DIMENSION = {"ECO": 6, "SOC": 8, "PSY": 5, "STR": 10}

# A keyword with no regex syntax: letters, digits, spaces, hyphens, apostrophes.
_LITERAL = re.compile(r"[^\W\d_][\w ’'\-]*\w")

TAX = load_taxonomy(DEFAULT_TAXONOMY)
LITERAL_KEYWORDS = sorted(
    {(ind.id, k) for ind in TAX.indicators for kws in ind.keywords.values() for k in kws if _LITERAL.fullmatch(k)}
)


# --------------------------------------------------------------------------- bundled taxonomy


def test_taxonomy_bundled_has_exactly_the_29_reference_ids_in_order():
    assert len(EXPECTED_IDS) == 29
    assert TAX.ids == EXPECTED_IDS


def test_taxonomy_bundled_version_and_source():
    assert TAX.version == "1.0.0"
    assert Path(TAX.source) == DEFAULT_TAXONOMY
    assert re.fullmatch(r"[0-9a-f]{12}", TAX.fingerprint)


def test_taxonomy_bundled_has_four_dimensions_each_used():
    assert tuple(d.id for d in TAX.dimensions) == EXPECTED_DIMENSIONS
    counts = {d: sum(1 for i in TAX.indicators if i.dimension == d) for d in EXPECTED_DIMENSIONS}
    assert counts == PER_DIMENSION
    for ind in TAX.indicators:
        assert ind.id.split(".")[0] == ind.dimension, ind.id


def test_taxonomy_bundled_dimensions_are_bilingual():
    for dim in TAX.dimensions:
        assert dim.name.get("en", "").strip() and dim.name.get("fr", "").strip(), dim.id


@pytest.mark.parametrize("ind_id", EXPECTED_IDS)
def test_taxonomy_bundled_indicator_is_bilingual(ind_id):
    ind = TAX.get(ind_id)
    for lang in ("en", "fr"):
        assert ind.name[lang].strip(), f"{ind_id}: empty {lang} name"
        assert len(ind.definition[lang].split()) >= 10, f"{ind_id}: {lang} definition too short"
        protos = ind.prototypes[lang]
        assert len(protos) >= 3, f"{ind_id}: fewer than 3 {lang} prototypes"
        assert all(p.strip() for p in protos)
        assert len(set(protos)) == len(protos), f"{ind_id}: duplicate {lang} prototypes"
        assert ind.keywords.get(lang), f"{ind_id}: no {lang} keywords"
    assert ind.name["en"] != ind.name["fr"]


def test_taxonomy_bundled_names_match_reference_table():
    # a few names from frameworks.md, EN / FR
    assert TAX.get("ECO.EMPLOYMENT").name == {"en": "Employment and decent work", "fr": "Emploi et travail décent"}
    assert TAX.get("SOC.HEALTH").label("fr") == "Accès aux soins de santé"
    assert TAX.get("PSY.MHPSS").label("en") == "Mental health and psychosocial support"
    assert TAX.get("STR.FINANCING").label() == "Budget and financing"


def test_taxonomy_bundled_scope_is_migration_exactly_for_structural():
    for ind in TAX.indicators:
        expected = "migration" if ind.dimension == "STR" else "general"
        assert ind.scope == expected, ind.id


def test_taxonomy_bundled_every_keyword_compiles_alone_and_combined():
    n = 0
    for ind in TAX.indicators:
        for lang, kws in ind.keywords.items():
            for k in kws:
                rx = re.compile(r"\b(?:" + k + r")\b", re.IGNORECASE)
                assert rx.search("") is None
                # no keyword may match the empty string at a word boundary
                assert rx.fullmatch("") is None
                assert not any(m.group(0) == "" for m in rx.finditer("plain unrelated words here")), (ind.id, lang, k)
                n += 1
    assert n > 29 * 20
    assert set(TAX.keyword_patterns) == set(EXPECTED_IDS)
    assert all(isinstance(p, re.Pattern) for p in TAX.keyword_patterns.values())


def test_taxonomy_get_unknown_id_names_the_available_ids():
    with pytest.raises(TaxonomyError) as info:
        TAX.get("ECO.NOPE")
    msg = str(info.value)
    assert "ECO.NOPE" in msg and "ECO.EMPLOYMENT" in msg


def test_taxonomy_literal_keywords_cover_most_indicators():
    covered = {i for i, _ in LITERAL_KEYWORDS}
    assert len(covered) == 29
    assert ("SOC.HOUSING", "housing") in LITERAL_KEYWORDS


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç", min_size=1, max_size=10)
_FILLER = st.lists(_WORDS, min_size=0, max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=st.sampled_from(LITERAL_KEYWORDS), before=_FILLER, after=_FILLER, sep=st.sampled_from([" ", ", ", "; ", " (", ": "]), upper=st.booleans())
def test_taxonomy_keyword_inserted_into_filler_is_reported(pair, before, after, sep, upper):
    ind_id, keyword = pair
    phrase = keyword.upper() if upper else keyword
    text = " ".join(before) + sep + phrase + (")" if sep == " (" else " ") + " ".join(after)
    hits = keyword_hits(text, TAX)
    assert ind_id in hits, (ind_id, keyword, text)
    assert hits[ind_id] and all(h for h in hits[ind_id])


def test_taxonomy_keyword_hits_empty_for_unrelated_text():
    assert keyword_hits("The weather was pleasant yesterday afternoon.", TAX) == {}


# --------------------------------------------------------------------------- load errors


def _small(small_taxonomy_path: Path) -> dict:
    return yaml.safe_load(small_taxonomy_path.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "tax.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_taxonomy_small_fixture_loads(small_taxonomy_path):
    tax = load_taxonomy(small_taxonomy_path)
    assert tax.ids == ("ECO.EMPLOYMENT", "SOC.HEALTH", "SOC.HOUSING")
    assert tax.version == "test-0.1"


def test_taxonomy_load_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(missing)
    msg = str(info.value)
    assert str(missing) in msg
    assert "not found" in msg and "--taxonomy" in msg


def test_taxonomy_load_invalid_yaml(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("version: '1'\nindicators: [\n  - id: X\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(p)
    assert "not valid YAML" in str(info.value)
    assert str(p) in str(info.value)


def test_taxonomy_load_not_a_mapping(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="expected a mapping"):
        load_taxonomy(p)


def test_taxonomy_load_duplicate_ids(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"].append(dict(data["indicators"][0]))
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    err = info.value
    assert "duplicate indicator id" in str(err)
    assert "ECO.EMPLOYMENT" in str(err)
    assert err.indicator_id == "ECO.EMPLOYMENT"


def test_taxonomy_load_duplicate_dimensions(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["dimensions"].append(dict(data["dimensions"][0]))
    with pytest.raises(TaxonomyError, match="duplicate dimension"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_load_unknown_dimension(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"][2]["dimension"] = "XYZ"
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    msg = str(info.value)
    assert "unknown dimension 'XYZ'" in msg
    assert "ECO, SOC" in msg  # tells which dimensions are declared
    assert info.value.indicator_id == "SOC.HOUSING"


@pytest.mark.parametrize("field", ["name", "definition", "prototypes"])
def test_taxonomy_load_missing_french(tmp_path, small_taxonomy_path, field):
    data = _small(small_taxonomy_path)
    del data["indicators"][1][field]["fr"]
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    msg = str(info.value)
    assert "invalid taxonomy" in msg
    assert field in msg
    assert "missing or empty language(s): fr" in msg


def test_taxonomy_load_empty_french_name(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"][0]["name"]["fr"] = ""
    with pytest.raises(TaxonomyError, match=r"missing or empty language\(s\): fr"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_load_bad_indicator_id_pattern(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"][0]["id"] = "employment"
    with pytest.raises(TaxonomyError, match="invalid taxonomy"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_load_unknown_field_rejected(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"][0]["keyword"] = ["typo for keywords"]
    with pytest.raises(TaxonomyError, match="keyword"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_load_no_indicators(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"] = []
    with pytest.raises(TaxonomyError, match="no indicators"):
        load_taxonomy(_write(tmp_path, data))


def test_taxonomy_load_bad_regex(tmp_path, small_taxonomy_path):
    data = _small(small_taxonomy_path)
    data["indicators"][1]["keywords"]["en"].append("health (care")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    msg = str(info.value)
    assert "'health (care'" in msg
    assert "(en)" in msg
    assert "not a valid regular expression" in msg
    assert "SOC.HEALTH" in msg


@pytest.mark.parametrize("keyword", ["x*", "(?:care)?", "health|"])
def test_taxonomy_load_keyword_matching_empty_text(tmp_path, small_taxonomy_path, keyword):
    data = _small(small_taxonomy_path)
    data["indicators"][1]["keywords"]["fr"].append(keyword)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    assert "matches empty text" in str(info.value)


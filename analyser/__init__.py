"""Reintegration mainstreaming analyser: strategy PDF in, indicator scorecard with
page-anchored evidence out. Public surface kept small; nothing heavy loads on import."""

__version__ = "0.1.0"

from analyser.config import AnalyserConfig  # noqa: E402
from analyser.taxonomy import load_taxonomy  # noqa: E402

__all__ = ["AnalyserConfig", "__version__", "analyse_pdf", "build_resources", "load_taxonomy"]


def __getattr__(name: str):  # lazy: the pipeline pulls in spaCy and pdf engines
    if name in ("analyse_pdf", "build_resources"):
        from analyser import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)

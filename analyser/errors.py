"""Few, precise exception types. Each carries the context needed to act on it and
maps to one DocStatus, so batch and API code can record failures without parsing text."""

from __future__ import annotations

from analyser.types import DocStatus


class AnalyserError(Exception):
    """Base of every error the analyser raises on purpose."""


class IngestError(AnalyserError):
    status: DocStatus = DocStatus.UNREADABLE

    def __init__(self, message: str, *, file: str = "", page: int | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.page = page


class NotPdfError(IngestError):
    status = DocStatus.NOT_PDF


class EncryptedPdfError(IngestError):
    status = DocStatus.ENCRYPTED


class CorruptPdfError(IngestError):
    status = DocStatus.UNREADABLE


class NoTextLayerError(IngestError):
    status = DocStatus.NO_TEXT


class TooLargeError(IngestError):
    status = DocStatus.TOO_LARGE


class ParseTimeoutError(IngestError):
    status = DocStatus.TIMEOUT


class ParseMemoryError(IngestError):
    status = DocStatus.MEMORY_LIMIT


class TaxonomyError(AnalyserError):
    def __init__(self, message: str, *, path: str = "", indicator_id: str | None = None) -> None:
        where = f"{path}: " if path else ""
        which = f"indicator {indicator_id}: " if indicator_id else ""
        super().__init__(f"{where}{which}{message}")
        self.path = path
        self.indicator_id = indicator_id


class ModelNotAvailableError(AnalyserError):
    """The embedding model or spaCy pipeline could not be loaded offline."""


class ConfigError(AnalyserError):
    pass

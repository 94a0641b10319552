"""Parse untrusted PDFs in a child process with a memory cap and a wall-clock watchdog.

PDF parsers have no decompression caps or timeouts of their own (pdfminer, PDFium), so a
bomb, a cyclic page tree or a pathological content stream must not be able to take the
CLI, a batch run or an API worker down with it. Each document is parsed by a fresh
`python -m analyser.ingest.isolate` process (a clean interpreter: its address-space limit
measures the parser alone, whatever the parent has loaded), which sets its own limits,
reads its job on stdin and writes the SourceDocument as JSON on stdout. A child that dies,
runs out of memory or overstays becomes a typed IngestError in the parent.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from analyser import errors
from analyser.config import IngestConfig
from analyser.types import SourceDocument

_TYPED = {
    cls.__name__: cls
    for cls in (
        errors.NotPdfError,
        errors.EncryptedPdfError,
        errors.CorruptPdfError,
        errors.NoTextLayerError,
        errors.TooLargeError,
        errors.ParseTimeoutError,
        errors.ParseMemoryError,
        errors.IngestError,
    )
}


def ingest_isolated(source: str | Path | bytes, config: IngestConfig, *, file: str | None = None) -> SourceDocument:
    """ingest_pdf in a limited child process: the same result or the same typed errors,
    plus ParseTimeoutError and ParseMemoryError when a limit is hit."""
    name = file or (Path(source).name if isinstance(source, (str, Path)) else "document.pdf")
    if isinstance(source, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
            tmp.write(source)
        try:
            return _run_child(Path(tmp.name), config, name)
        finally:
            os.unlink(tmp.name)
    return _run_child(Path(source), config, name)


def _run_child(path: Path, config: IngestConfig, name: str) -> SourceDocument:
    job = json.dumps({"path": str(path.resolve()), "file": name, "config": config.model_dump(mode="json")})
    env = {**os.environ, "PYTHONPATH": _package_root() + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "analyser.ingest.isolate"],
            input=job.encode(),
            capture_output=True,
            timeout=config.timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise errors.ParseTimeoutError(
            f"{name}: parsing took longer than {config.timeout_s:.0f} s and was stopped; the PDF may be "
            "malformed or hostile (raise ingest.timeout_s only for a genuinely huge, trusted document)",
            file=name,
        ) from None
    try:
        kind, body = json.loads(proc.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        kind, body = "died", None
    if kind == "ok":
        return SourceDocument.model_validate(body)
    if kind == "error":
        cls_name, text = body
        raise _TYPED.get(cls_name, errors.CorruptPdfError)(text, file=name)
    if kind == "memory" or proc.returncode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS) or b"MemoryError" in proc.stderr:
        raise errors.ParseMemoryError(
            f"{name}: parsing needed more than {config.max_memory_mb} MiB and was stopped (decompression bomb "
            "or oversized content?); raise ingest.max_memory_mb only for a trusted document",
            file=name,
        )
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise errors.ParseTimeoutError(f"{name}: parsing used its whole CPU-time budget and was stopped", file=name)
    raise errors.CorruptPdfError(
        f"{name}: the PDF parser crashed (exit code {proc.returncode}); the file is damaged or hostile", file=name
    )


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


def _set_limits(config: IngestConfig) -> None:
    limit = config.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(config.timeout_s) + 5  # a second line of defence if the parent is gone
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    sys.setrecursionlimit(10_000)


def _main() -> int:
    """Child side: read the job, set limits, parse, answer with one JSON line."""
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    config = IngestConfig.model_validate(job["config"])
    out = sys.stdout
    try:
        _set_limits(config)
        from analyser.ingest import ingest_pdf

        doc = ingest_pdf(Path(job["path"]), config, file=job["file"])
        answer: list[object] = ["ok", doc.model_dump(mode="json")]
    except errors.IngestError as exc:
        answer = ["error", [type(exc).__name__, str(exc)]]
    except MemoryError:
        answer = ["memory", None]
    except RecursionError:
        answer = ["error", ["CorruptPdfError", f"{job['file']}: the PDF's object structure is nested too deeply to parse"]]
    except Exception as exc:  # noqa: BLE001 - any other parser failure means an unreadable PDF
        answer = ["error", ["CorruptPdfError", f"{job['file']} could not be parsed ({type(exc).__name__}: {str(exc)[:300]})"]]
    try:
        out.write(json.dumps(answer))
        out.flush()
    except MemoryError:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(_main())

"""Parse untrusted PDFs in a child process with a memory cap and a wall-clock watchdog.

PDF parsers have no decompression caps or timeouts of their own (pdfminer, PDFium), so a
bomb, a cyclic page tree or a pathological content stream must not be able to take the
CLI, a batch run or an API worker down with it. Each document is parsed in its own child
process, which sets its own limits; a child that dies, runs out of memory or overstays
becomes a typed IngestError in the parent.

Children are forked from a warm fork server (multiprocessing "forkserver": one small
process per parent that has imported only the ingest code, never the models the parent
holds), so a child starts in milliseconds instead of paying ~0.2 s of interpreter start
and imports per document, and its address-space limit still measures the parser alone.
Where a fork server cannot be used (daemonic multiprocessing workers, no fork), a fresh
`python -m analyser.ingest.isolate` interpreter per document does the same job.
"""

from __future__ import annotations

import json
import multiprocessing
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


try:
    import io
    from multiprocessing import forkserver, popen_forkserver, process, spawn, util
    from multiprocessing.context import reduction, set_spawning_popen

    class _Popen(popen_forkserver.Popen):
        """CPython's forkserver launch, except that the child does not re-run the parent's
        __main__ module. multiprocessing makes every child import the parent's main script
        (for functions pickled from it); for a library call that is wrong: a user script
        without a __main__ guard would run again in every child, and a heavy one would
        count against the child's memory limit. Our target lives in this module, so the
        child needs only sys.path and the working directory."""

        def _launch(self, process_obj):  # type: ignore[no-untyped-def]
            prep_data = spawn.get_preparation_data(process_obj._name)
            prep_data.pop("init_main_from_path", None)
            prep_data.pop("init_main_from_name", None)
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = forkserver.connect_to_new_process(self._fds)
            parent_w = os.dup(w)  # the child's sentinel of its parent, as in CPython
            self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as f:
                f.write(buf.getbuffer())
            self.pid = forkserver.read_signed(self.sentinel)

    class _ForkedProcess(process.BaseProcess):
        _start_method = "forkserver"

        @staticmethod
        def _Popen(process_obj):  # type: ignore[no-untyped-def]  # noqa: N802 - multiprocessing's name
            return _Popen(process_obj)

except ImportError:  # no fd passing on this platform: fresh interpreters only
    _ForkedProcess = None  # type: ignore[assignment,misc]


def ingest_isolated(source: str | Path | bytes, config: IngestConfig, *, file: str | None = None) -> SourceDocument:
    """ingest_pdf in a limited child process: the same result or the same typed errors,
    plus ParseTimeoutError and ParseMemoryError when a limit is hit."""
    name = file or (Path(source).name if isinstance(source, (str, Path)) else "document.pdf")
    run = _run_forked if _fork_server_usable() else _run_child
    if isinstance(source, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
            tmp.write(source)
        try:
            return run(Path(tmp.name), config, name)
        finally:
            os.unlink(tmp.name)
    return run(Path(source), config, name)


_PRELOAD = ["analyser.ingest", "analyser.ingest.pdfium", "analyser.ingest.isolate"]
_context: multiprocessing.context.BaseContext | None = None


def _fork_server_usable() -> bool:
    return _ForkedProcess is not None and not multiprocessing.current_process().daemon


def _fork_context() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        # only the ingest code is warm in the server; pdfplumber and OCR load on demand
        ctx.set_forkserver_preload(_PRELOAD)
        _context = ctx
    return _context


def _run_forked(path: Path, config: IngestConfig, name: str) -> SourceDocument:
    job = json.dumps({"path": str(path.resolve()), "file": name, "config": config.model_dump(mode="json")})
    ctx = _fork_context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = _ForkedProcess(target=_forked_main, args=(sender, job, dict(os.environ)), name=f"ingest {name}"[:60], daemon=True)
    try:
        proc.start()
    except (OSError, EOFError):  # the fork server could not be reached: a fresh interpreter will do
        receiver.close()
        sender.close()
        return _run_child(path, config, name)
    sender.close()
    kind: str = "died"
    body: object = None
    try:
        if not receiver.poll(config.timeout_s):
            proc.kill()
            proc.join()
            raise _timeout(name, config)
        try:
            kind, body = json.loads(receiver.recv_bytes().decode("utf-8"))
        except (EOFError, OSError, ValueError, UnicodeDecodeError):
            kind, body = "died", None
    finally:
        receiver.close()
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()
            proc.join()
    return _answer(kind, body, proc.exitcode, b"", config, name)


def _forked_main(sender: multiprocessing.connection.Connection, job: str, environ: dict[str, str]) -> None:
    """Child side (forked from the warm server): limits, parse, one JSON answer."""
    # the server's environment dates from its start; the caller's is the one that counts
    # (ANALYSER_CACHE_DIR for OCR results, Tesseract settings), as with a fresh interpreter
    os.environ.clear()
    os.environ.update(environ)
    # parser noise on broken files stays out of the caller's terminal, as it did when the
    # fresh interpreter's stderr was captured; the answer says what happened
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        sender.send_bytes(_answer_bytes(json.loads(job)))
    except MemoryError:
        os._exit(3)
    finally:
        sender.close()


def _timeout(name: str, config: IngestConfig) -> errors.ParseTimeoutError:
    return errors.ParseTimeoutError(
        f"{name}: parsing took longer than {config.timeout_s:.0f} s and was stopped; the PDF may be "
        "malformed or hostile (raise ingest.timeout_s only for a genuinely huge, trusted document)",
        file=name,
    )


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
        raise _timeout(name, config) from None
    try:
        kind, body = json.loads(proc.stdout.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        kind, body = "died", None
    return _answer(kind, body, proc.returncode, proc.stderr, config, name)


def _answer(kind: str, body: object, returncode: int | None, stderr: bytes, config: IngestConfig, name: str) -> SourceDocument:
    """The child's answer (or its exit) as a document or a typed error."""
    if kind == "ok":
        return SourceDocument.model_validate(body)
    if kind == "error":
        cls_name, text = body  # type: ignore[misc]
        raise _TYPED.get(cls_name, errors.CorruptPdfError)(text, file=name)
    if kind == "memory" or returncode in (-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS, 3) or b"MemoryError" in stderr:
        raise errors.ParseMemoryError(
            f"{name}: parsing needed more than {config.max_memory_mb} MiB and was stopped (decompression bomb "
            "or oversized content?); raise ingest.max_memory_mb only for a trusted document",
            file=name,
        )
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise errors.ParseTimeoutError(f"{name}: parsing used its whole CPU-time budget and was stopped", file=name)
    raise errors.CorruptPdfError(
        f"{name}: the PDF parser crashed (exit code {returncode}); the file is damaged or hostile", file=name
    )


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


def _set_limits(config: IngestConfig) -> None:
    limit = config.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(config.timeout_s) + 5  # a second line of defence if the parent is gone
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    sys.setrecursionlimit(10_000)


def _answer_bytes(job: dict) -> bytes:
    """Set limits, parse, and return the answer as JSON: ["ok", document] or
    ["error", [class name, message]] or ["memory", null]."""
    config = IngestConfig.model_validate(job["config"])
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
    return json.dumps(answer).encode("utf-8")


def _main() -> int:
    """Child side of the fresh-interpreter path: job on stdin, one JSON line on stdout."""
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    try:
        out = _answer_bytes(job)
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    except MemoryError:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(_main())

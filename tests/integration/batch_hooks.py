"""Fault injection for batch worker tests (loaded inside worker processes by name through
BatchOptions.analyse): analyse_pdf_safely, except for files whose name asks for a fault."""

from __future__ import annotations

import os
import signal
import time

from analyser.pipeline import analyse_pdf_safely


def analyse(source, resources, *, file=None):  # noqa: ANN001, ANN201 - analyse_pdf_safely's signature
    name = file or str(source)
    if "hang" in name:
        time.sleep(600)
    if "hog" in name:
        blocks = []
        while True:  # ~1 GB/s of resident memory until the supervisor kills the worker
            blocks.append(b"\x01" * (20 << 20))
            time.sleep(0.02)
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "boom" in name:
        raise RuntimeError("injected failure")
    return analyse_pdf_safely(source, resources, file=file)

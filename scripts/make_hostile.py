#!/usr/bin/env python3
"""Generate the hostile / malformed PDF suite in ``tests/fixtures/hostile/``.

Every file is written byte by byte from raw PDF syntax (plus :mod:`zlib`), so each
offset, each xref entry and each broken detail is under our control. No PDF library
is used to build them. The suite covers the hostile-PDF threats P1-P15 listed in
``/work/shared/reference/reliability.md`` (decompression bombs, deep nesting, cyclic
page trees and XObjects, endless content streams, huge page counts and sizes,
broken cross-reference tables, encryption, active content, non-PDF inputs, ...).

Outputs (all under ``tests/fixtures/hostile/``):

* ``<name>.pdf`` - one file per fixture, each under 200 KB (the folder stays under 2 MB);
* ``manifest.json`` - a list with one entry per file::

      {"file", "kind", "description", "threat" (P-number or null),
       "expect",      # preferred verdict of a robust analyser (DocStatus value or "any_failure")
       "acceptable",  # every verdict a test should accept ("any_failure" = any non-ok status)
       "marker",      # string that must be in the extracted text when the verdict is ok/ok_with_warnings, or null
       "bytes", "sha256",
       "observed"}    # what pypdfium2 / pdfplumber did with it (see --observe), if recorded

* ``README.md`` - the kinds and the observation table, generated from the manifest.

Usage (repository root, project venv)::

    python scripts/make_hostile.py              # (re)write the fixtures, keep recorded observations
    python scripts/make_hostile.py --check      # regenerate in a temp dir; exit 1 if anything differs
    python scripts/make_hostile.py --observe    # also run every file through pypdfium2 and pdfplumber
                                                # in a child process (20 s wall clock, 4 GB RLIMIT_AS)
                                                # and record the outcome in manifest.json / README.md

Determinism: no timestamps, no randomness (pseudo-random bytes come from SHA-256 in
counter mode, AES IVs and salts are derived from the file name), file IDs are derived
from the file name. Byte-identical output depends only on the zlib version (Flate
output; this suite was made with the zlib reported in README.md) and on the standard
library ``zipfile`` for the ZIP fixtures. The AES fixtures need the ``cryptography``
package (already a dependency of pdfminer.six) to *regenerate*; nothing is needed to
use the committed files.

Observations (``--observe``) are not deterministic (they include timings); they are
kept in the manifest as recorded, are carried over on re-generation while a file's
SHA-256 is unchanged, and are not re-measured by ``--check``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = Path("tests/fixtures/hostile")

MAX_FILE_BYTES = 200 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024

STATUSES = ("ok", "ok_with_warnings", "encrypted", "not_pdf", "no_text", "too_large",
            "unreadable", "timeout", "memory_limit", "any_failure")
ALL_VERDICTS = ["ok", "ok_with_warnings", "any_failure"]  # "anything but a crash or a hang"

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
MIB = 1 << 20
GIB = 1 << 30

# ---------------------------------------------------------------------------
# Low-level helpers
# ---------------------------------------------------------------------------


def prng(seed: str, n: int) -> bytes:
    """Deterministic pseudo-random bytes (SHA-256 in counter mode)."""
    out = bytearray()
    counter = 0
    key = seed.encode()
    while len(out) < n:
        out += hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:n])


def pdf_str(text: str | bytes) -> bytes:
    """A PDF literal string (latin-1), with \\, ( and ) escaped."""
    raw = text.encode("latin-1") if isinstance(text, str) else text
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def hexstr(data: bytes) -> bytes:
    return b"<" + data.hex().upper().encode() + b">"


def refs(nums: Sequence[int]) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in nums)


def flate(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def adler32_of_run(byte: int, n: int) -> int:
    """adler32 of ``bytes([byte]) * n`` without materialising it."""
    mod = 65521
    a = (1 + byte * n) % mod
    b = (n + byte * (n * (n + 1) // 2)) % mod
    return (b << 16) | a


def flate_run(byte: int, total: int, unit: int = MIB) -> bytes:
    """A zlib stream that inflates to ``total`` copies of ``byte`` (total % unit == 0).

    Built from one full-flushed deflate block for ``unit`` bytes, repeated: each
    full-flushed block is independent, so the repetition is a valid deflate stream
    whatever its length (16 GiB costs 16 MB of repeated blocks, made in milliseconds).
    """
    assert total % unit == 0
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(bytes([byte]) * unit) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(bytes([byte]) * unit) + comp.flush(zlib.Z_FULL_FLUSH)  # == block on zlib 1.2.x
    tail = comp.flush(zlib.Z_FINISH)
    return (b"\x78\xda" + block + again * (total // unit - 1) + tail
            + adler32_of_run(byte, total).to_bytes(4, "big"))


# --- RC4 / MD5 / AES for the standard security handler ---------------------

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) & 0xFF
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + s[i]) & 0xFF
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) & 0xFF])
    return bytes(out)


def _aes(key: bytes, mode, data: bytes, encrypt: bool = True) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

    cipher = Cipher(algorithms.AES(key), mode)
    ctx = cipher.encryptor() if encrypt else cipher.decryptor()
    return ctx.update(data) + ctx.finalize()


def aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import modes

    return _aes(key, modes.CBC(iv), data)


def aes_ecb(key: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import modes

    return _aes(key, modes.ECB(), data)


def pkcs7(data: bytes) -> bytes:
    n = 16 - len(data) % 16
    return data + bytes([n]) * n


@dataclass
class Security:
    """Standard security handler: the /Encrypt dictionary and a stream encryptor."""

    encrypt_dict: bytes
    crypt: Callable[[int, bytes], bytes]


def std_security(kind: str, user: str, owner: str, file_id: bytes, seed: str) -> Security:
    """RC4-40 (V1 R2), AES-128 (V4 R4 AESV2) or AES-256 (V5 R6 AESV3), per ISO 32000."""
    P = -4
    p_bytes = (P & 0xFFFFFFFF).to_bytes(4, "little")
    upw, opw = user.encode("latin-1"), owner.encode("latin-1")
    if kind in ("rc4-40", "aes-128"):
        rev, n = (2, 5) if kind == "rc4-40" else (4, 16)
        # Algorithm 3: /O
        okey = hashlib.md5((opw + PAD)[:32]).digest()
        if rev >= 3:
            for _ in range(50):
                okey = hashlib.md5(okey[:n]).digest()
        okey = okey[:n]
        o_val = rc4(okey, (upw + PAD)[:32])
        if rev >= 3:
            for i in range(1, 20):
                o_val = rc4(bytes(b ^ i for b in okey), o_val)
        # Algorithm 2: file key
        digest = hashlib.md5((upw + PAD)[:32] + o_val + p_bytes + file_id).digest()
        if rev >= 3:
            for _ in range(50):
                digest = hashlib.md5(digest[:n]).digest()
        key = digest[:n]
        # Algorithms 4 / 5: /U
        if rev == 2:
            u_val = rc4(key, PAD)
        else:
            u_val = rc4(key, hashlib.md5(PAD + file_id).digest())
            for i in range(1, 20):
                u_val = rc4(bytes(b ^ i for b in key), u_val)
            u_val += hashlib.md5(seed.encode() + b"U-pad").digest()
        if rev == 2:
            edict = b"<< /Filter /Standard /V 1 /R 2 /O %s /U %s /P %d >>" % (
                hexstr(o_val), hexstr(u_val), P)

            def crypt(num: int, data: bytes) -> bytes:
                okey2 = hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0").digest()
                return rc4(okey2[: min(n + 5, 16)], data)
        else:
            edict = (b"<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /AuthEvent "
                     b"/DocOpen /CFM /AESV2 /Length 16 >> >> /StmF /StdCF /StrF /StdCF "
                     b"/O %s /U %s /P %d >>" % (hexstr(o_val), hexstr(u_val), P))

            def crypt(num: int, data: bytes) -> bytes:
                okey2 = hashlib.md5(key + num.to_bytes(3, "little") + b"\0\0sAlT").digest()
                iv = hashlib.md5(f"{seed}:iv:{num}".encode()).digest()
                return iv + aes_cbc(okey2[:16], iv, pkcs7(data))
        return Security(edict, crypt)
    if kind == "aes-256":
        def hash_r6(pw: bytes, salt: bytes, udata: bytes) -> bytes:
            k = hashlib.sha256(pw + salt + udata).digest()
            i = 0
            while True:
                k1 = (pw + k + udata) * 64
                e = aes_cbc(k[:16], k[16:32], k1)
                k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
                i += 1
                if i >= 64 and e[-1] <= i - 32:
                    return k[:32]

        material = prng(seed + ":aes256", 32 + 8 * 4 + 4)
        key = material[:32]
        uvs, uks, ovs, oks = (material[32 + 8 * i: 40 + 8 * i] for i in range(4))
        u_val = hash_r6(upw, uvs, b"") + uvs + uks
        ue_val = aes_cbc(hash_r6(upw, uks, b""), b"\0" * 16, key)
        o_val = hash_r6(opw, ovs, u_val) + ovs + oks
        oe_val = aes_cbc(hash_r6(opw, oks, u_val), b"\0" * 16, key)
        perms = aes_ecb(key, p_bytes + b"\xff\xff\xff\xff" + b"Tadb" + material[64:68])
        edict = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /AuthEvent "
                 b"/DocOpen /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF "
                 b"/O %s /U %s /OE %s /UE %s /Perms %s /P %d >>"
                 % (hexstr(o_val), hexstr(u_val), hexstr(oe_val), hexstr(ue_val), hexstr(perms), P))

        def crypt(num: int, data: bytes) -> bytes:
            iv = hashlib.md5(f"{seed}:iv:{num}".encode()).digest()
            return iv + aes_cbc(key, iv, pkcs7(data))
        return Security(edict, crypt)
    raise ValueError(kind)


# ---------------------------------------------------------------------------
# Document model and serialisation
# ---------------------------------------------------------------------------


class Doc:
    """A numbered set of object bodies that serialises to PDF bytes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.objs: dict[int, bytes] = {}
        self._last = 0
        self.crypt: Callable[[int, bytes], bytes] | None = None
        digest = hashlib.md5(f"hostile:{name}".encode()).digest()
        self.file_id = digest

    def new(self) -> int:
        self._last += 1
        return self._last

    def add(self, body: bytes, num: int | None = None) -> int:
        if num is None:
            num = self.new()
        self.objs[num] = body
        return num

    def stream(self, data: bytes, extra: bytes = b"", *, compress: bool = False,
               num: int | None = None, length: bytes | int | None = None) -> int:
        """Add a stream object. ``length`` overrides /Length (may be bytes like b"9 0 R")."""
        if num is None:
            num = self.new()
        if compress:
            data = flate(data)
            extra = b"/Filter /FlateDecode " + extra
        if self.crypt is not None:
            data = self.crypt(num, data)
        if length is None:
            length = len(data)
        length_b = length if isinstance(length, bytes) else b"%d" % length
        self.objs[num] = (b"<< /Length " + length_b + b" " + extra + b">>\nstream\n"
                          + data + b"\nendstream")
        return num

    # --- serialisation -----------------------------------------------------
    def id_entry(self) -> bytes:
        return b"/ID [" + hexstr(self.file_id) + b" " + hexstr(self.file_id) + b"]"

    def body(self, header: bytes = HEADER, skip: Sequence[int] = ()) -> tuple[bytearray, dict[int, int]]:
        out = bytearray(header)
        offsets: dict[int, int] = {}
        for num in sorted(self.objs):
            if num in skip:
                continue
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + self.objs[num] + b"\nendobj\n"
        return out, offsets

    def size(self) -> int:
        return max(self.objs) + 1

    @staticmethod
    def xref_table(offsets: dict[int, int], size: int, shift: int = 0) -> bytes:
        lines = [b"xref\n0 %d\n" % size, b"0000000000 65535 f\r\n"]
        for num in range(1, size):
            if num in offsets:
                lines.append(b"%010d 00000 n\r\n" % (offsets[num] + shift))
            else:
                lines.append(b"0000000000 65535 f\r\n")
        return b"".join(lines)

    def trailer_dict(self, root: int | None, extra: bytes = b"") -> bytes:
        parts = [b"<< /Size %d" % self.size()]
        if root is not None:
            parts.append(b"/Root %d 0 R" % root)
        parts.append(self.id_entry())
        if extra:
            parts.append(extra)
        return b" ".join(parts) + b" >>"

    def build(self, root: int | None, *, trailer_extra: bytes = b"", header: bytes = HEADER) -> bytes:
        """A well-formed file with a classic xref table."""
        out, offsets = self.body(header)
        xref_pos = len(out)
        out += self.xref_table(offsets, self.size())
        out += b"trailer\n" + self.trailer_dict(root, trailer_extra) + b"\n"
        out += b"startxref\n%d\n%%%%EOF\n" % xref_pos
        return bytes(out)

    def build_objstm(self, root: int, members: Sequence[int], *, trailer_extra: bytes = b"",
                     objstm_extra: bytes = b"", xref_prev_self: bool = False,
                     objstm_extends_self: bool = False) -> bytes:
        """PDF 1.5 layout: ``members`` packed in one compressed object stream, xref stream."""
        members = sorted(members)
        stm_num = self.new()
        xref_num = self.new()
        index, payload = [], bytearray()
        for num in members:
            index.append(b"%d %d" % (num, len(payload)))
            payload += self.objs[num] + b"\n"
        head = b" ".join(index) + b"\n"
        extends = b"/Extends %d 0 R " % stm_num if objstm_extends_self else b""
        saved_crypt, self.crypt = self.crypt, None
        self.stream(head + bytes(payload),
                    b"/Type /ObjStm /N %d /First %d " % (len(members), len(head)) + extends + objstm_extra,
                    compress=True, num=stm_num)
        self.crypt = saved_crypt
        out, offsets = self.body(skip=set(members) | {xref_num})
        xref_pos = len(out)
        size = xref_num + 1
        rows = bytearray()
        member_pos = {num: i for i, num in enumerate(members)}
        for num in range(size):
            if num == xref_num:
                rows += b"\x01" + xref_pos.to_bytes(4, "big") + b"\0\0"
            elif num in member_pos:
                rows += b"\x02" + stm_num.to_bytes(4, "big") + member_pos[num].to_bytes(2, "big")
            elif num in offsets:
                rows += b"\x01" + offsets[num].to_bytes(4, "big") + b"\0\0"
            else:
                rows += b"\x00" + b"\0\0\0\0" + b"\xff\xff"
        data = flate(bytes(rows))
        prev = b" /Prev %d" % xref_pos if xref_prev_self else b""
        out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R %s%s %s"
                b"/Filter /FlateDecode /Length %d >>\nstream\n"
                % (xref_num, size, root, self.id_entry(), prev, trailer_extra, len(data)))
        out += data + b"\nendstream\nendobj\n"
        out += b"startxref\n%d\n%%%%EOF\n" % xref_pos
        return bytes(out)


FONT_HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_ops(lines: Sequence[str], *, x: int = 72, y: int = 720, size: int = 12, font: bytes = b"/F1") -> bytes:
    ops = [b"BT", font + b" %d Tf" % size, b"%d TL" % (size + 4), b"%d %d Td" % (x, y)]
    for i, line in enumerate(lines):
        ops.append(pdf_str(line) + (b" Tj" if i == 0 else b" '"))
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def marker_of(name: str) -> str:
    return f"HOSTILE-{Path(name).stem.upper().replace('_', '-')}"


def marker_lines(name: str, *extra: str) -> list[str]:
    return [f"Hostile fixture {name}: marker {marker_of(name)}.",
            "This page carries ordinary extractable text in Helvetica.", *extra]


@dataclass
class Skeleton:
    """Object numbers of a simple document built by :func:`simple_doc`."""

    doc: Doc
    catalog: int
    pages: int
    page_ids: list[int]
    font: int
    contents: list[int] = field(default_factory=list)


def simple_doc(name: str, *, n_pages: int = 1, page_extra: bytes = b"", catalog_extra: bytes = b"",
               mediabox: bytes = b"[0 0 612 792]", resources_extra: bytes = b"",
               security: Security | None = None, compress: bool = False,
               extra_lines: Sequence[str] = ()) -> Skeleton:
    """Catalog, one /Pages node, n pages of marker text in Helvetica."""
    doc = Doc(name)
    catalog, pages, font = doc.new(), doc.new(), doc.new()
    if security is not None:
        doc.crypt = security.crypt
    page_ids, contents = [], []
    for k in range(n_pages):
        page = doc.new()
        lines = marker_lines(name, *extra_lines) + [f"Page {k + 1} of {n_pages}."]
        content = doc.stream(text_ops(lines), compress=compress)
        doc.add(b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources << /Font << /F1 %d 0 R >> %s>> "
                b"/Contents %d 0 R %s>>" % (pages, mediabox, font, resources_extra, content, page_extra),
                num=page)
        page_ids.append(page)
        contents.append(content)
    doc.add(FONT_HELV, num=font)
    doc.add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs(page_ids), n_pages), num=pages)
    doc.add(b"<< /Type /Catalog /Pages %d 0 R %s>>" % (pages, catalog_extra), num=catalog)
    return Skeleton(doc, catalog, pages, page_ids, font, contents)


# ---------------------------------------------------------------------------
# Fixture registry
# ---------------------------------------------------------------------------


@dataclass
class Fixture:
    file: str
    kind: str
    threat: str | None
    expect: str
    acceptable: list[str]
    description: str
    builder: Callable[[str], bytes]
    has_marker: bool = True


FIXTURES: list[Fixture] = []


def fixture(file: str, kind: str, threat: str | None, expect: str, description: str,
            acceptable: Sequence[str] | None = None, has_marker: bool = True):
    def register(fn: Callable[[str], bytes]) -> Callable[[str], bytes]:
        acc = list(acceptable) if acceptable is not None else [expect]
        if expect not in acc:
            acc.insert(0, expect)
        for status in [expect, *acc]:
            assert status in STATUSES, status
        FIXTURES.append(Fixture(file, kind, threat, expect, acc, " ".join(description.split()),
                                fn, has_marker))
        return fn
    return register


# --- P1 decompression bombs --------------------------------------------------

BOMB_STREAM_MIB = 150
BOMB_REPEAT = 8
NESTED_BOMB_GIB = 16


@fixture("flate_bomb.pdf", "flate_bomb", "P1", "ok",
         f"One FlateDecode content stream of ~150 KB that inflates to {BOMB_STREAM_MIB} MiB of spaces, "
         f"listed {BOMB_REPEAT} times in the page's /Contents array after a small text stream: the page "
         f"content is {BOMB_STREAM_MIB * BOMB_REPEAT / 1024:.2f} GiB (compression ratio ~1030:1, the "
         "Deflate maximum, so one level cannot reach 1 GiB in 200 KB). The danger is cumulative: 1.2 GiB of "
         "content to inflate and tokenise. Any verdict is acceptable if it comes within the time and memory "
         "budget; a resource-limit verdict is fine too.",
         acceptable=["ok", "ok_with_warnings", "any_failure"])
def _flate_bomb(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    data = flate_run(0x20, BOMB_STREAM_MIB * MIB)
    bomb = doc.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(
        b"/Contents %d 0 R" % sk.contents[0],
        b"/Contents [%d 0 R %s]" % (sk.contents[0], refs([bomb] * BOMB_REPEAT)))
    return doc.build(sk.catalog)


@fixture("flate_bomb_nested.pdf", "flate_bomb_nested", "P1", "memory_limit",
         f"Content stream with /Filter [/FlateDecode /FlateDecode] (as in pypdf issue 3429): ~37 KB that "
         f"inflate to ~17 MB, which inflate again to {NESTED_BOMB_GIB} GiB of spaces. Any decoder that "
         "materialises the stream exceeds a 2 GiB (or 4 GB) memory cap. A small text stream comes first, so "
         "a capped decoder may keep it with a warning.",
         acceptable=["memory_limit", "any_failure", "ok_with_warnings"])
def _flate_bomb_nested(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    inner = flate_run(0x20, NESTED_BOMB_GIB * GIB)
    outer = flate(inner)
    bomb = doc.add(b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer)
                   + outer + b"\nendstream")
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(b"/Contents %d 0 R" % sk.contents[0],
                                            b"/Contents [%d 0 R %d 0 R]" % (sk.contents[0], bomb))
    return doc.build(sk.catalog)


# --- P7 / P11 page counts ---------------------------------------------------

FLAT_PAGES = 100_000
TREE_FANOUT, TREE_DEPTH = 10, 6


@fixture("huge_page_count.pdf", "huge_page_count", "P7", "too_large",
         f"/Pages with a flat /Kids array of {FLAT_PAGES:,} references to one shared page object "
         "(/Count 100000), stored in a compressed object stream so the file stays tiny. Should be rejected "
         "from the page count (cap 1,000) before any extraction. An engine that visits each page object "
         "once (pdfminer) sees a single page, so 'ok' is tolerated; a timeout is not.",
         acceptable=["too_large", "ok", "ok_with_warnings"])
def _huge_page_count(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    doc.objs[sk.pages] = (b"<< /Type /Pages /Count %d /Kids [" % FLAT_PAGES
                          + (b"%d 0 R " % sk.page_ids[0]) * FLAT_PAGES + b"] >>")
    return doc.build_objstm(sk.catalog, [sk.pages])


@fixture("huge_page_tree.pdf", "huge_page_tree", "P7", "too_large",
         f"Balanced page tree of depth {TREE_DEPTH} where every intermediate /Pages node lists the same "
         f"child {TREE_FANOUT} times: {TREE_FANOUT ** TREE_DEPTH:,} pages from 10 objects (< 2 KB). "
         "Should be rejected from the page count; 'ok' tolerated as for huge_page_count.pdf.",
         acceptable=["too_large", "ok", "ok_with_warnings"])
def _huge_page_tree(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    page = sk.page_ids[0]
    child, count = page, 1
    nodes = []
    for level in range(TREE_DEPTH - 1):
        node = doc.new()
        count *= TREE_FANOUT
        doc.add(b"<< /Type /Pages /Parent %%PARENT%% /Count %d /Kids [%s] >>" % (count, refs([child] * TREE_FANOUT)),
                num=node)
        nodes.append(node)
        child = node
    count *= TREE_FANOUT
    doc.objs[sk.pages] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, refs([child] * TREE_FANOUT))
    parents = nodes[1:] + [sk.pages]
    for node, parent in zip(nodes, parents):
        doc.objs[node] = doc.objs[node].replace(b"%PARENT%", b"%d 0 R" % parent)
    doc.objs[page] = doc.objs[page].replace(b"/Parent %d 0 R" % sk.pages, b"/Parent %d 0 R" % nodes[0])
    return doc.build(sk.catalog)


@fixture("page_count_lie.pdf", "page_count_lie", "P7", "ok",
         "One real page, but the root /Pages says /Count 2147483647. A parser that trusts /Count may "
         "allocate or loop 2^31 times; the truth is one page of text.",
         acceptable=["ok", "ok_with_warnings", "too_large", "unreadable"])
def _page_count_lie(name: str) -> bytes:
    sk = simple_doc(name)
    sk.doc.objs[sk.pages] = sk.doc.objs[sk.pages].replace(b"/Count 1", b"/Count 2147483647")
    return sk.doc.build(sk.catalog)


@fixture("zero_pages.pdf", "zero_pages", "P11", "any_failure",
         "Valid file whose /Pages has /Kids [] /Count 0 and that holds no page object at all (pdfplumber "
         "then returns 0 pages without an error, pdfplumber issue 669). "
         "Must not end as an empty success: a typed failure (no pages / no text) is expected.",
         has_marker=False)
def _zero_pages(name: str) -> bytes:
    sk = simple_doc(name)
    for num in (*sk.page_ids, *sk.contents):  # no page object anywhere: nothing for a scan to recover
        del sk.doc.objs[num]
    sk.doc.objs[sk.pages] = b"<< /Type /Pages /Kids [] /Count 0 >>"
    return sk.doc.build(sk.catalog)


@fixture("no_text_vector_only.pdf", "no_text", "P13", "no_text",
         "Two valid pages that only draw rectangles and lines (no text operators, no images): the "
         "analyser should report no text layer rather than an empty success.", has_marker=False)
def _no_text(name: str) -> bytes:
    doc = Doc(name)
    catalog, pages = doc.new(), doc.new()
    kids = []
    for k in range(2):
        ops = b"".join(b"%d %d 40 20 re S\n" % (72 + (i % 10) * 48, 72 + (i // 10) * 30) for i in range(200))
        content = doc.stream(b"0.5 w\n" + ops + b"72 700 m 540 700 l S\n", compress=True)
        kids.append(doc.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << >> "
                            b"/Contents %d 0 R >>" % (pages, content)))
    doc.add(b"<< /Type /Pages /Kids [%s] /Count 2 >>" % refs(kids), num=pages)
    doc.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages, num=catalog)
    return doc.build(catalog)


# --- P3 cyclic page trees ------------------------------------------------------


@fixture("cyclic_kids.pdf", "cyclic_kids", "P3", "ok_with_warnings",
         "Root /Pages has /Kids [page, node]; the intermediate node's /Kids points back to the root "
         "(an ancestor). One real page of text. A robust walker keeps the page and ignores the loop; "
         "failing as malformed is acceptable too (reliability.md P3).",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _cyclic_kids(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    node = doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (sk.pages, sk.pages))
    doc.objs[sk.pages] = b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>" % (sk.page_ids[0], node)
    return doc.build(sk.catalog)


@fixture("cyclic_kids_no_leaf.pdf", "cyclic_kids_no_leaf", "P3", "any_failure",
         "Two /Pages nodes whose /Kids point at each other and no page leaf at all (/Count 1 is a lie). "
         "The only right outcome is a typed failure (no pages), within seconds.", has_marker=False)
def _cyclic_kids_no_leaf(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    for num in (*sk.page_ids, *sk.contents):  # no leaf anywhere, so a fallback scan finds nothing
        del doc.objs[num]
    node = doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (sk.pages, sk.pages))
    doc.objs[sk.pages] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % node
    return doc.build(sk.catalog)


@fixture("cyclic_parent.pdf", "cyclic_parent", "P3", "ok",
         "The page has no /Resources or /MediaBox of its own (they sit on the root /Pages) and its /Parent "
         "points to a /Pages node whose /Parent chain loops (A -> B -> A) instead of reaching the root. "
         "Attribute inheritance by walking /Parent never terminates without a visited set; walking from "
         "the root down finds the resources.",
         acceptable=["ok", "ok_with_warnings", "no_text", "any_failure"])
def _cyclic_parent(name: str) -> bytes:
    doc = Doc(name)
    catalog, pages, font, page, a, b = (doc.new() for _ in range(6))
    content = doc.stream(text_ops(marker_lines(name)))
    doc.add(b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R >>" % (a, content), num=page)
    doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (b, page), num=a)
    doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (a, a), num=b)
    doc.add(FONT_HELV, num=font)
    doc.add(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page, font), num=pages)
    doc.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages, num=catalog)
    return doc.build(catalog)


# --- P2 deep nesting -------------------------------------------------------------

DEEP_TRAILER = 60_000
DEEP_DICT = 100_000
DEEP_CONTENT = 1_000_000


@fixture("deep_array_trailer.pdf", "deep_nesting_array", "P2", "ok",
         f"Uncompressed {DEEP_TRAILER:,}-deep array [[[...]]] as an unknown trailer key /Deep "
         "(reliability.md P2 uses 30,000). Native recursive parsers may overflow the stack; Python ones "
         "may raise RecursionError. Ignoring the key and reading the page is ideal.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _deep_array_trailer(name: str) -> bytes:
    sk = simple_doc(name)
    deep = b"[" * DEEP_TRAILER + b"]" * DEEP_TRAILER
    return sk.doc.build(sk.catalog, trailer_extra=b"/Deep " + deep)


@fixture("deep_dict_objstm.pdf", "deep_nesting_dict", "P2", "ok",
         f"{DEEP_DICT:,}-deep dictionary << /A << /A ... >> >> stored in a compressed object stream "
         "(PDF 1.5 xref stream) and referenced from the page as /PieceInfo, so a page walker must "
         "parse it. Text on the page is ordinary.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _deep_dict_objstm(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    deep = doc.add(b"<</A " * DEEP_DICT + b"1" + b">>" * DEEP_DICT)
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page][:-2] + b"/PieceInfo %d 0 R >>" % deep
    return doc.build_objstm(sk.catalog, [deep])


@fixture("deep_array_content.pdf", "deep_nesting_content", "P2", "ok",
         f"Compressed content stream whose first operand is a {DEEP_CONTENT:,}-deep array "
         "(then a dummy operator), followed by normal text operators.",
         acceptable=["ok", "ok_with_warnings", "any_failure"])
def _deep_array_content(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    deep = b"[" * DEEP_CONTENT + b"]" * DEEP_CONTENT + b" pop\n"
    doc.stream(deep + text_ops(marker_lines(name)), compress=True, num=sk.contents[0])
    return doc.build(sk.catalog)


# --- P4 / P5 XObjects ---------------------------------------------------------------

XOBJ_CHAIN = 1000
XOBJ_FANOUT_LEVELS = 40


def _two_pages_with_form(name: str, forms: Callable[[Doc, int], bytes]) -> bytes:
    """Page 1: plain text. Page 2: text, then `/X0 Do` where X0 is built by ``forms``."""
    sk = simple_doc(name, n_pages=2)
    doc = sk.doc
    xobj_entry = forms(doc, sk.font)
    page2 = sk.page_ids[1]
    doc.objs[page2] = doc.objs[page2].replace(b"/Resources << ", b"/Resources << /XObject << %s >> " % xobj_entry)
    lines = marker_lines(name) + ["Page 2 of 2, before the hostile form XObject."]
    doc.stream(text_ops(lines) + b"q /X0 Do Q\n", num=sk.contents[1])
    return doc.build(sk.catalog)


@fixture("cyclic_xobject.pdf", "cyclic_xobject", "P4", "ok_with_warnings",
         "Page 2 draws Form XObject /X0 whose own resources map /X0 to itself, so `/X0 Do` recurses "
         "forever (pdfminer issue 1113). Page 1 is plain text; a robust tool keeps it (and page 2's "
         "text) and flags the page.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _cyclic_xobject(name: str) -> bytes:
    def forms(doc: Doc, font: int) -> bytes:
        x = doc.new()
        doc.stream(b"0 0 m 10 10 l S\n/X0 Do\n",
                   b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X0 %d 0 R >> >> " % x,
                   num=x)
        return b"/X0 %d 0 R" % x
    return _two_pages_with_form(name, forms)


@fixture("cyclic_xobject_mutual.pdf", "cyclic_xobject_mutual", "P4", "ok_with_warnings",
         "Form XObject A draws B and B draws A (a two-step cycle that a simple self-reference check misses). "
         "Page 1 is plain text.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _cyclic_xobject_mutual(name: str) -> bytes:
    def forms(doc: Doc, font: int) -> bytes:
        a, b = doc.new(), doc.new()
        for me, other in ((a, b), (b, a)):
            doc.stream(b"1 0 0 1 1 1 cm\n/Y Do\n",
                       b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Y %d 0 R >> >> "
                       % other, num=me)
        return b"/X0 %d 0 R" % a
    return _two_pages_with_form(name, forms)


@fixture("deep_xobject_chain.pdf", "deep_xobject_chain", "P4", "ok",
         f"{XOBJ_CHAIN:,} distinct Form XObjects, each drawing the next (no cycle); the last one shows a "
         "line of text. Exceeds Python's default recursion limit in a recursive interpreter; native "
         "renderers cap the form depth. The page's own text must survive.",
         acceptable=["ok", "ok_with_warnings", "any_failure"])
def _deep_xobject_chain(name: str) -> bytes:
    def forms(doc: Doc, font: int) -> bytes:
        ids = [doc.new() for _ in range(XOBJ_CHAIN)]
        for k, me in enumerate(ids):
            if k + 1 < len(ids):
                doc.stream(b"/X Do", b"/Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X %d 0 R >> >> "
                           % ids[k + 1], num=me)
            else:
                doc.stream(text_ops(["Text at the bottom of the XObject chain."], y=100),
                           b"/Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> " % font,
                           num=me)
        return b"/X0 %d 0 R" % ids[0]
    return _two_pages_with_form(name, forms)


@fixture("xobject_fanout.pdf", "xobject_fanout", "P5", "timeout",
         f"'Billion laughs' with forms: {XOBJ_FANOUT_LEVELS} Form XObjects, each drawing the next one twice, "
         f"so page 2 performs 2^{XOBJ_FANOUT_LEVELS} (~10^12) form invocations from a ~5 KB file. Nothing "
         "loops, it just never finishes: needs a wall-clock limit. Keeping page 1 with a warning is fine.",
         acceptable=["timeout", "ok_with_warnings", "any_failure"])
def _xobject_fanout(name: str) -> bytes:
    def forms(doc: Doc, font: int) -> bytes:
        ids = [doc.new() for _ in range(XOBJ_FANOUT_LEVELS)]
        for k, me in enumerate(ids):
            if k + 1 < len(ids):
                doc.stream(b"q /X Do Q q /X Do Q",
                           b"/Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X %d 0 R >> >> "
                           % ids[k + 1], num=me)
            else:
                doc.stream(text_ops(["leaf"], y=100, size=1),
                           b"/Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> " % font,
                           num=me)
        return b"/X0 %d 0 R" % ids[0]
    return _two_pages_with_form(name, forms)


# --- P8 page geometry ---------------------------------------------------------------


@fixture("huge_mediabox.pdf", "huge_mediabox", "P8", "ok_with_warnings",
         "MediaBox [0 0 1000000000 1000000000] (1e9 pt a side, ~350 km). Text extraction needs no "
         "rendering; rendering at 72 dpi would need a 1e18-pixel bitmap and must be skipped or capped.",
         acceptable=["ok", "ok_with_warnings", "too_large"])
def _huge_mediabox(name: str) -> bytes:
    return simple_doc(name, mediabox=b"[0 0 1000000000 1000000000]").doc.build(1)


@fixture("huge_userunit.pdf", "huge_userunit", "P8", "ok_with_warnings",
         "MediaBox 14400 x 14400 (the PDF maximum) with /UserUnit 75000: 15,000,000 inches a side "
         "(reliability.md P8). Renderers that honour UserUnit would allocate absurd bitmaps.",
         acceptable=["ok", "ok_with_warnings", "too_large"])
def _huge_userunit(name: str) -> bytes:
    return simple_doc(name, mediabox=b"[0 0 14400 14400]", page_extra=b"/UserUnit 75000 ").doc.build(1)


@fixture("zero_mediabox.pdf", "zero_mediabox", "P8", "ok_with_warnings",
         "MediaBox [0 0 0 0]: zero-area page with ordinary text operators. Division by the page size "
         "(column detection, normalised coordinates) must not crash.",
         acceptable=ALL_VERDICTS)
def _zero_mediabox(name: str) -> bytes:
    return simple_doc(name, mediabox=b"[0 0 0 0]").doc.build(1)


@fixture("negative_mediabox.pdf", "negative_mediabox", "P8", "ok_with_warnings",
         "MediaBox [0 0 -612 -792] (inverted, negative size) with text drawn at positive coordinates.",
         acceptable=ALL_VERDICTS)
def _negative_mediabox(name: str) -> bytes:
    return simple_doc(name, mediabox=b"[0 0 -612 -792]").doc.build(1)


@fixture("image_huge_dimensions.pdf", "image_huge_dimensions", "P8", "ok",
         "Page with text and an image XObject declaring /Width 100000 /Height 100000 RGB (30 GB decoded) "
         "backed by 1 MiB of Flate data. Text extraction should ignore it; a renderer must not allocate "
         "the declared size.",
         acceptable=["ok", "ok_with_warnings"])
def _image_huge(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    img = doc.new()
    data = flate_run(0x80, MIB)
    doc.objs[img] = (b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                     b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
                     + data + b"\nendstream")
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(b"/Resources << ", b"/Resources << /XObject << /Im0 %d 0 R >> " % img)
    doc.stream(text_ops(marker_lines(name)) + b"q 500 0 0 500 56 100 cm /Im0 Do Q\n", num=sk.contents[0])
    return doc.build(sk.catalog)


# --- P10 structure / xref damage ------------------------------------------------------


@fixture("missing_root.pdf", "missing_root", "P10", "unreadable",
         "Trailer without /Root; the catalog object exists (as 1 0 obj, /Type /Catalog) but nothing "
         "points to it. pdfminer: 'No /Root object!'. Recovering by scanning for the catalog is acceptable.",
         acceptable=["unreadable", "ok", "ok_with_warnings"])
def _missing_root(name: str) -> bytes:
    return simple_doc(name).doc.build(None)


@fixture("no_catalog.pdf", "no_catalog", "P10", "unreadable",
         "Pages, page, font and content objects but no catalog at all and no /Root in the trailer.",
         acceptable=["any_failure", "ok_with_warnings"])
def _no_catalog(name: str) -> bytes:
    sk = simple_doc(name)
    del sk.doc.objs[sk.catalog]
    return sk.doc.build(None)


@fixture("xref_broken_offsets.pdf", "broken_xref_repairable", "P10", "ok",
         "Every xref entry is off by +37 bytes (pointing into the middle of other objects); startxref is "
         "right and all objects are intact, so a scan of 'N 0 obj' headers repairs it.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _xref_broken_offsets(name: str) -> bytes:
    sk = simple_doc(name, n_pages=2)
    doc = sk.doc
    out, offsets = doc.body()
    xref_pos = len(out)
    out += doc.xref_table(offsets, doc.size(), shift=37)
    out += b"trailer\n" + doc.trailer_dict(sk.catalog) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_pos
    return bytes(out)


@fixture("xref_missing.pdf", "xref_missing", "P10", "ok",
         "No xref table and no startxref at all, just the objects and a trailer dictionary: must be "
         "rebuilt by scanning (or reported unreadable).",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _xref_missing(name: str) -> bytes:
    sk = simple_doc(name, n_pages=2)
    out, _ = sk.doc.body()
    out += b"trailer\n" + sk.doc.trailer_dict(sk.catalog) + b"\n%%EOF\n"
    return bytes(out)


@fixture("startxref_past_eof.pdf", "startxref_past_eof", "P10", "ok",
         "Correct xref table, but startxref says 99999999, far beyond the end of the ~2 KB file.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _startxref_past_eof(name: str) -> bytes:
    sk = simple_doc(name, n_pages=2)
    data = sk.doc.build(sk.catalog)
    head, _, _ = data.rpartition(b"startxref\n")
    return head + b"startxref\n99999999\n%%EOF\n"


@fixture("xref_entries_past_eof.pdf", "xref_entries_past_eof", "P10", "ok",
         "startxref is right but every in-use xref entry points to an offset beyond EOF (10,000,000 + n).",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _xref_entries_past_eof(name: str) -> bytes:
    sk = simple_doc(name, n_pages=2)
    doc = sk.doc
    out, offsets = doc.body()
    xref_pos = len(out)
    out += doc.xref_table({n: 10_000_000 + n for n in offsets}, doc.size())
    out += b"trailer\n" + doc.trailer_dict(sk.catalog) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_pos
    return bytes(out)


@fixture("xref_prev_loop.pdf", "xref_prev_loop", "P10", "ok",
         "Incremental-update chain that loops: the last xref section's trailer has /Prev pointing to "
         "itself, and the earlier section's /Prev points to the last one. A reader following /Prev "
         "without a visited set never stops.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _xref_prev_loop(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    out, offsets = doc.body()
    first_xref = len(out)
    section1 = doc.xref_table(offsets, doc.size())
    # second (update) section re-declares the page content, same offsets
    second_placeholder = b"%010d" % 0
    trailer1 = b"trailer\n" + doc.trailer_dict(sk.catalog, b"/Prev " + second_placeholder) + b"\n"
    out += section1 + trailer1 + b"startxref\n%d\n%%%%EOF\n" % first_xref
    second_xref = len(out)
    cnum = sk.contents[0]
    out += b"xref\n%d 1\n%010d 00000 n\r\n" % (cnum, offsets[cnum])
    out += b"trailer\n" + doc.trailer_dict(sk.catalog, b"/Prev %010d" % second_xref) + b"\n"
    out += b"startxref\n%d\n%%%%EOF\n" % second_xref
    data = bytes(out).replace(b"/Prev " + second_placeholder, b"/Prev %010d" % second_xref, 1)
    return data


@fixture("objstm_xref_loops.pdf", "objstm_xref_loops", "P10", "ok",
         "PDF 1.5 file (xref stream + object stream) where the xref stream's /Prev points to itself and "
         "the object stream's /Extends points to itself.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _objstm_loops(name: str) -> bytes:
    sk = simple_doc(name)
    return sk.doc.build_objstm(sk.catalog, [sk.pages, sk.font], xref_prev_self=True, objstm_extends_self=True)


@fixture("truncated_mid_stream.pdf", "truncated", "P10", "unreadable",
         "A valid 3-page file cut in the middle of page 2's content stream: no xref, no trailer, no "
         "%%EOF. Page 1's objects are complete, so salvaging page 1 with a warning is also acceptable.",
         acceptable=["unreadable", "ok_with_warnings"])
def _truncated(name: str) -> bytes:
    filler = ["Filler line %02d: the quick brown fox jumps over the lazy dog." % i for i in range(30)]
    sk = simple_doc(name, n_pages=3, extra_lines=filler)
    out, offsets = sk.doc.body()
    start = offsets[sk.contents[1]]
    cut = start + len(sk.doc.objs[sk.contents[1]]) // 2
    return bytes(out[:cut])


@fixture("header_only.pdf", "header_only", "P10", "unreadable",
         "Just '%PDF-1.7' and '%%EOF': right magic bytes, no objects.",
         acceptable=["unreadable", "not_pdf"], has_marker=False)
def _header_only(name: str) -> bytes:
    return b"%PDF-1.7\n%%EOF\n"


# --- stream /Length problems -------------------------------------------------


@fixture("stream_length_past_eof.pdf", "invalid_stream_length", "P10", "ok",
         "Content stream declares /Length 99999999 (beyond EOF); the data ends at 'endstream' as usual.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _length_past_eof(name: str) -> bytes:
    sk = simple_doc(name)
    data = text_ops(marker_lines(name))
    sk.doc.stream(data, num=sk.contents[0], length=99_999_999)
    return sk.doc.build(sk.catalog)


@fixture("stream_length_short.pdf", "invalid_stream_length_short", "P10", "ok",
         "Content stream declares /Length 10 but holds ~250 bytes: a reader that trusts /Length then "
         "sees content bytes where it expects 'endstream'.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _length_short(name: str) -> bytes:
    sk = simple_doc(name)
    sk.doc.stream(text_ops(marker_lines(name)), num=sk.contents[0], length=10)
    return sk.doc.build(sk.catalog)


@fixture("stream_length_ref_loop.pdf", "stream_length_ref_loop", "P10", "ok",
         "/Length is an indirect reference to an object that is a reference to another object that "
         "refers back (9 -> 10 -> 9): resolving it naively never ends.",
         acceptable=["ok", "ok_with_warnings", "unreadable"])
def _length_ref_loop(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    a, b = doc.new(), doc.new()
    doc.add(b"%d 0 R" % b, num=a)
    doc.add(b"%d 0 R" % a, num=b)
    doc.stream(text_ops(marker_lines(name)), num=sk.contents[0], length=b"%d 0 R" % a)
    return doc.build(sk.catalog)


# --- P5 / P6 / P9 expensive content streams -------------------------------------------

Q_FLOOD = 3_000_000
QQ_RUN = 3_000_000
BT_NEST = 500_000
RECT_FLOOD = 300_000
DENSE_COLS, DENSE_ROWS = 200, 100


def _content_page(name: str, prefix: bytes, suffix: bytes = b"") -> bytes:
    sk = simple_doc(name)
    sk.doc.stream(prefix + text_ops(marker_lines(name)) + suffix, compress=True, num=sk.contents[0])
    return sk.doc.build(sk.catalog)


@fixture("content_q_flood.pdf", "content_q_flood", "P5", "ok",
         f"{Q_FLOOD:,} unbalanced 'q' (save graphics state) operators before the text: an interpreter "
         "that copies the graphics state onto a stack for each q grows without bound.",
         acceptable=["ok", "ok_with_warnings", "timeout", "memory_limit"])
def _q_flood(name: str) -> bytes:
    return _content_page(name, b"q\n" * Q_FLOOD)


@fixture("content_qQ_run.pdf", "content_qQ_run", "P5", "ok",
         f"{QQ_RUN:,} balanced 'q Q' pairs before the text (12 MB of operators compressed to ~12 KB): "
         "pure CPU cost per operator.",
         acceptable=["ok", "ok_with_warnings", "timeout"])
def _qq_run(name: str) -> bytes:
    return _content_page(name, b"q Q\n" * QQ_RUN)


@fixture("content_bt_nested.pdf", "content_bt_nested", "P5", "ok",
         f"{BT_NEST:,} nested 'BT' (begin text) operators without ET (illegal nesting), then the text.",
         acceptable=["ok", "ok_with_warnings", "timeout", "memory_limit"])
def _bt_nested(name: str) -> bytes:
    return _content_page(name, b"BT\n" * BT_NEST, b"ET\n" * BT_NEST)


@fixture("content_rect_flood.pdf", "content_rect_flood", "P9", "ok",
         f"{RECT_FLOOD:,} filled 1x1 rectangles (re f, rows of 100 shifted by a cm each) on one page before "
         "the text: layout engines that "
         "build one object per path (pdfminer LTRect) spend memory and time on them.",
         acceptable=["ok", "ok_with_warnings", "timeout", "memory_limit"])
def _rect_flood(name: str) -> bytes:
    row = b"".join(b"%d 0 1 1 re f\n" % (6 * x) for x in range(100)) + b"1 0 0 1 0 0.25 cm\n"
    return _content_page(name, b"q\n" + row * (RECT_FLOOD // 100) + b"Q\n")


@fixture("dense_layout.pdf", "dense_layout", "P9", "ok_with_warnings",
         f"{DENSE_COLS * DENSE_ROWS:,} single characters on a {DENSE_COLS} x {DENSE_ROWS} grid, spaced so "
         "that each is its own word/box: layout analysis is quadratic in the number of boxes "
         "(reliability.md P9). Finishing via a no-layout fallback with a warning is the target.",
         acceptable=["ok", "ok_with_warnings", "timeout"])
def _dense_layout(name: str) -> bytes:
    letters = b"abcdefghijklmnopqrstuvwxyz"
    ops = [b"BT /F1 1.5 Tf"]
    for r in range(DENSE_ROWS):
        ops.append(b"1 0 0 1 6 %.1f Tm" % (680 - r * 6.4))
        for c in range(DENSE_COLS):
            ops.append(b"(%c) Tj 3 0 Td" % letters[(r * 7 + c) % 26])
    ops.append(b"ET")
    return _content_page(name, b"\n".join(ops) + b"\n")


FLATE_SLOW_LINES = 24_000


@fixture("flate_truncated_slow.pdf", "flate_truncated_slow_path", "P6", "ok_with_warnings",
         "Page with an intact text stream, then a second content stream of ~120 KB Flate data (1.6 MB "
         "of text operators) whose last "
         "bytes (and Adler-32) are cut off. pdfminer then falls back to decompress_corrupted(), which "
         "feeds zlib one byte at a time and concatenates bytes objects (quadratic: ~1e11 bytes copied). "
         "Native zlib users just get a short stream.",
         acceptable=["ok", "ok_with_warnings", "timeout"])
def _flate_truncated(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    lines = []
    for i in range(FLATE_SLOW_LINES):
        lines.append(b"BT /F1 6 Tf %d %d Td (Line %d of a long content stream) Tj ET"
                     % (36 + (i % 10) * 50, 36 + i % 720, i))
    raw = b"\n".join(lines) + b"\n"
    data = flate(raw)
    data = data[: len(data) - 64]  # drop the end of the deflate stream and the Adler-32
    junk = doc.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(b"/Contents %d 0 R" % sk.contents[0],
                                            b"/Contents [%d 0 R %d 0 R]" % (sk.contents[0], junk))
    return doc.build(sk.catalog)


# --- fonts ------------------------------------------------------------------------

N_FONTS = 10_000
HUGE_WIDTHS = 1_000_000


@fixture("many_fonts.pdf", "many_fonts", "P9", "ok",
         f"{N_FONTS:,} distinct font objects (cycling through the 14 standard fonts) in the page "
         "resources, each selected once to show one character, all stored in an object stream (~70 KB).",
         acceptable=["ok", "ok_with_warnings", "timeout", "memory_limit"])
def _many_fonts(name: str) -> bytes:
    std14 = [b"Helvetica", b"Helvetica-Bold", b"Helvetica-Oblique", b"Helvetica-BoldOblique", b"Times-Roman",
             b"Times-Bold", b"Times-Italic", b"Times-BoldItalic", b"Courier", b"Courier-Bold",
             b"Courier-Oblique", b"Courier-BoldOblique", b"Symbol", b"ZapfDingbats"]
    sk = simple_doc(name)
    doc = sk.doc
    fonts = [doc.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Name /G%d >>" % (std14[i % len(std14)], i))
             for i in range(N_FONTS)]
    res = doc.add(b"<< /Font << /F1 %d 0 R " % sk.font
                  + b" ".join(b"/G%d %d 0 R" % (i, n) for i, n in enumerate(fonts)) + b" >> >>")
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(b"/Resources << /Font << /F1 %d 0 R >> >>" % sk.font,
                                            b"/Resources %d 0 R" % res)
    ops = [b"BT 36 60 Td"]
    for i in range(N_FONTS):
        ops.append(b"/G%d 4 Tf (%c) Tj" % (i, 97 + i % 26))
    ops.append(b"ET")
    doc.stream(text_ops(marker_lines(name)) + b"\n".join(ops) + b"\n", compress=True, num=sk.contents[0])
    return doc.build_objstm(sk.catalog, [*fonts, res])


@fixture("huge_font.pdf", "huge_font", None, "ok",
         f"TrueType font with a /Widths array of {HUGE_WIDTHS:,} entries (/LastChar 999999), a "
         "/FontBBox of +-1e9, and an embedded /FontFile2 of 48 KB of pseudo-random garbage claiming "
         "/Length1 2147483647. The marker text uses Helvetica; one line uses the broken font.",
         acceptable=["ok", "ok_with_warnings", "any_failure"])
def _huge_font(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    widths = doc.add(b"[" + b"500 " * HUGE_WIDTHS + b"]")
    ff = doc.stream(prng("fontfile", 48 * 1024), b"/Length1 2147483647 ")
    desc = doc.add(b"<< /Type /FontDescriptor /FontName /Hostile /Flags 32 /FontBBox [-1000000000 -1000000000 "
                   b"1000000000 1000000000] /ItalicAngle 0 /Ascent 1000000 /Descent -1000000 /CapHeight 700 "
                   b"/StemV 80 /FontFile2 %d 0 R >>" % ff)
    font = doc.add(b"<< /Type /Font /Subtype /TrueType /BaseFont /Hostile /FirstChar 0 /LastChar %d "
                   b"/Widths %d 0 R /FontDescriptor %d 0 R /Encoding /WinAnsiEncoding >>"
                   % (HUGE_WIDTHS - 1, widths, desc))
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page].replace(b"/F1 %d 0 R" % sk.font, b"/F1 %d 0 R /F2 %d 0 R" % (sk.font, font))
    doc.stream(text_ops(marker_lines(name)) + text_ops(["Line in the hostile font."], font=b"/F2", y=300),
               num=sk.contents[0])
    return doc.build_objstm(sk.catalog, [widths])


@fixture("cmap_path_traversal.pdf", "cmap_path_traversal", "P15", "ok",
         "Page 2 uses a Type0 font whose /Encoding is the name /../../../../../tmp/hostile_cmap (written "
         "with #2F escapes) and whose CIDSystemInfo ordering is '../../../../etc/passwd': an extractor that "
         "maps CMap names to files (pdfminer before 20251107) may read or unpickle outside its package. "
         "Page 1 is plain text. No file may be read and no code run.",
         acceptable=["ok", "ok_with_warnings"])
def _cmap_traversal(name: str) -> bytes:
    sk = simple_doc(name, n_pages=2)
    doc = sk.doc
    cid = doc.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hostile "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (../../../../etc/passwd) /Supplement 0 >> "
                  b"/DW 1000 >>")
    t0 = doc.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /Hostile "
                 b"/Encoding /#2E#2E#2F#2E#2E#2F#2E#2E#2F#2E#2E#2F#2E#2E#2Ftmp#2Fhostile_cmap "
                 b"/DescendantFonts [%d 0 R] >>" % cid)
    page2 = sk.page_ids[1]
    doc.objs[page2] = doc.objs[page2].replace(b"/F1 %d 0 R" % sk.font, b"/F1 %d 0 R /F9 %d 0 R" % (sk.font, t0))
    lines = marker_lines(name) + ["Page 2 of 2."]
    doc.stream(text_ops(lines) + b"BT /F9 12 Tf 72 300 Td <00410042> Tj ET\n", num=sk.contents[1])
    return doc.build(sk.catalog)


# --- P12 encryption ------------------------------------------------------------------


def _encrypted(name: str, kind: str, user: str) -> bytes:
    doc_id = hashlib.md5(f"hostile:{name}".encode()).digest()
    sec = std_security(kind, user, "hostile-owner", doc_id, name)
    sk = simple_doc(name, security=sec)
    enc = sk.doc.add(sec.encrypt_dict)
    return sk.doc.build(sk.catalog, trailer_extra=b"/Encrypt %d 0 R" % enc)


@fixture("encrypted_rc4_40_user.pdf", "encrypted_rc4_user_password", "P12", "encrypted",
         "Standard security handler V1 R2 (RC4, 40-bit) with user password 'secret': must be rejected as "
         "encrypted without guessing. With password 'secret' the text decrypts (checked at build time).",
         acceptable=["encrypted"])
def _enc_rc4(name: str) -> bytes:
    return _encrypted(name, "rc4-40", "secret")


@fixture("encrypted_aes128_user.pdf", "encrypted_aes128_user_password", "P12", "encrypted",
         "Standard security handler V4 R4 (AESV2, AES-128-CBC) with user password 'secret'.",
         acceptable=["encrypted"])
def _enc_aes128(name: str) -> bytes:
    return _encrypted(name, "aes-128", "secret")


@fixture("encrypted_aes256_user.pdf", "encrypted_aes256_user_password", "P12", "encrypted",
         "Standard security handler V5 R6 (AESV3, AES-256, SHA-2 hardened hash) with user password 'secret'.",
         acceptable=["encrypted"])
def _enc_aes256(name: str) -> bytes:
    return _encrypted(name, "aes-256", "secret")


@fixture("encrypted_rc4_owner_only.pdf", "encrypted_owner_password_only", "P12", "ok",
         "RC4-40 encryption with an empty user password (owner password only): opens without a password "
         "and must be analysed normally (reliability.md P12).")
def _enc_owner_only(name: str) -> bytes:
    return _encrypted(name, "rc4-40", "")


@fixture("encrypted_unknown_filter.pdf", "encrypted_unknown_filter", "P12", "encrypted",
         "/Encrypt dictionary with /Filter /HostileSecurityHandler (no such handler) and content RC4-"
         "encrypted under an unknown key.",
         acceptable=["encrypted", "unreadable"])
def _enc_unknown(name: str) -> bytes:
    key = prng(name, 16)
    sk = simple_doc(name)
    sk.doc.crypt = lambda num, data: rc4(hashlib.md5(key + bytes([num])).digest(), data)
    sk.doc.stream(text_ops(marker_lines(name)), num=sk.contents[0])
    enc = sk.doc.add(b"<< /Filter /HostileSecurityHandler /SubFilter /hostile.x /V 2 /R 3 /Length 128 "
                     b"/O <%s> /U <%s> /P -4 >>" % (b"00" * 32, b"00" * 32))
    return sk.doc.build(sk.catalog, trailer_extra=b"/Encrypt %d 0 R" % enc)


# --- active content (inert for us) -------------------------------------------------


@fixture("active_javascript.pdf", "javascript_openaction", None, "ok",
         "JavaScript everywhere: catalog /OpenAction JavaScript, document-level /Names /JavaScript tree "
         "(script in a stream), page /AA open action and a Link annotation running JavaScript. Nothing may "
         "be executed; the text is extracted normally.")
def _active_js(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    js_stream = doc.stream(b"app.alert('HOSTILE fixture: this script must never run'); "
                           b"this.submitForm('http://127.0.0.1:9/hostile');")
    js_action = doc.add(b"<< /Type /Action /S /JavaScript /JS %d 0 R >>" % js_stream)
    annot = doc.add(b"<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /Border [0 0 0] "
                    b"/A << /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/'\\);) >> >>")
    doc.objs[sk.catalog] = (b"<< /Type /Catalog /Pages %d 0 R /OpenAction << /S /JavaScript /JS "
                            b"(app.alert\\('open action'\\); while\\(true\\){}) >> "
                            b"/Names << /JavaScript << /Names [(hostile) %d 0 R] >> >> >>" % (sk.pages, js_action))
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page][:-2] + (b"/Annots [%d 0 R] /AA << /O << /S /JavaScript /JS "
                                            b"(app.alert\\('page open'\\);) >> >> >>" % annot)
    return doc.build(sk.catalog)


@fixture("active_launch.pdf", "launch_action", None, "ok",
         "/OpenAction is a /Launch action (cmd.exe /c calc.exe, and /bin/sh on Unix), with Link "
         "annotations for /URI, /GoToR to a UNC path (NTLM-leak vector) and /SubmitForm. Must be ignored.")
def _active_launch(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    a1 = doc.add(b"<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /A << /S /URI "
                 b"/URI (http://127.0.0.1:9/hostile-uri) >> >>")
    a2 = doc.add(b"<< /Type /Annot /Subtype /Link /Rect [72 570 300 590] /A << /S /GoToR "
                 b"/F (\\\\\\\\127.0.0.1\\\\share\\\\hostile.pdf) /D [0 /Fit] >> >>")
    a3 = doc.add(b"<< /Type /Annot /Subtype /Link /Rect [72 540 300 560] /A << /S /SubmitForm "
                 b"/F << /FS /URL /F (http://127.0.0.1:9/submit) >> >> >>")
    doc.objs[sk.catalog] = (b"<< /Type /Catalog /Pages %d 0 R /OpenAction << /S /Launch /NewWindow true "
                            b"/F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc.exe) /O (open) >> "
                            b"/Unix << /F (/bin/sh) /P (-c true) >> >> >>" % sk.pages)
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page][:-2] + b"/Annots [%s] >>" % refs([a1, a2, a3])
    return doc.build(sk.catalog)


@fixture("embedded_file.pdf", "embedded_file", None, "ok",
         "Document-level /EmbeddedFiles name tree with an attachment named 'payload.exe' (harmless "
         "text bytes), plus a FileAttachment annotation on the page. Attachments must not be extracted "
         "or opened; the page text is analysed normally.")
def _embedded(name: str) -> bytes:
    sk = simple_doc(name)
    doc = sk.doc
    payload = b"MZ-not-really: HOSTILE fixture attachment, harmless text. Never extract or run.\n"
    ef = doc.stream(payload, b"/Type /EmbeddedFile /Subtype /application#2Fx-msdownload "
                             b"/Params << /Size %d >> " % len(payload))
    spec = doc.add(b"<< /Type /Filespec /F (payload.exe) /UF (payload.exe) /EF << /F %d 0 R >> "
                   b"/Desc (hostile attachment) >>" % ef)
    annot = doc.add(b"<< /Type /Annot /Subtype /FileAttachment /Rect [72 600 92 620] /FS %d 0 R "
                    b"/Name /PushPin /Contents (attachment) >>" % spec)
    doc.objs[sk.catalog] = (b"<< /Type /Catalog /Pages %d 0 R /Names << /EmbeddedFiles << /Names "
                            b"[(payload.exe) %d 0 R] >> >> >>" % (sk.pages, spec))
    page = sk.page_ids[0]
    doc.objs[page] = doc.objs[page][:-2] + b"/Annots [%d 0 R] >>" % annot
    return doc.build(sk.catalog)


# --- P14 not a PDF / polyglots ----------------------------------------------------------


def _junk(seed: str, n: int) -> bytes:
    data = bytearray(b"#!/bin/sh\n# HOSTILE polyglot prefix, not PDF\n" + prng(seed, n))
    while b"%PDF" in data:
        data = data.replace(b"%PDF", b"%XDF")
    return bytes(data[:n])


@fixture("junk_prefix_1000.pdf", "polyglot_junk_prefix", "P14", "ok",
         "1,000 bytes of junk (a shell-script line then binary noise) before '%PDF-'. Readers accept a "
         "header within the first 1,024 bytes; xref offsets are relative to the header, as Acrobat and "
         "PDFium expect, so absolute-offset readers must repair.",
         acceptable=["ok", "ok_with_warnings", "not_pdf"])
def _junk_1000(name: str) -> bytes:
    return _junk(name, 1000) + simple_doc(name).doc.build(1)


@fixture("junk_prefix_4096.pdf", "polyglot_junk_prefix_far", "P14", "not_pdf",
         "4,096 bytes of junk before '%PDF-': outside the 1,024-byte window of reliability.md P14, so "
         "the magic-byte check should reject it; parsing it anyway is tolerable.",
         acceptable=["not_pdf", "ok", "ok_with_warnings", "unreadable"])
def _junk_4096(name: str) -> bytes:
    return _junk(name, 4096) + simple_doc(name).doc.build(1)


def _zip_bytes(prefix: bytes = b"") -> bytes:
    buf = io.BytesIO(prefix)
    buf.seek(len(prefix))
    with zipfile.ZipFile(buf, "a" if prefix else "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for fname, text in (("readme.txt", b"HOSTILE fixture: a ZIP archive, not a PDF.\n" * 20),
                            ("word/document.xml", b"<w:document>hostile</w:document>\n")):
            info = zipfile.ZipInfo(fname, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, text)
    return buf.getvalue()


@fixture("pdf_zip_polyglot.pdf", "polyglot_pdf_zip", "P14", "ok",
         "A valid PDF with a ZIP archive appended after %%EOF (central directory at the end, offsets "
         "valid for the whole file), so it is both a PDF and a ZIP. The PDF part must be read normally.",
         acceptable=["ok", "ok_with_warnings"])
def _pdf_zip(name: str) -> bytes:
    return _zip_bytes(simple_doc(name).doc.build(1))


@fixture("html_as_pdf.pdf", "html_as_pdf", "P14", "not_pdf",
         "An HTML page saved with a .pdf name.", has_marker=False)
def _html(name: str) -> bytes:
    return (b"<!DOCTYPE html>\n<html><head><title>Download</title></head>\n<body>\n"
            b"<h1>Your document is ready</h1>\n<p>HOSTILE fixture: this is HTML, not a PDF.</p>\n"
            b"<script>document.location='http://127.0.0.1:9/';</script>\n</body></html>\n")


@fixture("zip_as_pdf.pdf", "zip_as_pdf", "P14", "not_pdf",
         "A ZIP archive (looks like a .docx) saved with a .pdf name.", has_marker=False)
def _zip(name: str) -> bytes:
    return _zip_bytes()


@fixture("png_as_pdf.pdf", "png_as_pdf", "P14", "not_pdf",
         "A 64 x 64 greyscale PNG saved with a .pdf name.", has_marker=False)
def _png(name: str) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + tag + data + zlib.crc32(tag + data).to_bytes(4, "big")
    raw = b"".join(b"\0" + bytes((x * 4 + y) & 0xFF for x in range(64)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (64).to_bytes(4, "big") * 2 + b"\x08\x00\x00\x00\x00")
            + chunk(b"IDAT", flate(raw)) + chunk(b"IEND", b""))


@fixture("empty.pdf", "empty_file", "P14", "not_pdf", "A zero-byte file.", has_marker=False)
def _empty(name: str) -> bytes:
    return b""


@fixture("nul_bytes.pdf", "nul_bytes", "P14", "not_pdf",
         "150 KB of NUL bytes (stands in for the 10 MB of zeros a broken download or sparse file gives).",
         has_marker=False)
def _nul(name: str) -> bytes:
    return b"\0" * (150 * 1024)


# ---------------------------------------------------------------------------
# Observation: run each file through pypdfium2 and pdfplumber in a child
# ---------------------------------------------------------------------------

OBS_TIMEOUT_S = 20
OBS_MEM_BYTES = 4_000_000 * 1024  # like `ulimit -v 4000000`
OBS_RENDER_PAGES = 3
ENGINES = ("pypdfium2", "pdfplumber", "pypdfium2_render")

PROBE = r'''
import json, sys
engine, path, marker = sys.argv[1], sys.argv[2], sys.argv[3]
res = {"status": "ok"}
found = False
tail = ""
def see(t):
    global found, tail
    if marker and not found:
        found = marker in (tail + t)
        tail = t[-len(marker):]
try:
    if engine in ("pypdfium2", "pypdfium2_render"):
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(path)
        n = len(pdf)
        res["pages"] = n
        chars = 0
        if engine == "pypdfium2":
            for i in range(n):
                page = pdf[i]
                tp = page.get_textpage()
                t = tp.get_text_range()
                chars += len(t)
                see(t)
                tp.close()
                page.close()
            res["chars"] = chars
        else:
            pixels = 0
            for i in range(min(n, %(render_pages)d)):
                page = pdf[i]
                bm = page.render(scale=1)
                pixels += bm.width * bm.height
                bm.close()
                page.close()
            res["rendered_pages"] = min(n, %(render_pages)d)
            res["pixels"] = pixels
        pdf.close()
    else:
        import pdfplumber
        chars = 0
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
            res["pages"] = n
            for page in pdf.pages:
                t = page.extract_text() or ""
                chars += len(t)
                see(t)
                page.close()
        res["chars"] = chars
    if marker and engine != "pypdfium2_render":
        res["marker_found"] = found
except BaseException as exc:
    res = {"status": "error:" + type(exc).__name__, "message": str(exc)[:160]}
    inner = exc.__cause__ or exc.__context__
    if inner is None and exc.args and isinstance(exc.args[0], BaseException):
        inner = exc.args[0]
    if inner is not None:
        res["cause"] = type(inner).__name__
        if not res["message"]:
            res["message"] = str(inner)[:160]
import resource
res["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
sys.stdout.write("\n@@RESULT " + json.dumps(res) + "\n")
sys.stdout.flush()
''' % {"render_pages": OBS_RENDER_PAGES}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (OBS_MEM_BYTES, OBS_MEM_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def probe(engine: str, path: Path, marker: str) -> dict:
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-c", PROBE, engine, str(path), marker],
                              capture_output=True, timeout=OBS_TIMEOUT_S, preexec_fn=_limits,
                              cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": round(time.monotonic() - start, 1)}
    seconds = round(time.monotonic() - start, 1)
    out = proc.stdout.decode("utf-8", "replace")
    for line in reversed(out.splitlines()):
        if line.startswith("@@RESULT "):
            res = json.loads(line[len("@@RESULT "):])
            res["seconds"] = seconds
            return res
    if proc.returncode < 0:
        try:
            sig = signal.Signals(-proc.returncode).name
        except ValueError:
            sig = str(-proc.returncode)
        return {"status": "killed", "signal": sig, "seconds": seconds,
                "message": proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0][:160]
                if proc.stderr.strip() else ""}
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return {"status": f"error:exit{proc.returncode}", "seconds": seconds,
            "message": err[-1][:160] if err else ""}


def observe(root: Path, entries: list[dict], jobs: int) -> None:
    tasks = []
    for entry in entries:
        for engine in ENGINES:
            tasks.append((entry, engine))

    def run(task):
        entry, engine = task
        res = probe(engine, root / OUT_DIR / entry["file"], entry["marker"] or "")
        print(f"  {entry['file']:34s} {engine:17s} {res['status']:28s} {res['seconds']:5.1f}s", flush=True)
        return entry, engine, res

    from importlib.metadata import version

    versions = {pkg: version(pkg) for pkg in ("pypdfium2", "pdfplumber", "pdfminer.six")}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(run, tasks))
    by_file: dict[str, dict] = {}
    for entry, engine, res in results:
        obs = by_file.setdefault(entry["file"], {"details": {}})
        obs[engine] = res["status"]
        obs["details"][engine] = {k: v for k, v in res.items() if k != "status"}
    for entry in entries:
        obs = by_file[entry["file"]]
        ordered = {e: obs[e] for e in ENGINES}
        ordered["details"] = obs["details"]
        ordered["limits"] = {"timeout_s": OBS_TIMEOUT_S, "rlimit_as_bytes": OBS_MEM_BYTES}
        ordered["versions"] = versions
        entry["observed"] = ordered


# ---------------------------------------------------------------------------
# Manifest, README, main
# ---------------------------------------------------------------------------


def load_observations(manifest: Path) -> dict[str, tuple[str, dict]]:
    if not manifest.is_file():
        return {}
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return {e["file"]: (e.get("sha256", ""), e["observed"]) for e in data if "observed" in e}


def build_all() -> tuple[dict[str, bytes], list[dict]]:
    files: dict[str, bytes] = {}
    entries = []
    seen_kinds = set()
    for fx in FIXTURES:
        data = fx.builder(fx.file)
        if len(data) >= MAX_FILE_BYTES:
            raise SystemExit(f"{fx.file}: {len(data)} bytes, over the {MAX_FILE_BYTES} byte limit")
        assert fx.file not in files and fx.kind not in seen_kinds, fx.file
        seen_kinds.add(fx.kind)
        files[fx.file] = data
        entries.append({
            "file": fx.file, "kind": fx.kind, "description": fx.description, "threat": fx.threat,
            "expect": fx.expect, "acceptable": fx.acceptable,
            "marker": marker_of(fx.file) if fx.has_marker else None,
            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
        })
    total = sum(len(d) for d in files.values())
    if total >= MAX_TOTAL_BYTES:
        raise SystemExit(f"suite is {total} bytes, over the {MAX_TOTAL_BYTES} byte limit")
    return files, entries


def _cell(obs: dict | None, engine: str) -> str:
    if not obs:
        return "not observed"
    status = obs[engine]
    d = obs["details"].get(engine, {})
    extra = []
    if status == "ok":
        if "pages" in d:
            extra.append(f"{d['pages']:,} p")
        if "chars" in d:
            extra.append(f"{d['chars']:,} ch")
        if d.get("marker_found") is False:
            extra.append("no marker")
        if "pixels" in d:
            extra.append(f"{d['pixels']:,} px")
    elif status == "killed":
        extra.append(d.get("signal", ""))
    elif status.startswith("error:") and d.get("cause"):
        extra.insert(0, f"cause {d['cause']}")
    if d.get("max_rss_mb", 0) >= 200:
        extra.append(f"{d['max_rss_mb']:,} MB")
    extra.append(f"{d.get('seconds', 0):.1f} s")
    return f"{status} ({', '.join(x for x in extra if x)})"


def findings(entries: list[dict]) -> list[str]:
    """Bullet lists, per engine, of the files that crashed, hung, recursed or went silently wrong."""
    out = ["### Where the threats bite", ""]
    for engine in ENGINES:
        groups: dict[str, list[str]] = {"killed (process died)": [], "timeout": [],
                                        "RecursionError": [], "memory errors": [],
                                        "ok, but peak RSS of 1 GB or more": [],
                                        "ok, but took 10 s or more": [],
                                        "silent wrong result (ok, but no pages or marker text missing)": []}
        for e in entries:
            obs = e.get("observed")
            if not obs:
                continue
            status, d = obs[engine], obs["details"].get(engine, {})
            name = f"`{e['file']}`"
            if status == "killed":
                groups["killed (process died)"].append(f"{name} ({d.get('signal', '?')})")
            elif status == "timeout":
                groups["timeout"].append(name)
            elif status.startswith("error:") and "Recursion" in (d.get("cause") or status):
                groups["RecursionError"].append(name)
            elif status.startswith("error:") and ("Memory" in (d.get("cause") or status)
                                                   or "allocate" in d.get("message", "")):
                groups["memory errors"].append(name)
            elif status == "ok" and engine != "pypdfium2_render" and (
                    d.get("pages") == 0 or (e["marker"] and d.get("marker_found") is False)):
                groups["silent wrong result (ok, but no pages or marker text missing)"].append(name)
            if status == "ok" and d.get("max_rss_mb", 0) >= 1000:
                groups["ok, but peak RSS of 1 GB or more"].append(f"{name} ({d['max_rss_mb']:,} MB)")
            if status == "ok" and d.get("seconds", 0) >= 10:
                groups["ok, but took 10 s or more"].append(f"{name} ({d['seconds']:.0f} s)")
        out.append(f"**{engine}**")
        out.append("")
        for label, names in groups.items():
            if names:
                out.append(f"- {label}: {', '.join(names)}")
        if not any(groups.values()):
            out.append("- nothing")
        out.append("")
    return out


def readme(entries: list[dict]) -> str:
    n_obs = sum(1 for e in entries if "observed" in e)
    versions = next((e["observed"]["versions"] for e in entries if "observed" in e), {})
    total = sum(e["bytes"] for e in entries)
    lines = [
        "# Hostile and malformed PDFs",
        "",
        "Generated by `scripts/make_hostile.py` from raw PDF syntax (no PDF library), deterministically;",
        "do not edit by hand. Threat numbers refer to the hostile-PDF table (P1-P15) in",
        "`/work/shared/reference/reliability.md`.",
        "",
        "```bash",
        "python scripts/make_hostile.py            # regenerate (keeps recorded observations)",
        "python scripts/make_hostile.py --check    # exit 1 if a committed file is stale",
        "python scripts/make_hostile.py --observe  # re-run pypdfium2 / pdfplumber on every file",
        "```",
        "",
        f"{len(entries)} files, {total:,} bytes in total (each < 200 KB). zlib used: {zlib.ZLIB_VERSION}.",
        "",
        "## manifest.json",
        "",
        "A list with one object per file:",
        "",
        "| key | meaning |",
        "|---|---|",
        "| `file`, `kind`, `description` | the file, a short kind id (unique), what is hostile about it |",
        "| `threat` | P-number in reliability.md, or null |",
        "| `expect` | the verdict a robust analyser should give (a `DocStatus` value, or `any_failure` = any typed non-ok status) |",
        "| `acceptable` | every verdict a test should accept (includes `expect`; `any_failure` as above). Files whose right answer depends on the engine (recovered vs. rejected) list several |",
        "| `marker` | a string printed on the ordinary pages; when the verdict is `ok`/`ok_with_warnings` it must be in the extracted text. null for files without text |",
        "| `bytes`, `sha256` | size and hash of the file |",
        "| `observed` | what the libraries did, see below: `pypdfium2`, `pdfplumber`, `pypdfium2_render` each `ok`, `error:<ExceptionType>`, `timeout` or `killed`, plus `details` (pages, characters, whether the marker was found, seconds, message, signal) |",
        "",
        "Every verdict must arrive within the per-document budget, with the analyser process alive;",
        "a crash, hang or an untyped exception is a failure whatever `acceptable` says.",
        "",
        "A test over the suite can be as simple as:",
        "",
        "```python",
        "manifest = json.loads((HOSTILE / \"manifest.json\").read_text())",
        "for entry in manifest:",
        "    report = analyse_isolated(HOSTILE / entry[\"file\"])      # child process + limits",
        "    status = report.status.value",
        "    ok = status in entry[\"acceptable\"] or (",
        "        \"any_failure\" in entry[\"acceptable\"] and status not in (\"ok\", \"ok_with_warnings\"))",
        "    assert ok, (entry[\"file\"], status)",
        "    if status in (\"ok\", \"ok_with_warnings\") and entry[\"marker\"]:",
        "        assert entry[\"marker\"] in full_text(report)",
        "```",
        "",
        "(`analyse_isolated` and `full_text` stand for whatever the analyser exposes.)",
        "",
        "## Observations",
        "",
    ]
    if n_obs:
        lines += [
            f"Each file was opened in a fresh child process per engine with a {OBS_TIMEOUT_S} s wall-clock",
            f"limit (SIGKILL, reported `timeout`) and `RLIMIT_AS` = {OBS_MEM_BYTES:,} bytes (like `ulimit -v 4000000`):",
            "",
            "* `pypdfium2`: `PdfDocument(path)`, then for every page `get_textpage().get_text_range()`;",
            "* `pdfplumber`: `pdfplumber.open(path)`, then `extract_text()` on every page;",
            f"* `pypdfium2_render`: render the first {OBS_RENDER_PAGES} pages at 72 dpi (`page.render(scale=1)`).",
            "",
            "`killed` means the child died from a signal (e.g. SIGSEGV after a native stack overflow,",
            "SIGABRT after a failed allocation). Versions: "
            + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
            "Timings come from a shared 2-core machine running two probes at a time.",
            "",
        ]
    else:
        lines += ["Not recorded yet: run `python scripts/make_hostile.py --observe`.", ""]
    if n_obs:
        lines += findings(entries)
    lines += [
        "| file | threat | expect | pypdfium2 (text) | pdfplumber (text) | pypdfium2 (render) |",
        "|---|---|---|---|---|---|",
    ]
    for e in entries:
        obs = e.get("observed")
        lines.append(f"| `{e['file']}` | {e['threat'] or '-'} | {e['expect']} | {_cell(obs, 'pypdfium2')} | "
                     f"{_cell(obs, 'pdfplumber')} | {_cell(obs, 'pypdfium2_render')} |")
    lines += ["", "## The files", ""]
    for e in entries:
        acc = ", ".join(e["acceptable"])
        lines.append(f"- **`{e['file']}`** ({e['kind']}, {e['threat'] or 'no P-number'}; "
                     f"expect `{e['expect']}`, accept {acc}; {e['bytes']:,} bytes): {e['description']}")
    return "\n".join(lines) + "\n"


def generate(root: Path, observations: dict[str, tuple[str, dict]], *, do_observe: bool = False,
             jobs: int = 2) -> list[Path]:
    files, entries = build_all()
    out_dir = root / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
        written.append(OUT_DIR / name)
    if do_observe:
        observe(root, entries, jobs)
    else:
        for entry in entries:
            sha, obs = observations.get(entry["file"], ("", None))
            if obs is not None and sha == entry["sha256"]:
                entry["observed"] = obs
    (out_dir / "manifest.json").write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8", newline="\n")
    (out_dir / "README.md").write_text(readme(entries), encoding="utf-8", newline="\n")
    written += [OUT_DIR / "manifest.json", OUT_DIR / "README.md"]
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true",
                       help="regenerate into a temporary directory and exit 1 if any output differs")
    group.add_argument("--observe", action="store_true",
                       help="run every file through pypdfium2 and pdfplumber and record the outcome")
    parser.add_argument("--jobs", type=int, default=2, help="parallel probes for --observe (default 2)")
    args = parser.parse_args(argv)
    committed_manifest = REPO_ROOT / OUT_DIR / "manifest.json"
    observations = load_observations(committed_manifest)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            written = generate(Path(tmp), observations)
            stale = [rel for rel in written
                     if not (REPO_ROOT / rel).is_file()
                     or (REPO_ROOT / rel).read_bytes() != (Path(tmp) / rel).read_bytes()]
            expected_names = {rel.name for rel in written}
        extra = sorted(p.name for p in (REPO_ROOT / OUT_DIR).iterdir() if p.name not in expected_names) \
            if (REPO_ROOT / OUT_DIR).is_dir() else []
        if stale or extra:
            print("make_hostile.py --check: outputs differ from the committed files:")
            for rel in stale:
                print(f"  {rel}")
            for name in extra:
                print(f"  {OUT_DIR / name} (not generated by this script)")
            print("Run `python scripts/make_hostile.py` to regenerate them.")
            return 1
        print(f"make_hostile.py --check: all {len(written)} outputs are up to date.")
        return 0
    written = generate(REPO_ROOT, observations, do_observe=args.observe, jobs=args.jobs)
    for rel in written:
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""analyser.batch.source: folder and manifest listing, in one deterministic order."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.batch.source import SourceError, file_sha256, list_source


def _touch(path: Path, data: bytes = b"%PDF-1.4\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_source_folder_is_recursive_sorted_and_picks_pdf_suffix_in_any_case(tmp_path):
    _touch(tmp_path / "b.pdf")
    _touch(tmp_path / "sub" / "deeper" / "a.PDF")
    _touch(tmp_path / "a.pdf")
    _touch(tmp_path / "notes.txt")
    _touch(tmp_path / "manifest.csv", b"file\n")
    _touch(tmp_path / ".hidden.pdf")
    _touch(tmp_path / ".git" / "x.pdf")
    items = list_source(tmp_path)
    assert [i.path for i in items] == ["a.pdf", "b.pdf", "sub/deeper/a.PDF"]
    assert all(i.abspath.is_absolute() and i.abspath.is_file() and not i.error for i in items)
    assert all(not (i.country or i.year or i.sector or i.title) for i in items)


def test_source_folder_skips_the_output_folder(tmp_path):
    _touch(tmp_path / "a.pdf")
    _touch(tmp_path / "out" / "reports" / "copy.pdf")
    assert [i.path for i in list_source(tmp_path, exclude=tmp_path / "out")] == ["a.pdf"]


def test_source_manifest_carries_metadata_and_resolves_relative_paths(tmp_path):
    _touch(tmp_path / "docs" / "one.pdf")
    _touch(tmp_path / "docs" / "two.pdf")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "\ufefffile,Country,year,sector,title,extra\n"
        "docs/two.pdf,Senegal,2019,health,Plan santé,x\n"
        "docs/one.pdf,Cambodia,2011,social protection,\"Strategy, national\",y\n"
        "docs/one.pdf,Duplicate,1999,,,\n"
        "docs/missing.pdf,Nigeria,2024,,,\n",
        encoding="utf-8",
    )
    items = list_source(manifest)
    assert [i.path for i in items] == ["docs/missing.pdf", "docs/one.pdf", "docs/two.pdf"]
    missing, one, two = items
    assert (one.country, one.year, one.sector, one.title) == ("Cambodia", "2011", "social protection", "Strategy, national")
    assert (two.country, two.title) == ("Senegal", "Plan santé")
    assert one.abspath == (tmp_path / "docs" / "one.pdf").resolve()
    assert "file not found" in missing.error and not one.error


def test_source_manifest_accepts_a_path_column_and_absolute_paths(tmp_path):
    pdf = _touch(tmp_path / "x.pdf")
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"path,country\n{pdf}\n", encoding="utf-8")
    (item,) = list_source(manifest)
    assert item.abspath == pdf and item.path == pdf.as_posix() and not item.error


@pytest.mark.parametrize(
    "content, message",
    [("name,country\na.pdf,X\n", "no 'file'"), ("file,country\n,X\n", "empty 'file' cell"), ("", "no 'file'")],
)
def test_source_manifest_errors_name_the_problem(tmp_path, content, message):
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        list_source(manifest)


def test_source_that_is_neither_folder_nor_csv_is_refused(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        list_source(tmp_path / "nowhere")
    pdf = _touch(tmp_path / "a.pdf")
    with pytest.raises(SourceError, match="not a manifest CSV"):
        list_source(pdf)


def test_source_file_sha256_is_the_full_content_hash(tmp_path):
    import hashlib

    data = b"%PDF-1.4\n" + bytes(range(256)) * 10_000
    pdf = _touch(tmp_path / "a.pdf", data)
    assert file_sha256(pdf, chunk=4096) == hashlib.sha256(data).hexdigest()

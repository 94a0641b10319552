"""`analyser org|key ...`: organisations and keys through the CLI (main(argv), in-process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyser.cli import main
from api.store import Store


def test_cli_org_and_key_lifecycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main(["org", "create", "Ministry of Labour", *data]) == 0
    org_id = capsys.readouterr().out.split("\t")[0]
    assert org_id.startswith("org_")
    assert main(["org", "create", "Ministry of Labour", *data]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["key", "create", "Ministry of Labour", *data]) == 0
    out = capsys.readouterr()
    key = out.out.strip()
    key_id = key.split("_")[1]
    assert key.startswith("ra_") and "cannot be shown again" in out.err
    store = Store(tmp_path / "analyser.sqlite3")
    assert store.authenticate(key)[0].id == org_id
    assert main(["key", "list", org_id, *data]) == 0
    listing = capsys.readouterr().out
    assert key_id in listing and "active" in listing and key not in listing  # the secret is never shown again
    assert main(["key", "revoke", key_id, *data]) == 0
    assert "revoked" in capsys.readouterr().out
    assert store.authenticate(key) is None
    assert main(["key", "revoke", "deadbeef", *data]) == 2
    assert main(["key", "create", "No such org", *data]) == 2
    assert "org create" in capsys.readouterr().err


def test_cli_data_dir_defaults_to_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ANALYSER_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["org", "create", "A"]) == 0
    assert (tmp_path / "env-data" / "analyser.sqlite3").exists()

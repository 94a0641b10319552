"""Hub names stay offline unless the user opts in (analyser/match/embedding.py)."""

from __future__ import annotations

import pytest

from analyser.match.embedding import _hub_offline


@pytest.mark.parametrize(
    ("value", "offline"),
    [(None, True), ("1", True), ("true", True), ("0", False), ("false", False), (" OFF ", False), ("no", False)],
)
def test_hub_lookups_are_offline_unless_switched_on(monkeypatch: pytest.MonkeyPatch, value: str | None, offline: bool) -> None:
    if value is None:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", value)
    assert _hub_offline() is offline

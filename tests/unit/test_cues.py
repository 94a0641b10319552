"""Normative vs diagnostic text and operational anchors."""

from __future__ import annotations

import pytest

from analyser.cues import document_part, find_anchors


@pytest.mark.parametrize(
    "text",
    [
        "The Ministry of Labour will set up a one-stop shop for returning migrants by 2026.",
        "Renforcer l'accès des migrants de retour à la formation professionnelle.",
        "Objective 3: expand health insurance coverage to informal workers.",
        "Le Gouvernement mettra en place un fonds de garantie pour les jeunes entrepreneurs.",
    ],
)
def test_cues_normative_text(text: str) -> None:
    assert document_part(text) == "normative"


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, 12,400 migrants were returned from Libya, according to the national survey.",
        "Selon l'enquête de 2018, 34 % des migrants de retour étaient sans emploi.",
        "Unemployment increased from 8 percent in 2015 to 11 percent in 2020.",
    ],
)
def test_cues_diagnostic_text(text: str) -> None:
    assert document_part(text) == "diagnostic"


def test_cues_section_heading_shifts_the_part() -> None:
    text = "Returnees are supported by the employment agency."
    assert document_part(text, ("3. Action plan",)) == "normative"
    assert document_part(text, ("1. Context and situation analysis",)) == "diagnostic"


def test_cues_anchors_found_in_a_results_row() -> None:
    text = (
        "The National Employment Agency will place 5,000 returnees in jobs by 2027 "
        "(budget: USD 2.4 million)."
    )
    assert find_anchors(text) == ("institution", "target", "budget", "timeframe")


def test_cues_anchors_french() -> None:
    text = "Responsable : Direction régionale de la santé. Budget : 610 millions FCFA. Cible : 80 % d'ici 2027."
    assert set(find_anchors(text)) == {"institution", "target", "budget", "timeframe"}


def test_cues_no_anchors_in_vague_text() -> None:
    assert find_anchors("Returnees deserve support and understanding from their communities.") == ()

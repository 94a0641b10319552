"""The adviser page's static files: dictionaries, no external URL, and its pure JS in Chromium."""

from __future__ import annotations

import json
import re

import pytest
from webharness import STATIC, chromium_path, static_server, sync_playwright

I18N = STATIC / "i18n"


def test_web_dictionaries_have_the_same_keys_and_no_blank_string() -> None:
    en = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    fr = json.loads((I18N / "fr.json").read_text(encoding="utf-8"))
    assert set(en) == set(fr), f"keys only in one language: {sorted(set(en) ^ set(fr))}"
    for lang, d in (("en", en), ("fr", fr)):
        assert all(isinstance(v, str) and v.strip() for v in d.values()), f"blank strings in {lang}.json"
        for k, v in d.items():  # the same placeholders in both languages
            assert set(re.findall(r"{(\w+)}", v)) == set(re.findall(r"{(\w+)}", en[k])), f"{lang}:{k}"
    assert {f"level.{n}" for n in range(4)} <= set(en)


def test_web_every_key_used_by_the_page_exists() -> None:
    en = json.loads((I18N / "en.json").read_text(encoding="utf-8"))
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    js = "\n".join(p.read_text(encoding="utf-8") for p in STATIC.glob("*.js") if p.name != "i18n.js")  # i18n.js defines t()
    used = set(re.findall(r'data-i18n(?:-aria-label)?="([\w.]+)"', html))
    used |= set(re.findall(r'\bt\("([\w.]+)"', js)) | set(re.findall(r'\btn\("([\w.]+)"', js))
    assert used, "no interface key found: the pattern is stale"
    assert sorted(used - set(en)) == []


# src/href/url()/import/fetch pointing anywhere but this server ("//host" counts as external)
EXTERNAL = re.compile(r"""(?:https?:)?//[\w.-]+\.[a-z]{2,}|(?:src|href)\s*=\s*["'](?:https?:|//)|url\(\s*["']?(?:https?:|//)""", re.I)


def test_web_static_files_reference_nothing_outside_the_server() -> None:
    files = [p for p in STATIC.rglob("*") if p.suffix in {".html", ".js", ".css", ".json"}]
    assert len(files) >= 6
    offenders = {str(p.relative_to(STATIC)): EXTERNAL.findall(p.read_text(encoding="utf-8")) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.fixture(scope="module")
def page_at_static():  # type: ignore[no-untyped-def]
    exe = chromium_path()
    with sync_playwright() as pw, static_server() as base:
        browser = pw.chromium.launch(executable_path=exe, headless=True)
        page = browser.new_page()
        page.goto(f"{base}/index.html")  # signed out: the page makes no API call
        page.wait_for_selector("body[data-ready=true]")
        yield page
        browser.close()


@pytest.mark.browser
def test_web_highlight_segments_cover_text_and_mark_terms(page_at_static) -> None:  # type: ignore[no-untyped-def]
    result = page_at_static.evaluate(
        """async () => {
          const m = await import('/highlight.js');
          return [
            m.highlightSegments('Returning Migrants and returning migrants (2024).', ['returning migrants']),
            m.highlightSegments('des migrants de retour et des migrants', ['migrants', 'migrants de retour']),
            m.highlightSegments('cost (USD) +5% for a.b', ['(USD)', 'a.b', '']),
            m.highlightSegments('no terms here', []),
          ];
        }"""
    )
    case_insensitive, longest_first, special_chars, none = result
    assert [s["text"] for s in case_insensitive if s["mark"]] == ["Returning Migrants", "returning migrants"]
    assert "".join(s["text"] for s in case_insensitive) == "Returning Migrants and returning migrants (2024)."
    assert [s["text"] for s in longest_first if s["mark"]] == ["migrants de retour", "migrants"]
    assert [s["text"] for s in special_chars if s["mark"]] == ["(USD)", "a.b"]
    assert none == [{"text": "no terms here", "mark": False}]


@pytest.mark.browser
def test_web_highlight_keeps_markup_in_evidence_inert(page_at_static) -> None:  # type: ignore[no-untyped-def]
    out = page_at_static.evaluate(
        """async () => {
          const m = await import('/highlight.js');
          window.__pwned = false;
          const div = document.createElement('div');
          div.append(m.highlightFragment('<img src=x onerror="window.__pwned=true"> returnees', ['returnees', 'img']));
          document.body.append(div);
          await new Promise(r => setTimeout(r, 100));
          return {imgs: div.querySelectorAll('img').length, marks: [...div.querySelectorAll('mark')].map(x => x.textContent),
                  text: div.textContent, pwned: window.__pwned};
        }"""
    )
    assert out == {"imgs": 0, "marks": ["img", "returnees"], "text": '<img src=x onerror="window.__pwned=true"> returnees', "pwned": False}


@pytest.mark.browser
def test_web_i18n_switches_language_plurals_and_placeholders(page_at_static) -> None:  # type: ignore[no-untyped-def]
    out = page_at_static.evaluate(
        """async () => {
          const i = await import('/i18n.js');
          await i.loadLang('fr');
          const fr = {
            lang: document.documentElement.lang, stored: localStorage.getItem('ra.lang'),
            title: document.querySelector('.topbar h1').textContent,
            one: i.tn('card.pages', 1), zero: i.tn('card.pages', 0), many: i.tn('card.pages', 12),
            vars: i.t('signedin.as', {org: 'OIM'}), missing: i.t('no.such.key', {}, 'repli'),
          };
          await i.loadLang('en');
          const en = {lang: document.documentElement.lang, one: i.tn('card.pages', 1), zero: i.tn('card.pages', 0),
                      title: document.querySelector('.topbar h1').textContent};
          await i.loadLang('xx');  // unknown: falls back to English
          return {fr, en, fallback: i.currentLang()};
        }"""
    )
    assert out["fr"] == {
        "lang": "fr", "stored": "fr", "title": "Tableau de bord de la réintégration",
        "one": "1 page", "zero": "0 page", "many": "12 pages", "vars": "Connecté : OIM", "missing": "repli",
    }
    assert out["en"] == {"lang": "en", "one": "1 page", "zero": "0 pages", "title": "Reintegration scorecard"}
    assert out["fallback"] == "en"


@pytest.mark.browser
def test_web_evidence_dialog_states_measured_reliability_or_its_absence(page_at_static) -> None:  # type: ignore[no-untyped-def]
    out = page_at_static.evaluate(
        """async () => {
          const i = await import('/i18n.js');
          await i.loadLang('en');
          const sc = await import('/scorecard.js');
          const ind = {id: 'ECO.EMPLOYMENT', name: 'Employment', dimension: 'ECO', addressed: false, returnee_level: 0,
                       entry_point: false, evidence: [],
                       reliability: {lang: 'fr', precision: 0.687, recall: 0.561, f1: 0.617, gold_passages: 82, basis: 'held-out'}};
          const title = document.createElement('h2'), body = document.createElement('div');
          sc.renderEvidence(title, body, ind);
          const measured = body.querySelector('p.reliability').textContent;
          sc.renderEvidence(title, body, {...ind, reliability: null});
          const none = body.querySelector('p.reliability').textContent;
          await i.loadLang('fr');
          sc.renderEvidence(title, body, ind);
          return {measured, none, fr: body.querySelector('p.reliability').textContent};
        }"""
    )
    assert "in FR documents" in out["measured"] and "finds 56 %" in out["measured"] and "69 % of the passages it flags" in out["measured"]
    assert "(82 labelled passages)" in out["measured"]
    assert out["none"].startswith("No accuracy figures were measured")
    assert "il trouve 56 %" in out["fr"] and "69 %" in out["fr"]


@pytest.mark.browser
def test_web_content_security_policy_refuses_other_hosts_and_inline_script(page_at_static) -> None:  # type: ignore[no-untyped-def]
    blocked = page_at_static.evaluate(
        """async () => {
          const seen = [];
          document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
          new Image().src = 'https://fonts.example.org/x.png';
          fetch('https://cdn.example.org/lib.js').catch(() => {});
          const s = document.createElement('script');
          s.textContent = 'window.__inline = true';
          document.body.append(s);
          await new Promise((r) => setTimeout(r, 300));
          return {seen: [...new Set(seen)].sort(), inline: window.__inline === true};
        }"""
    )
    assert blocked == {"seen": ["connect-src", "img-src", "script-src-elem"], "inline": False}

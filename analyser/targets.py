"""Target-group detection: who is a returnee (core), who is adjacent (refugee returnees,
returning diaspora) and who is excluded (IDPs, ex-combatants, prisoners...).

Pure regular expressions over passage text, EN and FR in depth, ES/PT/AR core terms.
Process words (reintegration, réinsertion, readmission, repatriation...) count only with a
migration anchor in the same passage and no sign of another sense (prisoners, profits,
civil servants...): the traps listed in shared/reference/frameworks.md.
"""

from __future__ import annotations

import re

from analyser.types import TargetMention

_F = re.IGNORECASE | re.UNICODE

# --- core returnee terms: count on their own (unless an adjacent/excluded cue sits right next to them)
_CORE = re.compile(
    r"\b(?:"
    # English
    r"returnees?|re-?turnees?"
    r"|return(?:ing|ed)?\s+(?:labou?r\s+|international\s+|irregular\s+|undocumented\s+|female\s+|male\s+|young\s+)?migrants?(?:\s+workers?)?"
    r"|migrant\s+returnees?|returning\s+(?:nationals?|citizens|workers|overseas\s+workers|OFWs?)"
    r"|returned\s+(?:nationals?|citizens|workers|overseas\s+workers|victims?\s+of\s+trafficking)"
    r"|return\s+migration|migrants?\s+(?:who\s+(?:have\s+)?|that\s+(?:have\s+)?)?(?:returned|returning|coming\s+back)"
    r"|deportees?|deported\s+(?:migrants?|nationals?|persons|people|citizens|workers|individuals)"
    r"|forcibly\s+returned|forced\s+returns?(?:\s+of\s+(?:migrants?|nationals?))?"
    r"|assisted\s+voluntary\s+returns?|AVRR?|voluntary\s+return\s+and\s+reintegration"
    r"|repatriated\s+(?:migrants?|nationals?|workers|citizens|victims?)"
    r"|(?:stranded|evacuated)\s+migrants?|nationals?\s+(?:returning|coming\s+back|returned)\s+from\s+abroad"
    # French
    r"|migrants?\s+(?:de\s+retour|rentr[ée]s?|retourn[ée]s?|rapatri[ée]s?|expuls[ée]s?|refoul[ée]s?)"
    r"|(?:personnes?|populations?|ressortissants?|compatriotes|travailleurs?(?:\s+migrants?)?|jeunes|femmes)\s+(?:migrantes?\s+)?(?:de\s+retour|retourn[ée]e?s|rentr[ée]e?s|rapatri[ée]e?s|expuls[ée]e?s|refoul[ée]e?s)"
    r"|retourn[ée]s?\s+(?:de\s+l['’]\s*[ée]tranger|migrants?)|rapatri[ée]s\s+(?:de|d['’])\s*(?:libye|alg[ée]rie|niger|maroc|europe|l['’][ée]tranger)"
    r"|(?:aide|assistance|programmes?)\s+(?:au|de)\s+retour\s+volontaire|retour\s+volontaire(?:\s+et\s+(?:à\s+la\s+)?r[ée]int[ée]gration)?|ARVR|AVRR"
    r"|migration\s+de\s+retour|retour\s+(?:et\s+(?:de\s+)?(?:la\s+)?r[ée]int[ée]gration\s+)?des\s+(?:migrants?|ressortissants|compatriotes|expatri[ée]s)"
    r"|plan\s+national\s+(?:pour\s+le|de|du)\s+retour"
    r"|\w+\s+(?:rentr[ée]s|revenus)\s+(?:de\s+l['’]\s*(?:[ée]tranger|ext[ée]rieur)|au\s+pays)"
    # Spanish / Portuguese
    r"|(?:personas|poblaci[óo]n|migrantes|trabajadores)\s+(?:migrantes\s+)?retornad[oa]s?|retornad[oa]s|repatriad[oa]s|deportad[oa]s|retorno\s+voluntario"
    r"|migrantes\s+retornados|regressados|retorno\s+volunt[áa]rio"
    r")\b",
    _F,
)
# Arabic core terms (no \b: Arabic script word boundaries differ)
_CORE_AR = re.compile(r"(?:المهاجر(?:ون|ين)\s+العائد(?:ون|ين)|العائدين|العائدون|العودة\s+الطوعية)")

# --- process words: need a migration anchor nearby
_PROCESS = re.compile(
    r"\b(?:r[ée]-?int[ée]gration|reintegrat\w+|r[ée]insertion|reinsertion|r[ée]admission|readmission"
    r"|repatriation|rapatriement|repatriaci[óo]n|reintegraci[óo]n|reintegra[çc][ãa]o|retour)\b",
    _F,
)
_ANCHOR = re.compile(
    r"\b(?:migra\w*|[ée]migr\w*|immigr\w*|diaspora\w*|abroad|overseas|[àa]\s+l['’]\s*[ée]tranger|de\s+l['’]\s*ext[ée]rieur"
    r"|expatri\w*|returnees?|traffick\w*|traite\s+des\s+(?:personnes|[êe]tres\s+humains)|OIM|IOM|AVRR|ARVR"
    r"|pays\s+(?:d['’]\s*accueil|de\s+destination|de\s+transit)|countries\s+of\s+destination|host\s+countries)\b",
    _F,
)

# --- adjacent groups: reported separately, never as core returnees
_ADJACENT = re.compile(
    r"\b(?:refugee\s+returnees?|returning\s+refugees|returnee\s+refugees|refugees?\s+(?:who\s+)?return\w*"
    r"|(?:voluntary\s+)?repatriation\s+of\s+refugees|return\s+(?:and\s+reintegration\s+)?of\s+refugees"
    r"|returning\s+diaspora|diaspora\s+returnees?|return\s+of\s+(?:the\s+)?diaspora|diaspora\s+return"
    r"|r[ée]fugi[ée]s\s+(?:rapatri[ée]s|de\s+retour|retourn[ée]s)|rapatriement\s+(?:volontaire\s+)?des\s+r[ée]fugi[ée]s"
    r"|retour\s+(?:volontaire\s+)?des\s+r[ée]fugi[ée]s|retour\s+de\s+la\s+diaspora|diaspora\s+de\s+retour"
    r"|refugiados\s+retornados|retorno\s+de\s+(?:la\s+)?di[áa]spora)\b",
    _F,
)
# Cues that a nearby 'returnee' / 'rapatrié' is in a displacement or refugee sense
_DISPLACEMENT = re.compile(
    r"\b(?:refugees?|r[ée]fugi[ée]s?|refugiados?|asylum|UNHCR|HCR)\b",
    _F,
)
_EXCLUDED = re.compile(
    r"\b(?:internally\s+displaced|IDPs?|displaced\s+persons|d[ée]plac[ée]s(?:\s+internes)?|PDIs?"
    r"|ex-?combatants?|former\s+combatants|child\s+soldiers|DDR|d[ée]mobilis[ée]s|ex-?combattants?"
    r"|prisoners?|inmates|offenders|d[ée]tenus|prisonniers|incarc[ée]r\w*|ex-?d[ée]tenus|foreign\s+(?:terrorist\s+)?fighters"
    r"|combattants\s+terroristes\s+[ée]trangers)\b",
    _F,
)
# Other senses of process words: profits, bodies, staff reinstatement, drop-outs, dismissed workers
_OTHER_SENSE = re.compile(
    r"\b(?:profits?|dividends?|capital|earnings|revenues?|b[ée]n[ée]fices|capitaux|dividendes|devises|fonds"
    r"|corps|d[ée]pouilles?|remains|body|bodies|magistrats?|fonctionnaires?|agents?\s+(?:de\s+l['’][ée]tat|publics?)"
    r"|civil\s+servants?|staff|employ[ée]s?\s+licenci[ée]s|licenci[ée]s|dismissed|d[ée]scolaris[ée]s|drop-?outs?"
    r"|toxicomanes|drug\s+users|returns\s+to|rate\s+of\s+return|return\s+on)\b",
    _F,
)
_WINDOW = 80


def find_mentions(text: str) -> tuple[TargetMention, ...]:
    """All target-group mentions in a passage, classified core / adjacent / excluded."""
    mentions: list[TargetMention] = []
    adjacent_spans = [m.span() for m in _ADJACENT.finditer(text)]
    for s, e in adjacent_spans:
        mentions.append(TargetMention(group="adjacent", term=text[s:e], start=s, end=e))

    def inside_adjacent(s: int, e: int) -> bool:
        return any(a <= s < b or a < e <= b for a, b in adjacent_spans)

    for m in list(_CORE.finditer(text)) + list(_CORE_AR.finditer(text)):
        s, e = m.span()
        if inside_adjacent(s, e):
            continue
        near = text[max(0, s - _WINDOW) : e + _WINDOW]
        if _EXCLUDED.search(near):
            mentions.append(TargetMention(group="excluded", term=m.group(0), start=s, end=e))
        elif _DISPLACEMENT.search(near) and not _ANCHOR_STRICT.search(near):
            mentions.append(TargetMention(group="adjacent", term=m.group(0), start=s, end=e))
        else:
            mentions.append(TargetMention(group="core", term=m.group(0), start=s, end=e))
    if not any(x.group == "core" for x in mentions):
        has_anchor = _ANCHOR.search(text) is not None
        other = _OTHER_SENSE.search(text) is not None or _EXCLUDED.search(text) is not None
        for m in _PROCESS.finditer(text):
            s, e = m.span()
            if inside_adjacent(s, e) or other or not has_anchor:
                continue
            if m.group(0).lower() == "retour" and not _RETOUR_MIGRANT.search(text):
                continue  # 'retour' alone is too common; needs migrants/ressortissants next to it
            mentions.append(TargetMention(group="core", term=m.group(0), start=s, end=e))
    return tuple(sorted(mentions, key=lambda x: x.start))


# A returnee term near 'refugees' stays core only if migrants are named explicitly too.
_ANCHOR_STRICT = re.compile(r"\b(?:migrants?|migrant\s+workers|travailleurs\s+migrants|AVRR|ARVR|IOM|OIM)\b", _F)
_RETOUR_MIGRANT = re.compile(r"\bretour\w*\s+(?:\w+\s+){0,3}(?:migrants?|ressortissants|compatriotes|[ée]migr[ée]s|expatri[ée]s|diaspora)\b", _F)


def target_group(mentions: tuple[TargetMention, ...]) -> str:
    """'core', 'adjacent' or 'none' for a passage."""
    groups = {m.group for m in mentions}
    if "core" in groups:
        return "core"
    if "adjacent" in groups:
        return "adjacent"
    return "none"


def has_migration_context(text: str, mentions: tuple[TargetMention, ...] = ()) -> bool:
    """The passage is about migration, return or reintegration of migrants (any group but
    the excluded ones): a core/adjacent mention or a migration word."""
    if any(m.group in ("core", "adjacent") for m in mentions):
        return True
    return _ANCHOR.search(text) is not None

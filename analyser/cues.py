"""Pure text cues for how concrete a passage is: normative (objective, measure, budget)
versus diagnostic (context, statistics), and operational anchors (responsible institution,
target or indicator, budget, timeframe). EN and FR in depth, ES/PT basics."""

from __future__ import annotations

import re

from analyser.types import AnchorKind, DocPart

_F = re.IGNORECASE

# Strong normative signals: modal and future verbs, legal provisions, recommendations,
# entitlements. Weighted above the diagnostic cues so that a plan measure that also says
# "estimated" or "survey" stays normative.
_NORMATIVE = re.compile(
    r"\b(?:will|shall|should|must|is\s+to\s+be|are\s+to\s+be|aims?\s+(?:to|at)|seeks?\s+to|intends?\s+to|commit(?:s|ted)?\s+to"
    r"|(?:is|are|remain|remains|shall\s+be|will\s+be)\s+entitled|(?:has|have)\s+the\s+right|recommends?"
    r"|sera|seront|serait|devra|devront|devrait|devraient|doit|doivent|vise(?:nt)?\s+[àa]|visera|s['’]engage|il\s+s['’]agira|il\s+convient"
    r"|il\s+est\s+(?:cr[ée][ée]|institu[ée]|mis\s+en\s+place)|(?:est|sont)\s+(?:cr[ée][ée]e?s?|institu[ée]e?s?|tenue?s?\s+de)|de\s+plein\s+droit"
    r"|(?:a|ont)\s+droit\s+[àa]|recommande"
    # institutional mandates (actors diagrams, organisational decrees) state who does what
    r"|(?:is|are)\s+(?:responsible|mandated)\s+(?:for|to)|in\s+charge\s+of|(?:est|sont)\s+charg[ée]e?s?\s+de|(?:a|ont)\s+pour\s+(?:mission|mandat)"
    r"|se\s+(?:propone|prev[ée])|deber[áa]n?|ser[áa]n?)\b"
    # French simple future (donnera, finira, mettra, recevra, pourront, auront, se verra...): lowercase, and the
    # letter before -ra/-ront is one a future stem ends with (not diaspora, Ouattara, Diarra)
    r"|(?-i:\b[a-zà-ÿ][\w’']*?(?:e|i|d|t|v|u|r)r(?:a|ont)\b)",
    _F,
)
# Words that end like a French future but are not verbs
_NOT_FUTURE = frozenset(
    "extra ultra intra contra mantra tantra sutra tundra opera opéra camera caméra cholera choléra sierra terra genera viscera caldera "
    "cathedra et-cetera".split()
)
# Weak normative signals: plan vocabulary that diagnostic text also uses ("no measure").
_NORMATIVE_NOUN = re.compile(
    r"\b(?:objectives?|targets?|measures?|actions?|activities|outputs?|outcomes?|interventions?|priorit(?:y|ies)"
    r"|objectifs?|mesures?|cibles?|r[ée]sultats?\s+attendus?|axe|plan\s+d['’]action|activit[ée]s|priorit[ée]s?"
    r"|recommendations?|recommandations?|objetivos?|medidas?|metas?)\b(?<!en\smesure)",
    _F,
)
# Legal provisions and results-matrix rows are normative whatever their tense.
_NORMATIVE_FORM = re.compile(
    r"^\s*(?:article|art\.)\s*\d+|\b(?:recommendation|recommandation)\s*(?:n[°o]\s*)?\d+\s*[:.–-]|\b(?:indicator|indicateur|baseline|valeur\s+de\s+r[ée]f[ée]rence|target|cible)\s*(?:\d[\d.]*\s*)?(?:\([^)]{0,20}\))?\s*:"
    r"|\b(?:results?\s+(?:matrix|framework)|cadre\s+de\s+r[ée]sultats|output|outcome|effet|produit)\s*(?:\d[\d.]*)?\s*[:–-]",
    _F,
)
# Imperative / nominal action openings typical of action plans and logframes
_ACTION_OPENING = re.compile(
    r"^(?:[-•▪*\d.)\s]*)(?:strengthen|establish|develop|ensure|provide|promote|improve|expand|support|set\s+up|create|introduce|scale\s+up"
    r"|implement|build|enhance|facilitate|integrate|extend|adopt|design|train|upgrade|increase|reduce"
    r"|renforcer|mettre\s+en\s+place|d[ée]velopper|assurer|promouvoir|am[ée]liorer|appuyer|faciliter|cr[ée]er|[ée]laborer"
    r"|accompagner|favoriser|garantir|int[ée]grer|[ée]tendre|instituer|op[ée]rationnaliser|former|[ée]quiper|mobiliser"
    r"|fortalecer|establecer|garantizar|promover|apoyar|desenvolver|garantir)\b"
    # nominal and "to"-infinitive bullets of action plans: "Provision of...", « Renforcement de... », "To expand..."
    r"|^(?:[-•▪*\d.)\s]*)(?:to\s+(?:strengthen|establish|develop|ensure|provide|promote|improve|expand|support|create|introduce|build|enhance|facilitate)"
    r"|(?:provision|establishment|strengthening|promotion|expansion|creation|development|introduction|implementation|improvement|extension|scaling\s+up"
    r"|mise\s+en\s+(?:place|[œo]e?uvre)|renforcement|cr[ée]ation|promotion|d[ée]veloppement|am[ée]lioration|extension|[ée]laboration|institution|appui|accompagnement"
    r"|op[ée]rationnalisation|g[ée]n[ée]ralisation)\s+(?:of|de|du|des|d['’]|[àa]|aux?)\b)",
    _F,
)
_DIAGNOSTIC = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had|according\s+to|survey|study|census|recorded|reported|increased|decreased|declined"
    r"|found\s+that|often|frequently|remains?\s+(?:weak|limited|scattered|fragmented|low|high|insufficient)|insufficient|inadequate"
    r"|a\s+[ée]t[ée]|ont\s+[ée]t[ée]|[ée]tait|[ée]taient|avait|avaient|selon|enqu[êe]te|recensement|a\s+augment[ée]|a\s+diminu[ée]"
    r"|souvent|restent|reste\s+(?:faible|limit[ée]e?|insuffisant\w*)|insuffisan\w+|peu\s+de|faute\s+de|manque\s+de|absence\s+de"
    r"|(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:(?:financ|appuy|b[ée]n[ée]fici|touch|form|accompagn|enregistr|rapatri|cess|facilit|adopt|sign|lanc|ratifi|valid|organis|lanc|cr[ée])[ée]e?s?|soutenu|accueilli|permis|mis\s+en\s+place)"
    # English simple past of policy history (timelines): "adopted", "signed"... but not "will be adopted"
    r"|(?<!\bbe\s)(?<!\bbeen\s)(?<!\bto\s)(?<!\bwill\s)(?:adopted|signed|launched|ratified|enacted|endorsed|initiated|concluded|began|started|ended|took\s+place|entered\s+into\s+force|came\s+into\s+force)"
    r"|fue|fueron|seg[úu]n|encuesta|foram|segundo|inqu[ée]rito)\b",
    _F,
)
# Softer diagnostic signals: estimates and approximations also appear in costed plans.
_DIAGNOSTIC_SOFT = re.compile(r"\b(?:estimated|estim[ée]e?s?|environ|approximately|some\s+\d)\b", _F)
# Statements about what a plan lacks are diagnostic even though they name measures.
_ABSENCE = re.compile(
    r"\b(?:contains?\s+no|(?:does|do|did)\s+not\s+(?:mention|provide|include|contain|address|cover|foresee|allocate|specify)|no\s+(?:specific\s+)?(?:measure|action|provision|budget|mention)|only\s+in\s+(?:its|the)"
    r"|lack(?:s|ing)?\s+(?:of|a|an|any)|absence\s+of|ne\s+(?:\w+\s+){0,4}(?:aucun|aucune)\b|ne\s+(?:mentionne|pr[ée]voit|contient|comporte|dispose|couvre|cite)\b|sans\s+(?:cadre|budget|mesure|action)"
    r"|aucune?\s+(?:mesure|action|disposition|budget|mention))",
    _F,
)
# Timeline entries open on a date ("2016: ...", "In March 2017, ...")
_DATE_OPENING = re.compile(
    r"^\W*(?:(?:in|en|since|depuis|on|le)\s+)?(?:\d{1,2}\s+)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre)\s+)?(?:19|20)\d{2}\s*(?:[-–]\s*(?:19|20)?\d{2}\s*)?[:,.–-]",
    _F,
)
_PAST_PERIOD = re.compile(r"\b(?:between|from|since|entre|de|depuis)\s+(?:19|20)\d{2}(?:\s+(?:and|to|et|à|a)\s+(?:19|20)\d{2})?\b", _F)
_STAT = re.compile(r"\d[\d\s.,]*\s?(?:%|per\s?cent|pour\s?cent)|\b(?:in|en)\s+(?:19|20)\d{2}\b", _F)
_NORMATIVE_SECTION = re.compile(
    r"\b(?:objective|axis|axe|action|measure|mesure|programme|intervention|strateg|pillar|pilier|results?\s+(?:matrix|framework)"
    r"|r[ée]sultats|cadre\s+logique|log(?:ical)?\s*frame|implementation|mise\s+en\s+[œo]e?uvre|budget|financ|plan\s+d['’]action|action\s+plan"
    r"|orientations?|priorities|priorit[ée]s|way\s+forward|recommendations?|recommandations?)\w*",
    _F,
)
_DIAGNOSTIC_SECTION = re.compile(
    r"\b(?:context|contexte|situation|diagnos|analys|background|[ée]tat\s+des\s+lieux|introduction|overview|profil|profile"
    r"|challenges|d[ée]fis|constats?|bilan|findings|review|revue|lessons|le[çc]ons|trends|tendances|achievements|acquis)\w*",
    _F,
)


_OUTLINE_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}\.\d{1,2}(?![\d.,%])")


def is_outline_list(text: str) -> bool:
    """A run of numbered labels (a table-of-contents fragment or a budget table's row
    labels): names headings, states no measure."""
    return len(_OUTLINE_NUMBER.findall(text)) >= 3


def document_part(text: str, section: tuple[str, ...] = ()) -> DocPart:
    """'normative' for objectives, measures, plans, budgets; 'diagnostic' otherwise."""
    if is_outline_list(text):
        return "diagnostic"
    score = 0.0
    strong = [w for w in _NORMATIVE.findall(text) if w.lower() not in _NOT_FUTURE]
    score += 1.5 * min(len(strong), 3)
    score += 0.5 * min(len(_NORMATIVE_NOUN.findall(text)), 2)
    score += 2.0 if _ACTION_OPENING.search(text) else 0.0
    score += 2.0 if _NORMATIVE_FORM.search(text) else 0.0
    score -= 1.0 * min(len(_DIAGNOSTIC.findall(text)), 3)
    score -= 0.5 * min(len(_DIAGNOSTIC_SOFT.findall(text)), 2)
    score -= 2.0 if _ABSENCE.search(text) else 0.0
    score -= 1.0 if _PAST_PERIOD.search(text) and not strong else 0.0
    score -= 1.5 if _DATE_OPENING.search(text) else 0.0
    score -= 0.5 * min(len(_STAT.findall(text)), 2)
    heading = " / ".join(section[-2:])
    if _NORMATIVE_SECTION.search(heading):
        score += 1.5
    if _DIAGNOSTIC_SECTION.search(heading):
        score -= 1.5
    return "normative" if score > 0 else "diagnostic"


_INSTITUTION = re.compile(
    r"\b(?:(?:ministry|minist[èe]re|ministerio|minist[ée]rio|department|d[ée]partement|direction|directorate|agency|agence|agencia"
    r"|office|authority|autorit[ée]|commission|committee|comit[ée]|council|conseil|secretariat|secr[ée]tariat|bureau|cellule"
    r"|unit|institute|institut|observatory|observatoire|chamber|chambre|fund|fonds|instituto|consejo)\s+(?:of|de|du|des|d['’]|for|pour|national\w*|g[ée]n[ée]ral\w*)"
    r"|lead\s+(?:ministry|agency|institution)|responsible\s+(?:institution|ministry|agency|body|entity)|in\s+charge\s+of|chef\s+de\s+file"
    r"|structures?\s+responsables?|responsable\s+de\s+la\s+mise|sous\s+la\s+tutelle|under\s+the\s+(?:leadership|coordination)\s+of"
    r"|(?:direction|d[ée]l[ée]gation|agence|inspection)\s+(?:r[ée]gionale|g[ée]n[ée]rale|nationale|d[ée]partementale)"
    r"|MoLSW|MoL|MoH|MoE|MoFA|MoI|ANPE|NEA|ONEM|FNPJ|ADEPME|NCFRMI|NAPTIP|POEA|OWWA|BMET|DEMO)\b"
    # "Responsable : CNAM" / "Lead: MLESA" labels in action plans (no \\b after the colon)
    r"|\b(?:responsables?|lead(?:\s+(?:institution|agency))?|responsible(?:\s+(?:institution|body))?|porteurs?|structure\s+responsable)\s*:"
    # Named bodies: capitalised words before an institution noun (National Employment Agency)
    r"|\b(?:[A-Z][\w'’-]+\s+){1,5}(?-i:Agency|Office|Authority|Commission|Committee|Council|Secretariat|Directorate|Department|Ministry|Institute|Fund|Bureau|Service|Board|Centre|Center)\b",
    _F,
)
_TARGET = re.compile(
    r"\b(?:targets?|indicators?|baseline|benchmark|milestones?|cibles?|indicateurs?|valeurs?\s+(?:de\s+r[ée]f[ée]rence|cibles?)|situation\s+de\s+r[ée]f[ée]rence"
    r"|jalons?|metas?|indicadores?|l[íi]nea\s+de\s+base)\b"
    r"|\d[\d\s.,]*\s?(?:%|per\s?cent|pour\s?cent)"
    r"|\b\d[\d\s.,]*\s+(?:returnees|beneficiaries|persons|people|households|migrants|youth|women|enterprises|jobs"
    r"|b[ée]n[ée]ficiaires|personnes|m[ée]nages|jeunes|femmes|entreprises|emplois)\b",
    _F,
)
_BUDGET = re.compile(
    r"\b(?:budget\w*|budg[ée]taire|cost(?:s|ed|ing)?\s*(?:estimate|of)?|co[ûu]ts?|allocation|allocated|dotation|ligne\s+budg[ée]taire|enveloppe|presupuesto|or[çc]amento)\b"
    r"|(?:US\$|\$|€|USD|EUR|FCFA|F\s?CFA|XOF|XAF|GNF|MAD|TND|DZD|NGN|GHS|ETB|KES|UGX|AFN|IQD|BDT|Tk\.?)\s?\d"
    r"|\d[\d\s.,]*\s?(?:million|millions|milliards?|billion|bn|crore|lakh|USD|EUR|FCFA|F\s?CFA|XOF|dollars|euros|francs|dirhams|dinars|taka)\b",
    _F,
)
_TIMEFRAME = re.compile(
    r"\b(?:by|until|before|from|in|d['’]ici(?:\s+[àa])?|avant|[àa]\s+partir\s+de|en|para|hasta|at[ée])\s+(?:the\s+end\s+of\s+)?(?:19|20)\d{2}\b"
    r"|\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b"
    r"|\b(?:short|medium|long)[\s-]+term\b|\b(?:per\s+year|each\s+year|within\s+\d+\s+(?:months|years))\b"
    r"|\b(?:annuel\w*|trimestriel\w*|semestriel\w*|chaque\s+ann[ée]e|dans\s+un\s+d[ée]lai|court|moyen|long)\s+terme\b"
    r"|\b(?:annually|quarterly|annuellement|trimestre|semestre|Q[1-4]\s+20\d{2}|phase\s+[1-3I]+)\b"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\s+(?:19|20)\d{2}\b"
    r"|\b(?:calendrier|timeframe|timeline|[ée]ch[ée]ancier|deadline|[ée]ch[ée]ance|dur[ée]e)\s*:",
    _F,
)
_ANCHORS: tuple[tuple[AnchorKind, re.Pattern[str]], ...] = (
    ("institution", _INSTITUTION),
    ("target", _TARGET),
    ("budget", _BUDGET),
    ("timeframe", _TIMEFRAME),
)


def find_anchors(text: str) -> tuple[AnchorKind, ...]:
    """Operational anchors present in a passage, in a fixed order."""
    return tuple(kind for kind, rx in _ANCHORS if rx.search(text))

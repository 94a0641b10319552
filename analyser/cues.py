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
    r"|(?:a|ont)\s+droit\s+[àa]|recommande|(?:is|are)\s+(?:provided|allocated|earmarked|set\s+aside|budgeted)\s+(?:in|for|under)|(?:est|sont)\s+(?:ouverte?s?|inscrite?s?)\s+(?:au|aux|pour|[àa])"
    # institutional mandates (actors diagrams, organisational decrees) state who does what
    r"|(?:is|are)\s+(?:responsible|mandated)\s+(?:for|to)|in\s+charge\s+of|(?:est|sont)\s+charg[ée]e?s?\s+de|(?:a|ont)\s+pour\s+(?:mission|mandat)"
    # objective and need statements: "the objective is to", "needs to", « l'objectif est de », « ambitionne de »
    r"|(?:objective|goal|aim)s?\s+(?:is|are|will\s+be)\s+to|(?:needs?|has|have)\s+to\s+(?:be\s+)?\w+|it\s+is\s+(?:important|necessary|essential|crucial|critical|imperative)\s+to"
    r"|there\s+is\s+(?:a|an\s+urgent)\s+need\s+to|is\s+expected\s+to|(?:advised|urged|requested|directed)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?to"
    r"|objectifs?\s+(?:\w+\s+){0,2}?(?:est|sont|consiste\w*|vis[ée]e?s?)\s+(?:de|d['’]|[àa]|la|le|les|l['’])|a\s+pour\s+(?:objectif|ambition|but)|ambitionne\w*"
    r"|ambition\s+(?:\w+\s+){0,3}?est\s+de|il\s+s['’]agit\s+de|il\s+est\s+(?:n[ée]cessaire|important|essentiel|urgent|indispensable)\s+de|pr[ée]voit|envisage\w*"
    r"|(?:demande|invite|exhorte|enjoint)\s+(?:au|aux|[àa]\s+la|le|la|les|l['’])"
    r"|par\s+(?:arr[êe]t[ée]|d[ée]cret)|dans\s+les\s+conditions\s+(?:fix[ée]es|d[ée]finies|pr[ée]vues)|(?:est|sont)\s+(?:[àa]\s+la\s+charge|interdite?s?|fix[ée]e?s?\s+par)"
    r"|ne\s+peu(?:t|vent)\s+(?:[êe]tre|en\s+aucun)|en\s+aucun\s+cas|(?:il\s+est|est|sont)\s+pr[ée]vue?s?\s+(?:de|d['’]|pour|la|le|les|l['’])"
    r"|is\s+prohibited|are\s+prohibited|in\s+accordance\s+with\s+the\s+provisions|as\s+prescribed\s+by"
    r"|(?:is|are)\s+(?:necessary|needed|required\s+to)|needs?\s+(?:strengthening|improving|to\s+be)"
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
    r"^\s*(?:article|art\.)\s*(?:[LRD]\.?\s*)?\d+|(?<=[.:;]\s)(?:article|art\.)\s*(?:[LRD]\.?\s*)?\d+\s*[.:–-]\s|\b(?:recommendation|recommandation)\s*(?:n[°o]\s*)?\d+\s*[:.–-]|\b(?:indicator|indicateur|baseline|valeur\s+de\s+r[ée]f[ée]rence|target|cible)\s*(?:\d[\d.]*\s*)?(?:\([^)]{0,20}\))?\s*[:|]"
    r"|\b(?:results?\s+(?:matrix|framework)|cadre\s+de\s+r[ée]sultats|output|outcome|effet|produit)\s*(?:\d[\d.]*)?\s*[:–|-]",
    _F,
)
# Imperative verbs of action plans and logframes (EN, FR, ES/PT basics)
_ACTION_VERBS = (
    r"(?:strengthen|establish|develop|ensure|provide|promote|improve|expand|support|set\s+up|create|introduce|scale\s+up"
    r"|implement|build|enhance|facilitate|integrate|extend|adopt|design|train|upgrade|increase|reduce"
    r"|eliminate|end|achieve|maintain|sustain|protect|combat|prevent|encourage|enable|formulate|conduct|carry\s+out|mobili[sz]e"
    r"|sensiti[sz]e|organi[sz]e|raise|review|revise|put\s+in\s+place|accelerate|reinforce|institutionali[sz]e|harmoni[sz]e|designate|appoint|recruit"
    r"|renforcer|mettre\s+en\s+(?:place|[œo]e?uvre)|d[ée]velopper|assurer|promouvoir|am[ée]liorer|appuyer|faciliter|cr[ée]er|[ée]laborer"
    r"|accompagner|favoriser|garantir|int[ée]grer|[ée]tendre|instituer|op[ée]rationnaliser|former|[ée]quiper|mobiliser"
    r"|proposer|prendre\s+en\s+(?:compte|charge)|sensibiliser|organiser|r[ée]aliser|apporter|r[ée]duire|lutter|accro[îi]tre|encourager"
    r"|soutenir|r[ée]viser|adopter|poursuivre|valoriser|consolider|moderniser|r[ée]habiliter|construire|doter|g[ée]n[ée]raliser|[ée]largir"
    r"|s['’]approprier|atteindre|porter|offrir|veiller|proc[ée]der|mettre\s+[àa]\s+(?:la\s+)?disposition|d[ée]signer|nommer|recruter"
    r"|fortalecer|establecer|garantizar|promover|apoyar|desenvolver|garantir)"
)
# Nominal action items: "Provision of...", « Renforcement de... », « Construction des... »
_ACTION_NOUNS = (
    r"(?:provision|establishment|strengthening|promotion|expansion|creation|development|introduction|implementation|improvement|extension|scaling\s+up"
    r"|construction|rehabilitation|acquisition|upgrading|recruitment|appointment|training|electrification"
    r"|mise\s+en\s+(?:place|[œo]e?uvre)|renforcement|cr[ée]ation|promotion|d[ée]veloppement|am[ée]lioration|extension|[ée]laboration|institution|appui|accompagnement"
    r"|op[ée]rationnalisation|g[ée]n[ée]ralisation|construction|r[ée]habilitation|am[ée]nagement|acquisition|valorisation|recrutement|vulgarisation|formation|[ée]lectrification)"
)
# Bullet marks of action lists (§ is common in francophone plans)
_BULLET = r"[-–•▪*§●◦➢➤✓\d.)\s]"
# Imperative / nominal action openings typical of action plans and logframes
_ACTION_OPENING = re.compile(
    rf"^(?:{_BULLET}*)(?:d[e'’]\s*)?{_ACTION_VERBS}\b"
    # nominal and "to"-infinitive bullets of action plans: "Provision of...", « Renforcement de... », "To expand..."
    rf"|^(?:{_BULLET}*)(?:to\s+(?:strengthen|establish|develop|ensure|provide|promote|improve|expand|support|create|introduce|build|enhance|facilitate)"
    rf"|{_ACTION_NOUNS}\s+(?:of|de|du|des|d['’]|[àa]|aux?)\b)"
    # gerund and "continue / further" bullets: "- Ensuring timely provision...", "Further strengthen..."
    r"|^(?:[-–•▪*§●◦➢➤✓\d.)\s]*)(?:(?:first|second|third),\s+)?(?:ensuring|building|implementing|strengthening|providing|promoting|developing|improving"
    r"|expanding|establishing|supporting|enhancing|reducing|increasing|introducing|creating|capacity\s+building\s+of"
    rf"|(?:continue|further)\s+(?:to\s+)?(?:\w+ing|{_ACTION_VERBS}))\b"
    # labelled plan items: "Strategy 5.4: Extend...", « Action 3 : Renforcer... »
    r"|^(?:[-–•▪*§●◦➢➤✓\d.)\s]*)(?:strateg(?:y|ie)|action|objective|objectif|measure|mesure|activit(?:y|é)|output|produit|axe|intervention)\s*[\dIVX.]*\s*[:–-]\s*"
    rf"(?:(?:to|de|d['’])\s*)?{_ACTION_VERBS}\b"
# results statements of logframes: "- Increased access to...", "Reduced disposal of..."
    r"|^(?:[-–•▪*§●◦➢➤✓\d.)\s]*)(?:increased|improved|reduced|enhanced|strengthened|expanded)\s+(?:\w+\s+){0,3}?(?:of|to|in|for|by)\b",
    _F,
)
# The same verbs opening an item inside the passage: after a bullet, a semicolon or an
# outline number ("1.5 Eliminate...", "; Renforcer la...", "§ promouvoir...")
_LISTED_ACTION = re.compile(
    rf"(?:[;•▪§●◦➢➤✓]|\s[-–]\s|(?<![\d.,])\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}[.:)]?\s)\s*"
    rf"(?:(?:d[e'’]\s*|to\s+)?{_ACTION_VERBS}\b|{_ACTION_NOUNS}\s+(?:of|de|du|des|d['’])\s)",
    _F,
)
# Items of a flattened action table: a capitalised action noun or verb right after a lower-case
# word or a figure, where a cell boundary was ("... 3 750 ha Formation des agents ...")
_CELL_ITEM = re.compile(
    rf"(?<=[a-zà-ÿ0-9)%»]\s)(?=(?-i:[A-ZÉ]))(?:{_ACTION_NOUNS}\s+(?:of|de|du|des|d['’]|[àa]|aux?)\s|{_ACTION_VERBS}\s)",
    _F,
)
# Role and mandate statements: a named body and what it provides, in the present tense
# ("ANAPEC enables access of returnees to...", « l'Agence accompagne les porteurs de projets »)
_MANDATE_VERBS = (
    r"(?:provides|offers|enables|facilitates|allows|ensures|supports|assists|guarantees|grants|delivers|coordinates|oversees|manages|carries\s+the\s+mandate"
    r"|registers|refers|receives|co-?finances|pairs|reimburses|accompanies|counsels|matches"
    r"|assure|garantit|offre|propose|accompagne|facilite|permet|octroie|d[ée]livre|fournit|appuie|veille|coordonne|met\s+(?:tout\s+)?en\s+(?:[œo]e?uvre|place)"
    r"|re[çc]oit|accueille|oriente|enregistre|inscrit\s+(?:les|des|chaque)|cofinance|remet(?:tent)?|rembourse|h[ée]berge|[ée]labore|r[ée]serve\s+(?:aux|des|leur|les)|consacre"
    r"|(?:sont|est)\s+(?:accueilli|orient[ée]|pris\s+en\s+charge|enregistr[ée])e?s?\s+par)"
)
_MANDATE = re.compile(
    r"(?:\b(?:agency|ministry|office|directorate|department|authority|commission|council|confederation|fund|centre|center|service|government|state"
    r"|programme|program|desk|unit|platform|case\s+(?:worker|manager)s?"
    r"|agence|minist[èe]re|direction|office|gouvernement|[ée]tat|etat|fonds|conf[ée]d[ée]ration|commission|conseil|service|centre"
    r"|programme|guichet|cellule|unit[ée]|plateforme|bureau|gestionnaires?\s+de\s+cas|plan|strat[ée]gie|politique)\b|\b(?-i:[A-Z]{3,})\b)"
    r"(?:\s+\([^)]{1,60}\))?[^.;:]{0,60}?"
    rf"\b{_MANDATE_VERBS}\b",
    _F,
)
# Services described from the beneficiary's side, in the present tense: a procedure a plan or
# law sets ("are met by IOM staff", « sont enregistrés, reçoivent de l'eau », « peut bénéficier »)
_SERVICE_PRESENT = re.compile(
    r"\b(?<!not\s)(?<!rarely\s)(?<!seldom\s)(?:(?:is|are)\s+(?:met|received|registered|screened|referred|escorted|accommodated|housed|accompanied)\s+(?:by|at|to|in)"
    r"|(?:is|are)\s+(?:given|offered|provided\s+with)\s+(?:a|an|the|free|their|up\s+to|\d)|can\s+(?:book|apply\s+for|obtain|request|claim|access)"
    r"|(?:est|sont)\s+(?:enregistr|accueilli|orient|conduit|confi|h[ée]berg|accompagn|transf[ée]r|saisi|suivi)\w*\s+(?:par|au|aux|[àa]|dans|vers|et)"
    r"|re[çc]oi(?:t|vent)\s+(?:un|une|des|de\s+l['’]|de\s+la|du)\s|peu(?:t|vent)\s+(?:b[ée]n[ée]ficier|demander|obtenir|d[ée]cider|solliciter))",
    _F,
)
_NEGATED = re.compile(r"\b(?:ne|n['’]|not|no|rarely|seldom|rarement|jamais|never|peu\s+de|few)\b", _F)
# cheap first test: most passages hold none of the verbs, so the costly pattern is skipped
_MANDATE_VERB = re.compile(rf"\b{_MANDATE_VERBS}\b", _F)
# Target series of results matrices: several yearly percentages in a row ("60% 65% 70% 75%")
# A table row with yearly values ("| 2026: 8,000 | 2028: 20,000 |", « | 2024 : 850 | »)
_YEAR_VALUE_CELL = re.compile(r"\|\s*(?:19|20)\d{2}\s*:\s*[<>≤≥]?\s?\d")
_TARGET_SERIES = re.compile(r"(?:[<>≤≥]?\s?\d[\d.,]*\s?%\s+){3,}[<>≤≥]?\s?\d[\d.,]*\s?%")
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
    r"|aucune?\s+(?:mesure|action|disposition|budget|mention)|none\s+of\s+(?:its|the|these)\s+(?:\w+\s+){0,2}?(?:actions|measures|objectives|provisions|activities)"
    r"|aucune?\s+de\s+(?:ses|ces|leurs)\s+(?:\w+\s+){0,2}?(?:actions|mesures|objectifs|dispositions|activit[ée]s))",
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


# Entries of a list of abbreviations ("PDER : Programme de Développement...", "MTR: Mid-Term Review")
_GLOSSARY_ENTRY = re.compile(r"(?<![\w'’])(?-i:[A-Z][A-Z0-9]{1,}[a-z]?[A-Z0-9]*)\s?:\s(?-i:[A-Z])")


def is_outline_list(text: str) -> bool:
    """A run of numbered labels (a table-of-contents fragment or a budget table's row
    labels) or a list of abbreviations: names headings, states no measure. Numbered
    objectives ("1.5 Eliminate new infections; 1.6 Improve...") are not an outline."""
    if len(_GLOSSARY_ENTRY.findall(text)) >= 3:
        return True
    return len(_OUTLINE_NUMBER.findall(text)) >= 3 and not _LISTED_ACTION.search(text)


def document_part(text: str, section: tuple[str, ...] = ()) -> DocPart:
    """'normative' for objectives, measures, plans, budgets; 'diagnostic' otherwise."""
    if is_outline_list(text):
        return "diagnostic"
    score = 0.0
    strong = [w for w in _NORMATIVE.findall(text) if w.lower() not in _NOT_FUTURE]
    score += 1.5 * min(len(strong), 3)
    score += 0.5 * min(len(_NORMATIVE_NOUN.findall(text)), 2)
    score += 2.0 if _ACTION_OPENING.search(text) else 1.5 if _LISTED_ACTION.search(text) else 0.0
    score += 2.0 if _NORMATIVE_FORM.search(text) else 0.0
    score += 1.5 if _MANDATE_VERB.search(text) and _MANDATE.search(text) else 0.0
    score += 2.0 if text.count("%") >= 4 and _TARGET_SERIES.search(text) else 0.0
    score += 2.0 if text.count("|") >= 2 and _YEAR_VALUE_CELL.search(text) else 0.0
    score += 1.5 if len(_CELL_ITEM.findall(text)) >= 2 else 0.0
    score += 1.5 if _SERVICE_PRESENT.search(text) and not _NEGATED.search(text) else 0.0
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

"""Target-group detection: who is a returnee (core), who is adjacent (refugee returnees,
returning diaspora) and who is excluded (IDPs, ex-combatants, prisoners...).

Pure regular expressions over passage text, EN and FR in depth, ES/PT/AR core terms.
Core terms are built from parts rather than listed phrase by phrase, so that unseen
wording is covered: a person noun ("nationals", "children", « ressortissants », a demonym
such as « Burkinabè ») followed by a return verb ("deported", "who came back",
« rapatriés », « revenus »). A verb that is only migratory in context ("returned",
« rentrés ») needs a migratory complement after a generic noun ("from Libya", "from
abroad", « de l'étranger », « au pays »), which keeps "women returning to work" and
« retour à l'école » out.
Process words (reintegration, réinsertion, readmission, repatriation...) count only with a
migration anchor in the same passage and no sign of another sense (prisoners, profits,
civil servants...) next to them: the traps listed in shared/reference/frameworks.md.
"""

from __future__ import annotations

import re

from analyser.types import TargetMention

_F = re.IGNORECASE | re.UNICODE

# --------------------------------------------------------------------------- building blocks
# Nouns that name migrants by themselves: any return verb after them makes a core returnee.
_MIG_NOUN_EN = (
    r"(?:(?:international|irregular|undocumented|labou?r|female|male|young|former|domestic|low-skilled|overseas)\s+)?"
    r"(?:migrants?(?:\s+workers?)?|migrant\s+(?:domestic\s+)?workers?|overseas\s+(?:\w+\s+)?workers?|OFWs?|expatriate\s+workers?"
    r"|nationals?|citizens|compatriots|emigrants|expatriates|victims?\s+of\s+(?:human\s+)?trafficking|trafficking\s+(?:victims|survivors)"
    r"|trafficked\s+(?:persons|people|women|children)|unaccompanied\s+(?:and\s+separated\s+)?(?:migrant\s+)?(?:minors|children)|UAMs?)"
)
# Demonyms: Ethiopians, Nepalese, Bangladeshis, Somalis
_DEMONYM_EN = r"(?!(?-i:Veterans|Soldiers|Troops|Peacekeepers|Pilgrims|Tourists|Christians|Muslims|Elites|Favourites|Websites)\b)(?-i:[A-Z][a-z]{3,}(?:ans|ese|is|os|ites))"
# Generic person nouns: need an intrinsically migratory verb or a migratory complement.
_GEN_NOUN_EN = (
    r"(?:persons?|people|individuals|child|children|minors?|youths?|young\s+(?:people|men|women)|wom[ae]n|m[ae]n|girls?|boys?|famil(?:y|ies)|households?|someone|anyone|everyone"
    r"|(?:domestic\s+|construction\s+|seasonal\s+)?workers|students|professionals|retirees|pensioners|those"
    r"|labou?rers|seafarers|sailors|fishermen|fishers|housemaids|maids|nurses|drivers|farmers|traders|parents?|breadwinners?"
    r"|" + _DEMONYM_EN + r")"
)
_AUX_EN = r"(?:(?:who|that)\s+)?(?:(?:have|has|had|are|were|is|was|been|being|recently|forcibly|voluntarily|involuntarily|later|now|eventually|subsequently)\s+){0,3}"
_STRONG_VERB_EN = (
    r"(?:deported|repatriated|repatriating|readmitted|evacuated|(?:expelled|removed|forced\s+out)\s+(?:from|of)\s+(?:the\s+)?(?:(?-i:[A-Z])\w+|\w+\s+countries|abroad)"
    r"|forcibly\s+removed|returned\s+under\s+(?:the\s+)?readmission)"
)
_WEAK_VERB_EN = (
    r"(?:(?:returned|returning|coming|come|came|going|gone|sent|brought|flown)\s+home|returned|returning|return|came\s+back|come\s+back|coming\s+back"
    r"|brought\s+(?:back\s+)?home|brought\s+back|sent\s+back|sent\s+home|forced\s+back|flown\s+back|deported\s+back"
    r"|gone\s+back|went\s+back|going\s+back|escorted\s+back|cross(?:ed|ing)?\s+back|resettled)"
)
# Going or coming home/back: migratory after a nationality, or in a passage about migration
_HOME_VERB_EN = r"(?:(?:sent|flown|forced|brought|deported|came|come|coming|going|gone|returned|returning)\s+(?:back|home)|return(?:ed|ing)?\s+to\s+their\s+(?:home\s+)?country)"
_COMPLEMENT_EN = (
    r"(?:[^.;:]{0,60}?(?:\babroad\b|\boverseas\b|\bthe\s+Gulf\b|\bMiddle\s+East\b|\breadmission\b|\bmigration\b|\bcountr(?:y|ies)\s+of\s+(?:destination|employment)"
    r"|\bhome\s+from\b|\bafter\s+(?:years\s+of\s+)?(?:working|living|work)\s+(?:abroad|there|in\s+(?:the\s+)?(?-i:[A-Z]))"
    r"|\bfrom\s+(?:\w+\s+){0,3}?(?:work|employment|jobs?|contracts?)\s+(?:in|abroad|overseas)\b"
    r"|\bunder\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}?(?:voluntary|assisted|return|readmission)\b"
    r"|\bafter\s+(?:\w+\s+){0,2}?years\s+(?:of\s+\w+\s+)?(?:in\s+(?:the\s+)?(?-i:[A-Z])|abroad|overseas))"
    # an origin named by a place only right after the verb: "returned to their villages from Kabul" is internal
    r"|(?:\s+[\w-]+){0,2}?\s+from\s+(?:the\s+)?(?-i:[A-Z])\w+)"
)
_PRE_RETURN_EN = (
    r"(?:awaiting|pending|prior\s+to|before|ahead\s+of|wishing\s+to|willing\s+to|intending\s+to|planning\s+to|considering"
    r"|preparing\s+to|getting\s+ready\s+to|thinking\s+(?:about|of)"
    r"|who\s+(?:wish|intend|want|plan|have\s+decided|decide|choose|opt)\s+to)\s+(?:their\s+)?(?:return|(?:go|come|going|coming)\s+(?:home|back)|returning)"
)
# The same with a home/back verb only, safe after generic nouns ("workers preparing to come home")
_PRE_RETURN_HOME_EN = _PRE_RETURN_EN[: _PRE_RETURN_EN.rindex("(?:their")] + r"(?:(?:go|come|going|coming)\s+(?:home|back)|return(?:ing)?\s+home)"

_MIG_NOUN_FR = (
    r"(?:migrant(?:e|s|es)?|travailleu(?:r|rs|se|ses)\s+migrant(?:e|s|es)?|ressortissant(?:e|s|es)?|compatriotes|citoyen(?:ne)?s|nationaux"
    r"|[ée]migr[ée]e?s|expatri[ée]e?s|aventuriers|harragas?(?:\s*[»”\x22])?|victimes\s+de\s+(?:la\s+)?traite(?:\s+des\s+(?:personnes|[êe]tres\s+humains))?"
    r"|(?:mineure?s?|enfants?)(?:\s+[a-zà-ÿ]+){0,2}?\s+(?:migrants?\s+)?non\s+accompagn[ée]e?s?)"
)
# Capitalised demonyms (Maliens, Sénégalais, Burkinabè, Guinéennes, Béninois...): a nationality
# followed by a return verb names nationals, whatever the country.
_DEMONYM_FR = r"(?-i:[A-ZÉ][a-zà-ÿ]+(?:ais|aises|ois|oises|iens|iennes|ains|aines|éens|éennes|è|ès|ans|anes|ites|ins|ines|ien|ienne|aise|oise|éen|éenne))"
_GEN_NOUN_FR = (
    r"(?:personnes?|populations?|jeunes?|femmes?|hommes?|enfants?|mineurs?|m[ée]nages|familles|retrait[ée]s|filles|gar[çc]ons"
    r"|travailleu(?:r|rs|se|ses)|dipl[ôo]m[ée]s|cadres|marins|p[êe]cheurs|ouvri[eè]re?s|employ[ée]e?s|domestiques|[ée]tudiante?s"
    r"|commer[çc]ante?s|artisans|agriculteurs|infirmi[eè]re?s|m[ée]decins|enseignante?s|chauffeurs|ma[çc]ons|" + _DEMONYM_FR + r")"
)
_ADJ_FR = r"(?:\s+(?:[a-zà-ÿ]+(?:s|es|e|é|ès|en|ain|ais|ois|an))){0,2}?"  # « citoyens moldaves », « Guinéens récemment »
_AUX_FR = (
    r"(?:\s+qui)?(?:\s+(?:ayant\s+[ée]t[ée]|ayant|sont|ont\s+[ée]t[ée]|avaient\s+[ée]t[ée]|avait\s+[ée]t[ée]|a\s+[ée]t[ée]|se\s+sont|[ée]taient|seront|r[ée]cemment"
    r"|volontairement|involontairement|de\s+force|massivement)){0,2}"
)
_STRONG_VERB_FR = (
    r"(?:de\s+retour(?!\s+(?:[àa]\s(?!\s*(?-i:[A-ZÉ]))|aux?\s)(?!pays\b))|rapatri[ée]e?s?|refoul[ée]e?s?|d[ée]port[ée]e?s?|reconduit(?:e|s|es)?\s+[àa]\s+la\s+fronti[èe]re"
    r"|r[ée]admis(?:es?)?|[ée]loign[ée]e?s\s+du\s+territoire|(?:regagn[ée]e?s?|rejoint)\s+(?:le|leur)\s+pays\s+apr[èe]s\s+(?:une\s+|leur\s+|son\s+)?(?:expulsion|refoulement|[ée]loignement|rapatriement)"
    r"|en\s+situation\s+de\s+retour|en\s+instance\s+de\s+retour|revenu(?:e|s|es)?\s+de\s+migration|retourn[ée]e?s\s+de\s+migration)"
)
_WEAK_VERB_FR = (
    r"(?:(?:rentr[ée]e?s?|revenu(?:e|s|es)?|retourn[ée]e?s?|expuls[ée]e?s?|renvoy[ée]e?s?|ramen[ée]e?s?|[ée]vacu[ée]e?s?"
    r"|reconduit(?:e|s|es)?|rentr(?:ent|ant|ants)|revien(?:nent|t)|revenant(?:e|s|es)?|retourn(?:ent|ant|ants)|regagn(?:ent|ant|ants)|regagn[ée]e?s?))"
)
_COMPLEMENT_FR = (
    r"(?:[^.;:]{0,60}?(?:\bde\s+l['’]\s*(?:[ée]tranger|ext[ée]rieur)|\b(?:au|le)\s+pays\b|\bde\s+migration|\bd['’]\s*(?:exil|émigration)"
    r"|\bpays\s+(?:d['’]\s*(?:accueil|emploi|destination)|de\s+destination|du\s+Golfe)"
    r"|\b[àa]\s+l['’]\s*[ée]tranger|\bhors\s+du\s+pays|\bterritoire\s+national|\bmigratoires?\b|\baventure\b)"
    # a place of origin only right after the verb: « retournés dans leurs villages du Centre-Nord » is internal
    r"|(?:\s+[\w'’-]+){0,2}?\s+(?:de|du|des|d['’]|depuis|vers)\s*(?:la\s+|le\s+|l['’]\s*|les\s+)?(?-i:[A-ZÉ])\w+)"
)
_PRE_RETURN_FR = (
    r"(?:candidat(?:e|s|es)?\s+au\s+retour|en\s+instance\s+de\s+retour|avant\s+(?:leur|son)\s+(?:retour|rapatriement)"
    r"|dont\s+le\s+retour\s+est\s+(?:programm|pr[ée]vu|organis|envisag|annonc)\w*"
    r"|(?:qui\s+)?(?:souhait\w*|d[ée]sir\w*|envisag\w*|d[ée]cid\w*|pr[ée]par\w*|choisi\w*)\s+(?:de\s+|[àa]\s+)?(?:rentrer|revenir|retourner|regagner|leur\s+retour|un\s+retour))"
)

# --- core returnee terms: count on their own (unless an adjacent/excluded cue sits right next to them)
_CORE = re.compile(
    r"\b(?:"
    # English: fixed terms
    r"returnees?|re-?turnees?|return\s+migra(?:nts?|tion)|deportees?|forcibly\s+returned|(?:forced|enforced|involuntary)\s+returns?"
    r"|" + _MIG_NOUN_EN + r"[^.;:]{0,40}?\b(?:up)?on\s+(?:their\s+)?return\b|" + _MIG_NOUN_EN + r"[^.;:]{0,40}?\b(?:after|following)\s+their\s+return\b"
    r"|assisted\s+voluntary\s+returns?|AVRR?|voluntary\s+return\s+and\s+reintegration|return\s+and\s+reintegration|post-?return"
    r"|migrant\s+returnees?|(?:former|ex-)\s*(?:international\s+|labou?r\s+)?migrants?(?:\s+workers?)?|returning\s+(?:home\s+)?(?:overseas\s+)?(?:nationals?|citizens|OFWs?)|deportations?"
    r"|(?:forced\s+|voluntary\s+|assisted\s+)?returns?\s+(?:of\s+(?:\w+\s+){0,2}?(?:nationals|citizens|migrants|(?-i:[A-Z][a-z]+(?:ans|ese|is|os)))"
    r"|from\s+(?:the\s+)?(?!(?-i:(?:Primary|Secondary|Tertiary|Higher|Treasury|Investment|Education|Capital)))(?-i:[A-Z])\w+)"
    # English: return adjective before a noun (returned migrant workers, readmitted Albanian nationals, returning families);
    # 'returning' alone is too common before generic nouns (returning students, returning officers)
    r"|(?:repatriated|deported|readmitted|evacuated)\s+(?:[\w-]+\s+){0,2}?(?:" + _MIG_NOUN_EN + r"|" + _GEN_NOUN_EN + r")"
    r"|(?:returned|returning)\s+(?:[\w-]+\s+){0,2}?(?:" + _MIG_NOUN_EN + r"|families|households|persons|people|workers)"
    r"|stranded\s+(?:nationals|citizens|compatriots)|(?:evacuations?|repatriations?)\s+of\s+(?:\w+\s+){0,2}?(?:migrants|nationals|citizens|compatriots)"
    r"|[ée]vacuations?\s+(?:de|des)\s+(?:\w+\s+){0,2}?(?:migrants|ressortissants|compatriotes)"
    # English: noun + return verb (nationals returned from Italy, migrant workers who have returned)
    r"|" + _MIG_NOUN_EN + r"\s+(?:(?:abroad|overseas|(?:living|residing|working|based)\s+abroad)\s+)?" + _AUX_EN + r"(?:" + _STRONG_VERB_EN + r"|" + _WEAK_VERB_EN + r")"
    r"|" + _MIG_NOUN_EN + r"\s+(?:(?:abroad|overseas|(?:living|residing|working|based)\s+abroad|in\s+(?:the\s+)?[\w\s]{0,25}?)\s+)?(?:who\s+are\s+)?" + _PRE_RETURN_EN +
    r"|" + _GEN_NOUN_EN + r"\s+" + _AUX_EN + _STRONG_VERB_EN +
    r"|" + _GEN_NOUN_EN + r"\s+" + _AUX_EN + _WEAK_VERB_EN + _COMPLEMENT_EN +
    r"|(?:removal|deportation|readmission)\s+flights?"
    r"|(?:nationals|citizens|migrants|persons)\s+(?:\w+\s+){0,8}?awaiting\s+return"
    r"|re-?migrants?|evacuation\s+flights?|(?:removal|deportation)\s+of\s+(?:our\s+)?(?:nationals|citizens)"
    r"|(?:involuntarily\s+|forcibly\s+)?(?:returned|returning|deported|repatriated)\s+" + _DEMONYM_EN +
    r"|whose\s+(?:\w+\s+){0,2}?(?:was|were|has\s+been|had\s+been)\s+(?:deported|repatriated|expelled|removed)"
    r"|\bwho\s+(?:had\s+|have\s+|has\s+)?(?:worked|lived)\s+[^.;]{0,60}?\band\s+(?:have\s+|has\s+|had\s+)?(?:since\s+)?(?:came|come|returned|gone|went)(?:\s+(?:back|home))?\b"
    r"|flew\s+(?:\w+\s+){0,4}?(?:" + _DEMONYM_EN + r"|nationals|migrants|citizens)\s+(?:back|home)"
    # French: fixed terms
    r"|(?:aide|assistance|programmes?)\s+(?:au|de)\s+retour\s+volontaire|retour\s+volontaire(?:\s+et\s+(?:à\s+la\s+)?r[ée]int[ée]gration)?|ARVR|AVRR"
    r"|migration\s+de\s+retour|retour\s+de\s+migration|post-?retour|retour\s+et\s+(?:de\s+)?(?:la\s+)?r[ée]int[ée]gration"
    r"|retours?\s+(?:et\s+(?:de\s+)?(?:la\s+)?r[ée]int[ée]gration\s+)?(?:des|de)\s+(?:migrants?|ressortissants|compatriotes|expatri[ée]s|[ée]migr[ée]s)"
    r"|plan\s+national\s+(?:pour\s+le|de|du)\s+retour|retourn[ée]s?\s+(?:de\s+l['’]\s*[ée]tranger|migrants?)"
    r"|anciens?\s+(?:travailleurs\s+)?migrant(?:e|s|es)?|anciennes?\s+migrantes?|ex-?migrant(?:e|s|es)?|personnes?\s+retourn[ée]e?s|personnes?\s+de\s+retour|retours?\s+(?:forc[ée]s?|contraints?|involontaires?)"
    r"|expulsions?\s+(?:de|des)\s+(?:\w+\s+){0,2}?(?:migrants|ressortissants|nationaux|compatriotes)"
    r"|projets?\s+de\s+retour(?!\s+(?:[àa]|aux?)\s)|" + _MIG_NOUN_FR + r"[^.;:]{0,40}?\b(?:[àa]|d[èe]s|apr[èe]s)\s+leur\s+retour\b"
    # French: bare nouns in the migrant sense (les rapatriés, des refoulés, aux expulsés)
    r"|(?:les|des|aux|de|du|nombreux|certains|ces|\d[\d\s.,]*)\s+(?:[«“\x22]\s*)?(?:rapatri[ée]e?s|retourn[ée]e?s|refoul[ée]e?s|expuls[ée]e?s(?!\s+de\s+(?:leurs?|son|sa|ses)\s))"
    # French: noun + return verb
    r"|" + _MIG_NOUN_FR + _ADJ_FR + _AUX_FR + r"\s+(?:" + _STRONG_VERB_FR + r"|" + _WEAK_VERB_FR + r")"
    r"|" + _MIG_NOUN_FR + r"\s+(?:[\w'’-]+\s+){0,4}?" + _PRE_RETURN_FR +
    r"|" + _DEMONYM_FR + r"\s+(?:[\w'’-]+\s+){0,4}?" + _PRE_RETURN_FR +
    r"|" + _GEN_NOUN_FR + _ADJ_FR + _AUX_FR + r"\s+" + _STRONG_VERB_FR +
    r"|" + _GEN_NOUN_FR + _ADJ_FR + _AUX_FR + r"\s+" + _WEAK_VERB_FR + _COMPLEMENT_FR +
    r"|\b(?:rentr[ée]s|revenus)\s+(?:de\s+l['’]\s*(?:[ée]tranger|ext[ée]rieur)|au\s+pays)"
    # feminine participles are never income: « employées de maison revenues du Liban »
    r"|\brevenues?\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’]\s*)?(?-i:[A-ZÉ])\w+"
    r"|apr[èe]s\s+avoir\s+[ée]t[ée]\s+(?:expuls|refoul|rapatri|renvoy|reconduit|d[ée]port)\w*"
    r"|(?:ceux|celles)\s+qui[^.;]{0,80}?(?:ont\s+[ée]t[ée]|sont)\s+(?:reconduit|expuls|refoul|rapatri|renvoy|d[ée]port)\w*"
    r"|(?:regagn\w+|rentr\w+|revenir)\s+(?:\w+\s+){0,2}?(?:au|le|leur)\s+pays\s+depuis\s+(?:la\s+|le\s+|l['’]\s*)?(?-i:[A-ZÉ])\w+"
    r"|(?:voient|voit|ont\s+vu|a\s+vu|verront)\s+revenir\b"
    # one returnee: « chaque rapatrié de Libye »
    r"|(?:chaque|tout|toute|un|une|le|la)\s+(?:[«“\x22]\s*)?(?:rapatri[ée]e?|refoul[ée]e?)(?=\s+(?:de|du|des|d['’]|par|en|qui|est|a)\b)"
    # whoever 'returned from <place>' is a person: « soudeurs et carreleurs rentrés d'Italie », "welders who came back from Italy"
    r"|\bwho\s+(?:have\s+|has\s+|had\s+)?(?:recently\s+)?(?:returned|came\s+back|come\s+back|were\s+(?:deported|repatriated|sent\s+back|forced\s+back|expelled))\s+(?:home\s+)?from\s+(?:the\s+)?(?-i:[A-Z])\w+"
    r"|\b(?:rentr[ée]e?s|qui\s+(?:sont|ont\s+[ée]t[ée])\s+(?:rentr[ée]e?s|revenu(?:e|s|es)))\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’]\s*)?(?-i:[A-ZÉ])\w+"
    r"|(?:since|after|upon|on|following)\s+(?:their|his|her)\s+return\s+from\s+(?:the\s+)?(?-i:[A-Z])\w+"
    r"|(?:depuis|apr[èe]s|d[èe]s)\s+(?:leur|son)\s+retour\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’]\s*)?(?-i:[A-ZÉ])\w+"
    r"|(?:flights?|charters?|convoys?)\s+(?:\w+\s+){0,2}?(?:bringing|carrying|flying)\s+(?:\w+\s+){0,2}?(?:back|home)"
    r"|(?:vols?|charters?|convois?|avions?)\s+(?:\w+\s+){0,2}?(?:ramenant|rapatriant)\s+(?:des|les)\s+"
    r"|(?:les|des|aux)\s+revenants\b"
    # Spanish / Portuguese
    r"|(?:personas|poblaci[óo]n|migrantes|trabajadores|connacionales|ni[ñn]os|ni[ñn]as|mujeres|j[óo]venes)\s+(?:migrantes\s+)?(?:retornad[oa]s?|repatriad[oa]s?|deportad[oa]s?)"
    r"|retornad[oa]s|repatriad[oa]s|deportad[oa]s|retorno\s+voluntario|migraci[óo]n\s+de\s+retorno"
    r"|migrantes\s+retornados|regressados|retorno\s+volunt[áa]rio|migra[çc][ãa]o\s+de\s+retorno"
    r")\b",
    _F,
)
# Every core term contains one of these stems: passages without any skip the costly _CORE scan.
_TRIGGER = re.compile(
    r"former|ancien|ex-|return|retour|retourn|rentr|revenu|revien|revenant|regagn|rapatri|repatri|deport|expuls|refoul|reconduit|readmi|r[ée]admi|removed|evacuat"
    r"|d[ée]port|renvoy|[ée]vacu|ramen|removal|remigra|forced\s+out|resettled|revenir"
    r"|stranded|expel|home|back|AVRR?|ARVR|[ée]loign|retorn|regress|العائد|العودة",
    _F,
)
# Costly alternatives that start on any person noun or nationality: run only when the passage
# holds the words they end on (most passages do not), which keeps the scan near its old cost.
_GATED = tuple(
    (re.compile(gate, _F), re.compile(r"\b(?:" + body + r")\b", _F))
    for gate, body in (
        (r"\b(?:sent|flown|forced|brought|deported|escorted)\s+(?:back|home)\b",
         _DEMONYM_EN + r"\s+" + _AUX_EN + r"(?:sent|flown|forced|brought|deported)\s+(?:back|home)"
         r"|" + _GEN_NOUN_EN + r"\s+" + _AUX_EN + r"(?:sent|flown|escorted|forced|deported)\s+back\s+to\s+(?:the\s+)?(?-i:[A-Z])\w+"),
        (r"\band\s+(?:flown|brought|sent|repatriated|deported|evacuated)\b",
         _DEMONYM_EN + r"[^.;:]{0,60}?\band\s+(?:flown|brought|sent|repatriated|deported)\s+(?:home|back)\b"
         r"|(?:" + _MIG_NOUN_EN + r"|" + _GEN_NOUN_EN + r")[^.;:]{0,60}?\band\s+(?:repatriated|deported|evacuated|(?:flown|brought|sent)\s+(?:home|back))\b"),
        (r"\b(?:a|each|per|every)\s+year\b", _GEN_NOUN_EN + r"\s+(?:a|each|per|every)\s+year\s+" + _AUX_EN + _STRONG_VERB_EN),
        # 'back from' as an adjective: "workers back from the Gulf", "women back from domestic work in Lebanon"
        (r"\bback\s+from\b",
         r"(?:" + _MIG_NOUN_EN + r"|" + _GEN_NOUN_EN + r"|\w+(?:ers|ors|ists|ants))\s+(?:who\s+are\s+|now\s+)?back\s+from\s+(?:the\s+)?"
         r"(?:(?-i:[A-Z])\w+|abroad|overseas|(?:\w+\s+)?(?:work|employment|jobs?)\s+(?:in|abroad))"),
        (r"\b(?:go|come|going|coming)\s+(?:home|back)\b|\breturn(?:ing)?\s+home\b",
         r"(?:" + _MIG_NOUN_EN + r"|" + _GEN_NOUN_EN + r")\s+(?:[\w-]+\s+){0,6}?(?:who\s+are\s+)?" + _PRE_RETURN_HOME_EN),
        # a nationality expelled or escorted back: « les Nigériens expulsés », « Comoriens interpellés à Mayotte sont renvoyés »
        (r"expuls|reconduit|renvoy", _DEMONYM_FR + r"(?:\s+[\w'’-]+){0,4}?" + _AUX_FR + r"\s+(?:expuls[ée]e?s|reconduit(?:e|s|es)|renvoy[ée]e?s)"),
        (r"avant\s+(?:leur|son)\s+rapatriement", _GEN_NOUN_FR + _ADJ_FR + r"\s+(?:[\w'’-]+\s+){0,3}?avant\s+(?:leur|son)\s+rapatriement"),
    )
)
# Arabic core terms (no \b: Arabic script word boundaries differ)
_CORE_AR = re.compile(r"(?:المهاجر(?:ون|ين)\s+العائد(?:ون|ين)|العائدين|العائدون|العودة\s+الطوعية)")

# A core term that names migration itself is never recast by a nearby refugee or excluded
# word (w-en-106: returnees contrasted with the DDR programme); generic ones are.
_EXPLICIT = re.compile(
    r"migra|[ée]migr|deport|expuls|refoul|traffick|traite|AVRR|ARVR|abroad|overseas|[ée]tranger|ext[ée]rieur|readmi|r[ée]admi"
    r"|voluntary\s+return|retour\s+volontaire|OFW|Gulf|Golfe|(?-i:[A-Z])\w+(?:an|ese|i)\s+nationals",
    _F,
)

# --- process words: need a migration anchor nearby
_PROCESS = re.compile(
    r"\b(?:r[ée]-?int[ée]gration|reintegrat\w+|r[ée]insertion|reinsertion|r[ée]admissions?|readmissions?"
    r"|repatriations?|rapatriements?|repatriaci[óo]n|reintegraci[óo]n|reintegra[çc][ãa]o|retour)\b",
    _F,
)
_ANCHOR = re.compile(
    r"\b(?:migra\w*|[ée]migr\w*|immigr\w*|diaspora\w*|abroad|overseas|[àa]\s+l['’]\s*[ée]tranger|de\s+l['’]\s*ext[ée]rieur"
    r"|expatri\w*|returnees?|traffick\w*|traite\s+des\s+(?:personnes|[êe]tres\s+humains)|OIM|IOM|AVRR|ARVR"
    r"|readmission|r[ée]admission|deport\w*|pays\s+(?:d['’]\s*accueil|de\s+destination|de\s+transit)|countries\s+of\s+destination|host\s+countries)\b",
    _F,
)

# --- adjacent groups: reported separately, never as core returnees
_ADJACENT = re.compile(
    r"\b(?:refugee\s+returnees?|returning\s+refugees|returnee\s+refugees|returned\s+refugees"
    r"|(?:former\s+)?refugees?\s+(?:[\w-]+\s+){0,6}?(?:who\s+)?(?:have\s+|had\s+|are\s+|were\s+)?(?:return\w*|repatriat\w*|com(?:e|ing)\s+back|g(?:one|o|oing)\s+(?:back|home)|went\s+(?:back|home))"
    r"|(?:repatriated|returned|returning)\s+(?:[\w-]+\s+){0,2}?refugees"
    r"|(?:voluntary\s+)?repatriation\s+of\s+(?:\w+\s+){0,3}refugees|return\s+(?:and\s+reintegration\s+)?of\s+(?:\w+\s+){0,2}refugees"
    r"|returning\s+diaspora|diaspora\s+returnees?|return\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}diaspora|diaspora\s+return\w*"
    r"|diaspora\s+(?:[\w-]+\s+){0,4}?(?:who|that)\s+(?:\w+\s+){0,3}?(?:return|relocate|(?:re)?settle\s+(?:back|permanently|in\s+the\s+country)|come\s+back|move\s+back)"
    r"|r[ée]fugi[ée]s\s+(?:[a-zà-ÿ]+\s+){0,2}?(?:(?:sont|ont\s+[ée]t[ée]|qui\s+sont)\s+)?(?:rapatri[ée]s|de\s+retour|retourn[ée]s|rentr[ée]s|revenus)|rapatriement\s+(?:volontaire\s+)?des\s+(?:\w+\s+){0,2}r[ée]fugi[ée]s"
    r"|retour\s+(?:volontaire\s+)?des\s+r[ée]fugi[ée]s|retour\s+de\s+la\s+diaspora|diaspora\s+de\s+retour|retour\s+des\s+(?:talents|comp[ée]tences|cerveaux)"
    r"|diaspora\s+(?:[\w'’-]+\s+){0,3}?qui\s+(?:se\s+)?(?:r[ée]installent|regagnent|reviennent|rentrent|retournent|r[ée]tablissent|[ée]tablissent\s+au\s+pays)"
    r"|refugee\s+returns?|(?:voluntary|facilitated|organi[sz]ed)\s+repatriation(?!\s+of\s+(?:\w+\s+){0,2}(?:migrants|nationals|victims|workers|children|minors))"
    r"|rapatriement\s+(?:volontaire|librement\s+consenti)(?!\s+(?:des|de)\s+(?:\w+\s+){0,2}(?:migrants|ressortissants|victimes|travailleurs|enfants|mineurs))"
    r"|return\s+of\s+(?:the\s+)?(?:skilled|qualified|highly\s+skilled)\s+(?:\w+\s+)?(?:nationals|professionals|expatriates|" + _DEMONYM_EN + r")"
    r"|diaspora[^.;:]{0,60}?\b(?:to\s+return|returning|come\s+back|coming\s+back|settle\s+back|relocat\w+\s+(?:back|home|to\s+the\s+country))"
    r"|(?:diaspora|(?-i:[A-Z])\w+\s+de\s+l['’]\s*ext[ée]rieur)[^.;:]{0,60}?\b(?:revenir|rentrer|retourner|regagner|regagnent|reviennent|rentrent|retournent|revenus?\s+s['’]\s*installer|se\s+r[ée]installer|s['’]\s*installer\s+au\s+pays|(?:leur|son)\s+retour|retour\s+au\s+pays)"
    r"|(?:retour|revenir|rentrer|retourner|regagner)\s+(?:\w+\s+){0,3}?(?:de\s+la\s+diaspora|des\s+(?-i:[A-Z])\w+\s+de\s+l['’]\s*ext[ée]rieur)"
    r"|(?:coming|came|come|returning|returned|going)\s+(?:back|home)\s+from\s+temporary\s+protection|retour\w*\s+de\s+(?:la\s+)?protection\s+temporaire"
    r"|refugiados\s+retornados|retorno\s+de\s+(?:la\s+)?di[áa]spora)\b",
    _F,
)
# Cues that a nearby 'returnee' / 'rapatrié' is in a displacement or refugee sense
_DISPLACEMENT = re.compile(
    r"\b(?:refugees?|r[ée]fugi[ée]e?s?|refugiados?|temporary\s+protection|protection\s+temporaire|asylum|UNHCR|HCR|ACNUR|pays\s+d['’]asile|country\s+of\s+asylum|tripartite|camps?)\b",
    _F,
)
_EXCLUDED = re.compile(
    r"\b(?:internally\s+displaced|IDPs?|displaced\s+(?:persons|people|households|families)|d[ée]plac[ée]e?s(?:\s+internes)?|PDIs?"
    r"|ex-?combatants?|former\s+(?:combatants|fighters)|child\s+soldiers|DDR|disarmament|d[ée]mobilis[ée]s|ex-?combattants?|d[ée]sarmement"
    r"|prisoners?|prisons?|inmates|offenders|d[ée]tenus|prisonniers|incarc[ée]r\w*|ex-?d[ée]tenus|sortants\s+de\s+prison"
    r"|foreign\s+(?:terrorist\s+)?fighters|combattants\s+terroristes\s+[ée]trangers|(?:rejoint|combattu\s+dans)\s+des\s+groupes\s+arm[ée]s"
    r"|(?:joined|fought\s+with)\s+(?:\w+\s+)?armed\s+groups|djihadistes|jihadists"
    r"|counter-?terror\w*|contre-?terror\w*|disengagement|d[ée]radicalis\w*|deradicali[sz]\w*|zones?\s+de\s+combat|combat\s+zones?"
    r"|services?\s+de\s+renseignement|d[ée]placement\s+(?:[àa]\s+l['’]\s*int[ée]rieur|interne)|displacement\s+within"
    r"|correctional|custodial|terrorist\s+groups?|groupes?\s+terroristes|foreign\s+nationals|non-?citizens"
    r"|ressortissants\s+[ée]trangers|[ée]trangers\s+en\s+situation\s+irr[ée]guli[èe]re)\b",
    _F,
)
# Other senses of process words: profits, bodies, staff reinstatement, drop-outs, dismissed workers
_OTHER_SENSE = re.compile(
    r"\b(?:profits?|dividends?|capital|earnings|revenues?|proceeds|b[ée]n[ée]fices|capitaux|dividendes|devises|recettes"
    r"|corps|d[ée]pouilles?|remains|body|bodies|magistrats?|fonctionnaires?|agents?\s+(?:de\s+l['’][ée]tat|publics?)"
    r"|civil\s+servants?|staff|employ[ée]s?\s+licenci[ée]s|licenci[ée]s|dismissed|d[ée]scolaris[ée]s|drop-?outs?"
    r"|toxicomanes|drug\s+users|returns\s+to|rate\s+of\s+return|return\s+on|(?:à|a)\s+l['’]\s*emploi|[àa]\s+l['’]\s*[ée]cole|[àa]\s+la\s+terre"
    r"|to\s+(?:work|school)|to\s+the\s+land|taux\s+de\s+r[ée]admission|readmission\s+rates?|patients?|h[ôo]pital|hospitals?|CHU)\b",
    _F,
)
_WINDOW = 80
_OUTWARD = re.compile(
    r"\b(?:foreign\s+nationals|non-?citizens|ressortissants\s+[ée]trangers|[ée]trangers\s+en\s+situation\s+irr[ée]guli[èe]re"
    r")\b",
    _F,
)
# rejected asylum seekers who go home are return migrants (AVR), not refugee returnees
_REJECTED_ASYLUM = re.compile(r"\b(?:rejected\s+asylum|asylum\s+(?:claims?|applications?)\s+(?:was\s+|were\s+)?rejected|failed\s+asylum|d[ée]bout[ée]e?s)", _F)
_RETURN_NOUN = re.compile(r"(?:forced\s+|voluntary\s+|assisted\s+)?returns?\s+(?:of|from)\b", _F)
_FINANCE = re.compile(
    r"\b(?:profits?|dividends?|earnings|revenues?|proceeds|investments?|bonds?|securities|yields?|equity|assets|portfolios?|interest\s+rates?"
    r"|b[ée]n[ée]fices|dividendes|recettes|placements|rendements?)\b",
    _F,
)
_BARE = re.compile(r"(?:les|des|aux|de|du|nombreux|certains|ces|chaque|tout|toute|un|une|le|la|\d[\d\s.,]*)\s+(?:[«“\x22]\s*)?(?:rapatri|retourn|refoul|expuls)", _F)
_PROCESS_WINDOW = 60

# A returnee term near 'refugees' stays core only if migrants are named explicitly too.
_RETURN_WORD = re.compile(r"\b(?:return(?:s|ed|ing)?|retours?)\b(?!\s+(?:to|on|[àa]\s+l['’]\s*(?:emploi|[ée]cole)|[àa]\s+la\s+terre|au\s+travail))", _F)
_ANCHOR_STRICT = re.compile(r"\b(?:migrants?|migrant\s+workers|travailleurs\s+migrants|AVRR|ARVR|IOM|OIM)\b", _F)
# Generic people going or coming home/back: migratory only in a passage about migration
# ("workers coming home" under a labour migration policy; "people who came back" after "stays abroad")
_HOME_BACK = re.compile(
    r"\b(?:(?:on|upon)\s+(?:their\s+|his\s+|her\s+)?arrival\s+(?:back\s+)?home|" + _GEN_NOUN_EN + r"\s+" + _AUX_EN + _HOME_VERB_EN
    + r"|" + _GEN_NOUN_FR + _ADJ_FR + _AUX_FR + r"\s+(?:rentr[ée]e?s?|revenu(?:e|s|es)?)\s+(?:au\s+pays|chez\s+eux|chez\s+elles))\b",
    _F,
)
_RETOUR_MIGRANT = re.compile(r"\bretour\w*\s+(?:\w+\s+){0,3}(?:migrants?|ressortissants|compatriotes|[ée]migr[ée]s|expatri[ée]s|diaspora)\b", _F)


def find_mentions(text: str) -> tuple[TargetMention, ...]:
    """All target-group mentions in a passage, classified core / adjacent / excluded."""
    mentions: list[TargetMention] = []
    adjacent_spans = [m.span() for m in _ADJACENT.finditer(text)]
    for s, e in adjacent_spans:
        mentions.append(TargetMention(group="adjacent", term=text[s:e], start=s, end=e))

    def inside_adjacent(s: int, e: int) -> bool:
        return any(a <= s < b or a < e <= b for a, b in adjacent_spans)

    core = list(_CORE.finditer(text)) + list(_CORE_AR.finditer(text)) if _TRIGGER.search(text) else []
    if core or _TRIGGER.search(text):
        taken = [m.span() for m in core]
        for gate, rx in _GATED:
            if gate.search(text):
                core += [m for m in rx.finditer(text) if not any(a < m.end() and m.start() < b for a, b in taken)]
        core.sort(key=lambda m: m.start())
    for m in core:
        s, e = m.span()
        if inside_adjacent(s, e):
            continue
        term = m.group(0)
        # bare « rapatriés » / « retournés » take their sense from the whole passage
        near = text if _BARE.match(term) else text[max(0, s - _WINDOW) : e + _WINDOW]
        if _RETURN_NOUN.match(term) and _FINANCE.search(near):
            continue  # "returns from Treasury bonds": income, not people
        if _OUTWARD.search(near) or (term.lower().startswith(("deportation", "expulsion")) and _OUTWARD.search(text)):
            continue  # foreigners removed from this country, not nationals coming back
        if _EXPLICIT.search(term) and not _EXCLUDED.search(term):
            group = "core"
        elif _EXCLUDED.search(text[max(0, s - _WINDOW) : e + 2 * _WINDOW] if near is not text else text):
            # the group is often described after the term (« personnes retournées ... après des mois de
            # déplacement à l'intérieur du pays »): look further ahead than behind
            group = "excluded"
        elif _DISPLACEMENT.search(near) and not _ANCHOR_STRICT.search(near) and not _REJECTED_ASYLUM.search(near):
            group = "adjacent"
        else:
            group = "core"
        mentions.append(TargetMention(group=group, term=term, start=s, end=e))  # type: ignore[arg-type]
    if not any(x.group == "core" for x in mentions) and _ANCHOR.search(text) and not _EXCLUDED.search(text):
        for m in _HOME_BACK.finditer(text):
            s, e = m.span()
            if not inside_adjacent(s, e) and not _DISPLACEMENT.search(text[max(0, s - _WINDOW) : e + _WINDOW]):
                mentions.append(TargetMention(group="core", term=m.group(0), start=s, end=e))
    if not any(x.group == "core" for x in mentions) and (_ANCHOR.search(text) or _RETURN_WORD.search(text)):
        for m in _PROCESS.finditer(text):
            s, e = m.span()
            near = text[max(0, s - _PROCESS_WINDOW) : e + _PROCESS_WINDOW]
            # an excluded group anywhere in the passage gives its process words their sense (DDR réinsertion)
            if inside_adjacent(s, e) or _OTHER_SENSE.search(near) or _EXCLUDED.search(text):
                continue
            if m.group(0).lower().startswith(("repatriat", "rapatri")) and _FINANCE.search(text):
                continue  # "dividends ... transferred abroad; such repatriation": money, not people
            if m.group(0).lower() == "retour" and not _RETOUR_MIGRANT.search(text):
                continue  # 'retour' alone is too common; needs migrants/ressortissants next to it
            mentions.append(TargetMention(group="core", term=m.group(0), start=s, end=e))
    return tuple(sorted(mentions, key=lambda x: x.start))


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

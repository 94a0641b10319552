"""Normative vs diagnostic on the forms that decide targeted vs context: French future
tenses, legal provisions, results rows, recommendations, mandates, and diagnostic text that
names measures (what a plan lacks, timelines, ended projects). Sentences written for tests."""

from __future__ import annotations

import pytest

from analyser.cues import document_part

NORMATIVE = [
    "Les migrants de retour auront accès aux centres intégrés de prise en charge.",
    "Chaque personne de retour se verra désigner un gestionnaire de cas.",
    "Les rapatriés recevront une attestation provisoire dès leur arrivée.",
    "Les compatriotes rentrés pourront faire valider leurs acquis à partir de 2025.",
    "Il est créé au budget du ministère une ligne dotée de 800 millions FCFA.",
    "Article 21. Le travailleur migrant de retour bénéficie de plein droit de l'assistance judiciaire.",
    "Recommandation n° 4 : l'Institut devrait intégrer un module sur la migration de retour dans l'enquête ménages.",
    "Indicator 4.2: number of returnees placed in jobs. Baseline (2023): 0. Target (2028): 2,500.",
    "Returning overseas workers remain entitled to the fund's disability benefits.",
    "The fund will finance returnee projects; its resources are estimated at USD 15 million.",
    "The Bureau of Statistics will add a return module to the 2027 labour force survey.",
    "The Directorate of Consular Affairs is responsible for the reception of returnees.",
    # forms of real plans found while measuring the part on real passages (written here, not quoted)
    "3.1 Reduce maternal mortality in rural districts; 3.2 Expand immunisation to all health centres; 3.3 Improve referral care.",
    "§ faciliter l'accès des jeunes au crédit ; § sensibiliser les communes sur les dispositifs existants.",
    "- Increased access to safe water for households in the poorest communities",
    "- Ensuring timely delivery of food rations to flood-affected households in the northern provinces.",
    "Article L.88. Les frais médicaux du travailleur accidenté sont à la charge de l'employeur.",
    "L'objectif est de porter le taux d'accès à l'électricité rurale à 60 % en 2030.",
    "The National Employment Agency offers returnees access to job-matching services in every region.",
    "Share of facilities with trained staff 40% 55% 70% 85% 95%",
    "I advised the Accounting Officer to recover the unspent balance from the contractor.",
    "- de favoriser l'insertion professionnelle des jeunes diplômés ;",
    "The reception desk at the port registers each returnee and refers families with children to the social welfare office.",
    "Dans chaque région, le guichet reçoit les migrants de retour et les oriente vers les services de l'emploi.",
    "Strategy 2.3: Extend free antenatal care to all district hospitals in the eastern region.",
    # flattened results rows, present-tense procedures, legal articles inside a passage, action tables
    "Output 1.4 | Households enrolled in the health insurance scheme | baseline 5,000 | 2027: 40,000 | Ministry of Health",
    "Indicateur 2.1.3 | Nombre de jeunes installés | 2023 : 300 | 2027 : 2 000 | Agence de l'emploi",
    "On arrival at the port, deportees are met by social workers and given a hot meal and a phone card.",
    "À l'aéroport, les rapatriés sont enregistrés par la police des frontières puis reçoivent une trousse d'hygiène.",
    "Les délais de recours sont de deux mois. Article L.45. Le juge statue en premier ressort sur les litiges individuels.",
    "12 000 ha Formation des producteurs aux techniques culturales 300 sessions Appui à la commercialisation des récoltes",
    "• Désigner dans chaque région un point focal chargé de l'accueil des migrants de retour.",
    "Chaque personne revenue du Niger est suivie par le même conseiller pendant un an.",
    "Chaque bureau régional inscrit les migrants de retour dans le registre et les oriente vers les services.",
    "Le plan régional réserve aux familles expulsées des parcelles à bâtir dans chaque chef-lieu.",
    "Une ligne budgétaire de 85 millions est inscrite au budget du ministère pour l'accompagnement des rapatriés.",
    "A line of USD 2 million is provided in the 2027 budget for the reintegration of returnees.",
]

DIAGNOSTIC = [
    "The 2019-2023 plan mentions return migration only in its situation analysis and contains no measure for returnees.",
    "Le Plan national ne mentionne les migrants de retour que dans son diagnostic et ne prévoit aucune action.",
    "Les interventions en faveur des migrants de retour restent dispersées, sans cadre de coordination.",
    "Peu de structures de santé sont en mesure de prendre en charge les traumatismes des migrants de retour.",
    "Entre 2017 et 2020, le projet pilote a financé les microprojets de 1 200 migrants de retour.",
    "2016: the government adopted the national migration policy and signed a readmission agreement.",
    "Les expulsés sont souvent considérés comme des aventuriers ratés.",
    "The evacuation of stranded migrants from Libya in 2017 brought home more than 9,000 people.",
    # numbered headings of a table of contents are still an outline, not a list of actions
    "2.1 Context 4 2.2 Health sector 6 2.3 Education sector 9 2.4 Social protection 12",
    "Ministry staff were trained in 2018, but the agency offered few services after the project ended.",
    "The 2020 labour migration strategy covers departures and remittances, but none of its 52 actions concerns returnees.",
    "Les migrants de retour ne reçoivent pas de suivi après la remise du kit.",
    # a list of abbreviations names programmes ("Appui à...", "Promotion de...") but states no measure
    "PADEC : Programme d'Appui au Développement des Communes PAPEJ : Promotion de l'Emploi des Jeunes PNDS : Plan national de Développement sanitaire",
]


@pytest.mark.parametrize("text", NORMATIVE)
def test_cues_part_normative_forms(text: str) -> None:
    assert document_part(text) == "normative"


@pytest.mark.parametrize("text", DIAGNOSTIC)
def test_cues_part_diagnostic_forms(text: str) -> None:
    assert document_part(text) == "diagnostic"


@pytest.mark.parametrize("word", ["Sahara", "camera", "extra", "opera", "para", "forefront"])
def test_cues_part_words_ending_like_a_french_future_are_not_verbs(word: str) -> None:
    assert document_part(f"The {word} region saw migration rise.") == "diagnostic"

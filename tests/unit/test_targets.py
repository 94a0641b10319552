"""Target-group detection: core returnees, adjacent groups, exclusions and the traps."""

from __future__ import annotations

import pytest

from analyser.targets import find_mentions, target_group

CORE = [
    "Returnees will be registered with the public employment service.",
    "Returning migrant workers can have their skills certified.",
    "The programme targets deportees arriving at the international airport.",
    "Assisted voluntary return and reintegration (AVRR) beneficiaries receive a grant.",
    "Return migrants face high unemployment one year after arrival.",
    "Les migrants de retour seront inscrits à la CMU.",
    "Un guichet unique accueillera les personnes retournées et les expulsés.",
    "Le plan national pour le retour et la réintégration sera adopté en 2020.",
    "Les Sénégalais rentrés de l'étranger bénéficieront d'un appui.",
    "Les travailleurs migrants de retour pourront faire valider leurs acquis.",
    "La réintégration des migrants dans leurs communautés d'origine est une priorité.",
    "Las personas retornadas recibirán atención psicosocial.",
    "Os migrantes retornados terão acesso ao emprego.",
    "The reintegration of victims of trafficking repatriated from abroad will be supported.",
    # forms a blind test set (2026-11-27) found missing
    "Une enquête auprès de 400 migrants de retour à Kayes montre que la moitié sont sans emploi.",
    "En 2011, près de 120 000 « rapatriés » de Côte d'Ivoire se sont installés dans le Sud-Ouest.",
    "Les consulats assisteront les Nigériens en difficulté qui souhaitent rentrer au pays.",
]

ADJACENT = [
    "The return and reintegration of refugees will be supported by UNHCR.",
    "Returning diaspora professionals will be offered tax incentives.",
    "Le rapatriement volontaire des réfugiés se poursuit.",
    "Repatriated refugees will receive seeds and tools in their villages of origin.",
    "Few of the Sudanese refugees sheltered in Chad have gone back since the ceasefire.",
    "Les réfugiés maliens rapatriés du Niger recevront des kits d'abri.",
    "Seuls 3 000 réfugiés congolais sont rentrés depuis l'accord tripartite.",
]

NONE = [
    # traps from shared/reference/frameworks.md
    "Returns to education are highest for tertiary graduates.",
    "The rate of return on investment in irrigation exceeds 12 percent.",
    "Investors may freely repatriate profits and dividends.",
    "The repatriation of profits by foreign firms weighs on the balance of payments.",
    "L'employeur prend en charge le rapatriement du corps du travailleur décédé.",
    "Le magistrat suspendu peut demander sa réintégration dans le corps.",
    "Le programme de réinsertion des détenus sera étendu.",
    "La réinsertion des travailleurs licenciés pour motif économique est organisée par l'employeur.",
    "La réinsertion scolaire des élèves déscolarisés est prioritaire.",
    "The reintegration of ex-combatants is led by the DDR commission.",
    "IDP returnees in the eastern provinces need shelter.",
    "Les déplacés internes retournés dans leurs villages recevront des semences.",
    "Migrants transiting through the country are exposed to trafficking.",
    "The diaspora invests in real estate and sends remittances.",
    "Exports returned to growth in 2019.",
    "Le retour à l'emploi des chômeurs de longue durée sera encouragé.",
    "Foreign shareholders may transfer their dividends abroad once taxes are paid; such repatriation is free.",
    "Les nationaux ayant rejoint des groupes armés à l'étranger suivront, à leur retour, un programme de réinsertion.",
]


@pytest.mark.parametrize("text", CORE)
def test_targets_core_returnees_found(text: str) -> None:
    assert target_group(find_mentions(text)) == "core", find_mentions(text)


@pytest.mark.parametrize("text", ADJACENT)
def test_targets_adjacent_groups_reported_separately(text: str) -> None:
    assert target_group(find_mentions(text)) == "adjacent", find_mentions(text)


@pytest.mark.parametrize("text", NONE)
def test_targets_traps_and_excluded_groups_are_not_returnees(text: str) -> None:
    assert target_group(find_mentions(text)) != "core", find_mentions(text)


def test_targets_mention_offsets_point_at_the_term() -> None:
    text = "In 2023, 5,000 returnees were registered."
    (m,) = find_mentions(text)
    assert text[m.start : m.end] == m.term == "returnees"

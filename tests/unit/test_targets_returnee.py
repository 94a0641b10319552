"""Returnee targeting on wording the original term list missed: person nouns with return
verbs, demonyms, pre-return measures, bare French nouns, refugee and diaspora returns, and
the traps that share their words. Sentences are written for these tests (no corpus text)."""

from __future__ import annotations

import pytest

from analyser.targets import find_mentions, has_migration_context, target_group

CORE = [
    # EN: noun + return verb, with or without a migratory complement
    "Unaccompanied minors returned from Spain will be placed with foster families.",
    "Nationals repatriated by the authorities of the destination country receive a transport voucher.",
    "Young people deported from the United States will be offered catch-up classes.",
    "Migrant workers who have returned with unpaid wages can claim them through the labour office.",
    "Women who came back from domestic work in the Middle East will be prioritised.",
    "Senegalese coming home from Mauritania will be registered at the border post.",
    "Persons removed from the United Kingdom are met at the airport.",
    "Citizens forcibly removed from European countries will receive a medical check.",
    "Consulates will issue travel documents to nationals abroad who have decided to return.",
    "Consular staff will identify vulnerable nationals awaiting return.",
    "Readmitted Albanian nationals will receive reintegration support.",
    "The centre serves prospective migrants before departure and migrants upon their return.",
    "Former labour migrants will be invited to mentor new arrivals.",
    "Forced returns from the Gulf doubled in two years.",
    "Deportations from Mexico rose sharply after 2019.",
    # FR
    "Les compatriotes rentrés au pays après un séjour de travail à l'étranger seront recensés.",
    "Les Burkinabè de retour au pays recevront un appui à l'installation.",
    "Les migrants refoulés d'Algérie seront accueillis au centre de transit.",
    "La stigmatisation des refoulés sera combattue par des causeries villageoises.",
    "Les mineurs non accompagnés rapatriés du Maroc seront confiés à leur famille.",
    "Les ressortissants en instance de retour recevront un laissez-passer.",
    "Les candidats au retour volontaire recevront un conseil individualisé.",
    "Les Sénégalais reconduits à la frontière bénéficieront d'un accompagnement.",
    "Les personnes éloignées du territoire et réadmises au Mali recevront une aide.",
    "Les citoyens moldaves revenus de l'étranger pourront participer au programme.",
    "Les femmes de retour de migration seront inscrites à la CMU.",
    "Les migrants ont été rapatriés de Libye par des vols humanitaires.",
    "Les retours forcés depuis le Maghreb ont concerné 12 000 personnes.",
    "Les rapatriements de migrants depuis la Libye se sont multipliés.",
    "Les anciens migrants seront associés à la sensibilisation des jeunes.",
    # wording exposed by the blind mixed-style check (2026-11-27, third round): home/back verbs,
    # singular nouns, nationalities escorted back, pre-return preparation
    "More than 10,000 Ethiopians were sent home within a year.",
    "Guineans forced back from Algeria will receive a medical check at the border.",
    "Eritreans flown back from Israel will be met by social workers.",
    "Each person who has come back from Niger will be assigned a counsellor.",
    "Filipinos in Qatar who are thinking about going home can consult the welfare officer.",
    "Embassies will brief workers preparing to come home on the documents they need.",
    "The migration policy will add a chapter on workers coming home and their rights on arrival.",
    "Les travailleurs tunisiens rentrés après une carrière à l'étranger pourront racheter leurs droits à pension.",
    "Un jeune revenu d'Italie depuis moins d'un an pourra suivre une formation gratuite.",
    "Les jeunes revenus de l'aventure migratoire seront associés aux comités villageois.",
    "Les Ivoiriens expulsés seront accueillis dans un centre de transit.",
    "Chaque rapatrié de Libye sera enregistré dans la base de données.",
    "Les salaires dus seront versés aux travailleuses sénégalaises avant leur rapatriement.",
    "Le consulat informera chaque ressortissant dont le retour est programmé des démarches à suivre.",
    # blind plain-French check (same day): more return verbs, relative clauses, flights, 'since their return from'
    "Les personnes renvoyées d'Espagne seront reçues par un travailleur social.",
    "Les familles gabonaises évacuées du Soudan recevront une allocation.",
    "Les jeunes filles ramenées d'Arabie saoudite seront hébergées dans un foyer.",
    "Chaque avion ramenant des Maliens d'Algérie sera accueilli par la protection civile.",
    "Les maçons et menuisiers rentrés de France pourront faire valider leur expérience.",
    "Un agent de santé recevra ceux qui souffrent d'insomnie depuis leur retour du Maroc.",
    "Chaque Camerounais renvoyé d'Allemagne sera signalé au bureau régional.",
    "Welders who came back from Libya can have their experience certified.",
    "Clinics will screen people for depression since their return from Malaysia.",
    # blind plain-English check (same day): 'back from', brought back, removal flights, work abroad
    "Drivers back from Saudi Arabia will be offered a licence conversion course.",
    "Women back from domestic work in Jordan will get free legal advice.",
    "Girls brought back from Oman will be placed with relatives.",
    "A desk at the airport will register every person arriving on removal flights.",
    "Ghanaians rescued from forced labour on fishing boats and flown home will receive counselling.",
    "Around 30,000 Guatemalans a year are deported from the United States.",
    "Punjabis coming home from the Gulf will be advised on investments.",
    "Migrants held in detention centres abroad who wish to go home will be given travel documents.",
    "Men who had come back from farm work in Spain were surveyed in 2023.",
    "Each person who returned under the voluntary scheme will be called after six months.",
    "Les mineurs guinéens non accompagnés refoulés par la police seront confiés à un foyer.",
    "Les retours de migrants burkinabè ont doublé depuis 2019.",
    # fourth blind round (returnee wording only): more verbs, trades, relative clauses, family members
    "Citizens who have gone back to Armenia after years of work in Russia will have their skills certified.",
    "Involuntarily returned Guyanese will be eligible for housing assistance.",
    "Liberians forced out of Guinea will receive a cash grant at the border.",
    "Households whose father was deported from Spain will be enrolled in the cash transfer.",
    "Filipino seafarers rescued from pirates and repatriated by the embassy will receive counselling.",
    "Senegalese minors escorted back from Italy shall be handed to a child-protection officer.",
    "Villages with a member who worked in Dubai and came back will get new schools.",
    "Nepalese labourers crossing back from India at Birgunj will be registered.",
    "No child who is sent back to Guatemala will be left without a social worker.",
    "Remigrants will have access to start-up loans.",
    "Workers whose contracts abroad end early shall on arrival home receive a cash grant.",
    "Iraqi nationals who decide to go home after a rejected asylum claim may apply for a business grant.",
    "Tout ressortissant malien rapatrié d'un pays tiers a droit à une carte d'identité gratuite.",
    "Les jeunes qui ont regagné leur village après avoir été expulsés d'Algérie recevront un kit.",
    "Les marins sénégalais rapatriés après l'abandon de leur navire percevront leurs salaires.",
    "Les employées de maison revenues du Koweït pourront saisir la cellule juridique.",
    "Une prise en charge psychologique sera offerte à ceux qui ont été reconduits au pays.",
    "Les personnes déportées des États-Unis bénéficieront d'une médiation communautaire.",
    "Les villages qui voient revenir de nombreux émigrés recevront l'eau potable.",
    "Chaque mineur guinéen non accompagné renvoyé vers la Guinée sera scolarisé.",
    "Les jeunes « harraga » reconduits depuis l'Espagne ne seront plus poursuivis.",
    # ES / PT
    "Los connacionales repatriados recibirán atención en los módulos de recepción.",
    "A migração de retorno será acompanhada pelo observatório.",
]

ADJACENT = [
    "Refugees repatriating voluntarily will receive transport and household items.",
    "Since the peace agreement, 200,000 refugees have returned from camps in neighbouring countries.",
    "The tripartite commission will organise the voluntary repatriation of the remaining refugees.",
    "A Return of Qualified Diaspora programme will fund two-year assignments.",
    "Members of the diaspora who decide to return and settle permanently will be exempt from duties.",
    "Les réfugiés rapatriés du Tchad recevront des kits d'abris.",
    "Près de 80 000 rapatriés sont rentrés des camps de réfugiés des pays voisins.",
    "Engineers of the diaspora who resettle permanently in the country will be exempt from import duties.",
    "A scheme for the return of qualified Ghanaians will place doctors in district hospitals.",
    "Les entrepreneurs de la diaspora qui se réinstallent au pays bénéficieront d'un cofinancement.",
    "Le programme « Retour des talents » offrira des avantages fiscaux.",
    "Somali refugees going home from Kenya will receive a food ration.",
    "Ukrainians coming back from temporary protection in Poland can register for job placement.",
    "Refugees in the camps of Kakuma who return home will receive identity cards.",
    "Les Maliens de l'extérieur qui regagnent définitivement le pays bénéficieront d'un guichet.",
    "Les familles togolaises rapatriées du Ghana, où elles s'étaient réfugiées, recevront des vivres.",
    "Les familles rapatriées du Cameroun dans le cadre de l'accord tripartite recevront des semences.",
    "Les rapatriés centrafricains revenus des camps du Tchad retrouveront leurs terres.",
]

NOT_CORE = [
    # return-like words in other senses
    "Women returning to work after maternity leave are entitled to flexible hours.",
    "Graduates return to education when returns to schooling are high.",
    "Exporters must repatriate their export proceeds within 180 days.",
    "Patients readmitted to hospital within 30 days will be reviewed.",
    "Farmers' returns on maize fell sharply after the drought.",
    "L'allocation d'aide au retour à l'emploi sera versée aux salariés licenciés.",
    "Des classes passerelles faciliteront le retour à l'école des enfants déscolarisés.",
    "Le programme de retour à la terre aidera les jeunes citadins sans emploi.",
    "Les élèves exclus pourront être réintégrés dans leur établissement.",
    "Le rapatriement des capitaux investis est garanti aux investisseurs étrangers.",
    # excluded groups
    "Internally displaced households returning to their villages will receive seeds.",
    "Les personnes déplacées retournées dans la région de Diffa bénéficieront d'un appui.",
    "Offenders released from prison will be supported in their reintegration into society.",
    "Returning foreign fighters will be screened before any rehabilitation programme.",
    "La réinsertion professionnelle des anciens détenus sera soutenue.",
    "Nationals returning from conflict zones will be screened by the counter-terrorism unit.",
    "Les ressortissants revenus des zones de combat seront suivis par les services de renseignement.",
    # migrants who are not returning
    "Migrants stranded in the northern transit towns will receive drinking water.",
    "The diaspora bond lets nationals living abroad invest without returning.",
    "Les Maliens établis à l'étranger pourront souscrire aux bons du Trésor.",
    "Les migrants subsahariens installés au Maroc auront accès aux soins.",
    # home/back verbs after generic nouns count only in a passage about migration
    "Nurses coming home after night shifts will get free transport.",
    "Les contrats des agents seront reconduits pour deux ans.",
    # an internal move named by a region, and income, are not returns from abroad
    "Les ménages retournés dans leurs villages du Centre-Nord recevront des vivres.",
    "Les revenus de l'État ont augmenté de 8 % en 2022.",
    # fighters, prisoners called 'returning citizens', foreigners removed from the country, internal displacement
    "Nationals coming back from Syria after fighting with terrorist groups will undergo a risk assessment.",
    "A desk at each correctional centre will help returning citizens find work.",
    "Foreign nationals without a permit shall be held pending their deportation.",
    "Les Tunisiens revenus des zones de conflit après avoir rejoint des groupes armés à l'étranger feront l'objet d'un suivi judiciaire.",
    "Les personnes retournées après des mois de déplacement à l'intérieur du pays recevront des vivres.",
    "L'audit relève un taux de réadmission de 18 % dans les services du CHU.",
    "En 2024, 38 000 personnes retournées ont été recensées dans la région de Ségou après de longs mois de déplacement à l'intérieur du pays.",
]


@pytest.mark.parametrize("text", CORE)
def test_targets_returnee_core_wording(text: str) -> None:
    assert target_group(find_mentions(text)) == "core", find_mentions(text)


@pytest.mark.parametrize("text", ADJACENT)
def test_targets_returnee_refugee_and_diaspora_returns_are_adjacent(text: str) -> None:
    assert target_group(find_mentions(text)) == "adjacent", find_mentions(text)


@pytest.mark.parametrize("text", NOT_CORE)
def test_targets_returnee_traps_are_not_core(text: str) -> None:
    assert target_group(find_mentions(text)) != "core", find_mentions(text)


def test_targets_returnee_explicit_migrants_survive_a_nearby_trap_word() -> None:
    text = ("Unlike the disarmament programme for former fighters, this component is for migrants "
            "returning from Libya, who will receive rent support.")
    assert target_group(find_mentions(text)) == "core"


def test_targets_returnee_generic_term_near_idps_is_excluded() -> None:
    mentions = find_mentions("Returnees and IDPs in the camps of the east will receive shelter kits.")
    assert target_group(mentions) == "none"
    assert any(m.group == "excluded" for m in mentions)


def test_targets_returnee_bare_rapatries_take_their_sense_from_the_passage() -> None:
    refugee = "Le rapatriement volontaire des réfugiés s'est accéléré ; à leur arrivée, de nombreux rapatriés trouvent leurs terres occupées."
    migrant = "La base de données des rapatriés tenue par la Direction des Maliens de l'extérieur sera mise à jour."
    assert target_group(find_mentions(refugee)) == "adjacent"
    assert target_group(find_mentions(migrant)) == "core"


def test_targets_returnee_process_word_needs_a_migration_or_return_anchor() -> None:
    assert target_group(find_mentions("La réintégration des migrants dans leurs communautés est une priorité.")) == "core"
    assert target_group(find_mentions("The return and readmission procedures were reviewed with partners.")) == "core"
    assert target_group(find_mentions("La réintégration du fonctionnaire est de droit.")) == "none"


def test_targets_returnee_terms_point_at_the_text() -> None:
    text = "In 2022, nationals deported from Germany were met at the airport."
    (m,) = [x for x in find_mentions(text) if x.group == "core"]
    assert text[m.start : m.end] == m.term
    assert m.term.startswith("nationals deported")


def test_targets_returnee_migration_context_includes_readmission() -> None:
    text = "The readmission agreement will be renegotiated."
    assert has_migration_context(text, find_mentions(text))

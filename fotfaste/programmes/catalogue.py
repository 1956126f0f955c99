"""The programme catalogue shipped with Fotfäste: what an agreement picks from and then configures.

Each entry is plain data: name, owner, target group, the source of its rules, the rules as data (see
rules.conditions_from_data) and the steps of its routine with the role responsible. The four programmes of
FORMATS.md ship with their rules; the others of the seeds are entries with their target groups, whose
rules an agreement writes itself when it has them.
"""

from __future__ import annotations

from . import rules

# Seed 003 (Lekeberg), Bilaga 1: the routines for utbildningskontrakt and traineejobb, in seven steps.
CONTRACT_STEPS = [
    {
        "namn": "Identifiera",
        "roll": "arbetsformedlare",
        "beskrivning": "AF lyfter fram dem som uppfyller kriterierna; kommunen kan också initiera.",
    },
    {
        "namn": "Informera",
        "roll": "samordnare",
        "beskrivning": "Informationsträff där kommunen och AF tillsammans berättar vad programmet innebär.",
    },
    {
        "namn": "Kartlägga",
        "roll": "arbetsmarknad",
        "beskrivning": "Möte med den unga om önskemål om studier, praktik och anställning.",
    },
    {
        "namn": "Vägledning och studieplan",
        "roll": "syv",
        "beskrivning": "SYV gör en studieplan utifrån den ungas önskemål och betyg.",
    },
    {
        "namn": "Arbetsgivare och plats",
        "roll": "arbetsgivarkontakt",
        "beskrivning": "Praktikplats eller anställning ordnas.",
    },
    {
        "namn": "Avtal",
        "roll": "arbetsformedlare",
        "beskrivning": "Möte med AF för att skriva under avtalet (trepartsavtal).",
    },
    {
        "namn": "Uppföljning",
        "roll": "arbetsmarknad",
        "beskrivning": "Kommunen följer upp att studier och praktik eller anställning fungerar.",
        "dagar": 365,  # follow-up lasts as long as the contract: overdue only after a year without a move
    },
]
TRAINEE_STEPS = [
    {
        "namn": "Identifiera arbetsplatser",
        "roll": "arbetsgivarkontakt",
        "beskrivning": "Arbetsplatser som kan erbjuda handledning, arbetsuppgifter och anställning.",
    },
    {
        "namn": "Identifiera",
        "roll": "arbetsformedlare",
        "beskrivning": "AF lyfter fram dem som uppfyller kriterierna för traineejobb.",
    },
    {"namn": "Informera", "roll": "samordnare", "beskrivning": "Informationsträff med kommunen och AF."},
    {
        "namn": "Vägledning, studieplan och urval",
        "roll": "syv",
        "beskrivning": "Studieplan och yrkesinriktad utbildning; urval om de intresserade är fler än platserna.",
    },
    {
        "namn": "Studier och anställning börjar",
        "roll": "arbetsmarknad",
        "beskrivning": "Yrkesinriktade studier och anställningsplats.",
    },
    {"namn": "Avtal", "roll": "arbetsformedlare", "beskrivning": "Avtal om traineejobb och anställning skrivs under."},
    {
        "namn": "Uppföljning",
        "roll": "arbetsmarknad",
        "beskrivning": "Kommunen följer upp studier och anställning.",
        "dagar": 365,
    },
]
PLAIN_STEPS = [
    {"namn": "Identifiera", "roll": "samordnare", "beskrivning": "De som kan vara aktuella lyfts fram."},
    {
        "namn": "Informera och kartlägga",
        "roll": "arbetsmarknad",
        "beskrivning": "Information och kartläggning med den unga.",
    },
    {"namn": "Plats och start", "roll": "arbetsmarknad", "beskrivning": "Plats ordnas och insatsen börjar."},
    {"namn": "Uppföljning", "roll": "arbetsmarknad", "beskrivning": "Insatsen följs upp.", "dagar": 180},
]


def _rules_of(programme: rules.Programme) -> list[dict]:
    return [rules.condition_to_data(c) for c in programme.conditions]


CATALOGUE: list[dict] = [
    {
        "kod": rules.UTBILDNINGSKONTRAKT.code,
        "namn": rules.UTBILDNINGSKONTRAKT.name,
        "huvudman": "Arbetsförmedlingen och kommunen",
        "malgrupp": "20–24 år, inskrivna på Arbetsförmedlingen, utan gymnasieexamen: studier kombinerade med praktik eller anställning.",
        "kalla": rules.UTBILDNINGSKONTRAKT.source,
        "villkor": _rules_of(rules.UTBILDNINGSKONTRAKT),
        "steg": CONTRACT_STEPS,
    },
    {
        "kod": rules.TRAINEEJOBB_VALFARD.code,
        "namn": rules.TRAINEEJOBB_VALFARD.name,
        "huvudman": "Arbetsförmedlingen",
        "malgrupp": "20–24 år med gymnasieexamen och minst sex månaders arbetslöshet inom nio: halvtidsanställning i välfärden kombinerad med yrkesutbildning.",
        "kalla": rules.TRAINEEJOBB_VALFARD.source,
        "villkor": _rules_of(rules.TRAINEEJOBB_VALFARD),
        "steg": TRAINEE_STEPS,
    },
    {
        "kod": rules.TRAINEEJOBB_BRISTYRKE.code,
        "namn": rules.TRAINEEJOBB_BRISTYRKE.name,
        "huvudman": "Arbetsförmedlingen",
        "malgrupp": "20–24 år med gymnasieexamen och minst tre månaders arbetslöshet inom sex: anställning i ett bristyrke kombinerad med utbildning.",
        "kalla": rules.TRAINEEJOBB_BRISTYRKE.source,
        "villkor": _rules_of(rules.TRAINEEJOBB_BRISTYRKE),
        "steg": TRAINEE_STEPS,
    },
    {
        "kod": rules.JOBBGARANTI_UNGDOMAR.code,
        "namn": rules.JOBBGARANTI_UNGDOMAR.name,
        "huvudman": "Arbetsförmedlingen",
        "malgrupp": "Från 16 år (aktivitetsstöd från 18) med minst tre månaders arbetslöshet inom fyra; högst 15 månader i garantin.",
        "kalla": rules.JOBBGARANTI_UNGDOMAR.source,
        "villkor": _rules_of(rules.JOBBGARANTI_UNGDOMAR),
        "steg": PLAIN_STEPS,
    },
    {
        "kod": "ungkomp",
        "namn": "UngKOMP",
        "huvudman": "Arbetsförmedlingen och kommunen (ESF)",
        "malgrupp": "16–24 år som varken arbetar eller studerar: multikompetenta team av AF och kommunen, 2015-06-01–2017-06-30.",
        "kalla": "Seed 000; DOMAIN.md.",
        "villkor": [{"typ": "alder", "fran": 16, "till": 25}],
        "steg": PLAIN_STEPS,
        "fran": "2015-06-01",
        "till": "2017-06-30",
    },
    {
        "kod": "ungdomssatsningen",
        "namn": "Ungdomssatsningen",
        "huvudman": "Kommunen",
        "malgrupp": (
            "Unga som står längst från arbetsmarknaden, i första hand de som är helt beroende av ekonomiskt "
            "bistånd: anställning i sex månader, omkring 480 månader för minst 80 unga."
        ),
        "kalla": "Seed 000 §3.3.2 och §7.2.1.",
        "villkor": [{"typ": "forsorjningsstod"}],
        "steg": PLAIN_STEPS,
    },
    {
        "kod": "tidiga_insatser",
        "namn": "Tidiga insatser (Stockholm)",
        "huvudman": "Stockholms stad",
        "malgrupp": "Unga som tidigt behöver stöd för att komma i arbete eller studier.",
        "kalla": "Seed 004.",
        "villkor": [],
        "steg": PLAIN_STEPS,
    },
    {
        "kod": "bron",
        "namn": "Bron",
        "huvudman": "Stockholms stad",
        "malgrupp": "Unga 16–20 år som varken arbetar eller studerar, inom aktivitetsansvaret.",
        "kalla": "Seed 004.",
        "villkor": [{"typ": "alder", "fran": 16, "till": 21}],
        "steg": PLAIN_STEPS,
    },
    {
        "kod": "feriepraktik",
        "namn": "Feriepraktik",
        "huvudman": "Kommunen",
        "malgrupp": "Skolungdomar som får sommarjobb eller praktik i kommunens verksamheter.",
        "kalla": "Seeds.",
        "villkor": [{"typ": "alder", "fran": 16, "till": 20}],
        "steg": PLAIN_STEPS,
    },
    {
        "kod": "extratjanster",
        "namn": "Extratjänster",
        "huvudman": "Arbetsförmedlingen och kommunen",
        "malgrupp": "Långtidsarbetslösa och nyanlända: subventionerade anställningar i välfärden.",
        "kalla": "Seed 003.",
        "villkor": [{"typ": "inskriven"}],
        "steg": PLAIN_STEPS,
    },
]
BY_CODE = {entry["kod"]: entry for entry in CATALOGUE}

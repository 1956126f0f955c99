"""Demo employers: Örebro's shared register with its contact people and agreements (a Matchning agreement,
a procurement clause, the municipality's own recruitment needs), a contact log where the municipality and
AF called the same warehouse in the same week, and placements on every step of the ladder — two of them
anonymous listings. The organisation numbers are made up (repeated digits) and pass the Luhn check; the
municipality's is the public one."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.models import OwnGround
from fotfaste.core.demo import full_name
from fotfaste.reference.models import Municipality

from .models import (
    Assessment,
    Candidate,
    CandidateFollowUp,
    Channel,
    CollaborationAgreement,
    CollaborationKind,
    ContactPerson,
    Employer,
    EmployerContact,
    EmploymentForm,
    LadderStep,
    Occupation,
    Outcome,
    Placement,
    PlacementKind,
    Sector,
    Stage,
)
from .occupations import ensure_major_groups

# (org number, name, sector, industry, street, postal code, SSYK major groups recruited for)
EMPLOYERS = (
    (
        "212000-1967",
        "Örebro kommun, vård- och omsorgsförvaltningen",
        Sector.PUBLIC,
        "Vård och omsorg",
        "Drottninggatan 5",
        "70210",
        ("5",),
    ),
    ("556111-1112", "Lagerhuset Närke AB", Sector.PRIVATE, "Lager och logistik", "Hamnplan 3", "70227", ("4", "8")),
    (
        "556222-2223",
        "Restaurang Svartån AB",
        Sector.PRIVATE,
        "Hotell och restaurang",
        "Storgatan 12",
        "70211",
        ("5", "9"),
    ),
    (
        "556333-3334",
        "Fastighetsservice Närke AB",
        Sector.PRIVATE,
        "Fastighetsskötsel",
        "Bettorpsgatan 8",
        "70369",
        ("7", "9"),
    ),
    (
        "802333-3332",
        "Second hand Vägen, ideell förening",
        Sector.NON_PROFIT,
        "Handel (second hand)",
        "Vasagatan 20",
        "70212",
        ("5",),
    ),
    (
        "769444-4444",
        "Återbruket Örebro ekonomisk förening",
        Sector.SOCIAL_ENTERPRISE,
        "Återbruk och café",
        "Mejramvägen 9",
        "70365",
        ("5", "9"),
    ),
    ("556555-5553", "Bilverkstaden Mosås AB", Sector.PRIVATE, "Motorfordon", "Mosåsvägen 30", "70375", ("7",)),
    ("556666-6664", "Elinstallation Örebro AB", Sector.PRIVATE, "Bygg och el", "Radiatorvägen 4", "70227", ("7",)),
    ("556777-7775", "Matbutiken Vivalla AB", Sector.PRIVATE, "Dagligvaruhandel", "Vivalla centrum 1", "70344", ("5",)),
    ("559111-1116", "Städservice Öst AB", Sector.PRIVATE, "Lokalvård", "Kungsgatan 40", "70213", ("9",)),
    (
        "802444-4443",
        "IK Sturehov, idrottsförening",
        Sector.NON_PROFIT,
        "Idrott och fritid",
        "Idrottsvägen 2",
        "70346",
        ("3", "5"),
    ),
)

CONTACT_PEOPLE = {
    "212000-1967": ("Helena Rask", "Rekryteringsansvarig"),
    "556111-1112": ("Jonas Ek", "Lagerchef"),
    "556222-2223": ("Maria Lind", "Köksmästare"),
    "556333-3334": ("Per Holm", "Driftchef"),
    "802333-3332": ("Birgitta Sjö", "Verksamhetsledare"),
    "769444-4444": ("Omar Said", "Arbetsledare"),
    "556555-5553": ("Tomas Berg", "Verkstadschef"),
    "556777-7775": ("Linnea Ström", "Butikschef"),
    "559111-1116": ("Ali Demir", "Arbetsledare"),
}

AGREEMENTS = (
    (
        "556111-1112",
        CollaborationKind.MATCHING,
        "Matchning: praktik upp till tre månader utan kostnad, samverkan sköter försäkring och papper.",
    ),
    ("556222-2223", CollaborationKind.MATCHING, "Matchning: två platser per termin i köket."),
    (
        "556333-3334",
        CollaborationKind.PROCUREMENT,
        "Upphandlingen av fastighetsskötsel kräver två praktikplatser per år för unga.",
    ),
    (
        "212000-1967",
        CollaborationKind.RECRUITMENT,
        "Kommunens eget rekryteringsbehov: undersköterskor och vårdbiträden inför sommaren.",
    ),
    ("769444-4444", CollaborationKind.OTHER, "Skyddade platser i caféet och återbruket för unga långt från arbete."),
)

# (days ago, employer, unit name, channel, purpose, note, result, next step)
CONTACTS = (
    (
        3,
        "556111-1112",
        "Arbetsförmedlingen Örebro, ungdomsteam",
        Channel.PHONE,
        "Praktikplatser för unga",
        "Frågade om de kan ta emot två praktikanter i vår.",
        "Positiva, vill ha förslag.",
        "Skicka profiler",
    ),
    (
        1,
        "556111-1112",
        "Arbetsmarknadsenheten",
        Channel.VISIT,
        "Rekryteringsbehov inför våren",
        "Besök på lagret med lagerchefen.",
        "De behöver lagerpersonal i mars.",
        "Boka frukostmöte",
    ),
    (
        40,
        "556111-1112",
        "Ungdomssamordning",
        Channel.BREAKFAST,
        "Näringslivsfrukost",
        "Träffades på kommunens näringslivsfrukost.",
        "Intresserade av matchningsavtal.",
        "",
    ),
    (
        10,
        "556222-2223",
        "Ungdomssamordning",
        Channel.EMAIL,
        "Uppföljning av praktik",
        "Månadsuppföljning av praktikanten i köket.",
        "Går bra.",
        "",
    ),
    (
        25,
        "556333-3334",
        "Arbetsmarknadsenheten",
        Channel.VISIT,
        "Upphandlingens krav på praktik",
        "Genomgång av hur kravet i upphandlingen ska uppfyllas.",
        "Två platser till hösten.",
        "Publicera platserna",
    ),
    (
        6,
        "769444-4444",
        "Arbetsmarknadsenheten",
        Channel.PHONE,
        "Skyddade platser",
        "Frågade om lediga platser i caféet.",
        "En plats ledig från januari.",
        "",
    ),
    (
        60,
        "212000-1967",
        "Ungdomssamordning",
        Channel.DIGITAL,
        "Kommunens rekryteringsbehov",
        "Möte med HR om sommarvikariat.",
        "Fyra platser som undersköterska.",
        "",
    ),
    (
        12,
        "556555-5553",
        "Arbetsförmedlingen Örebro, ungdomsteam",
        Channel.PHONE,
        "Lärlingsplats",
        "Frågade om en plats för en ung person med B-körkort.",
        "Vill träffa kandidaten.",
        "Boka intervju",
    ),
    (
        20,
        "556777-7775",
        "Allmän kurs",
        Channel.VISIT,
        "Praktik för deltagare på allmän kurs",
        "Besök i butiken med två deltagare.",
        "En av dem får prova en vecka.",
        "",
    ),
    (
        90,
        "559111-1116",
        "Arbetsmarknadsenheten",
        Channel.PHONE,
        "Praktikplatser",
        "Första kontakten.",
        "Kan ta emot en praktikant åt gången.",
        "",
    ),
)

# (employer, publishing unit, kind, title, SSYK code, step, places, starts in days, weeks, anonymous, licence)
PLACEMENTS = (
    (
        "769444-4444",
        "Arbetsmarknadsenheten",
        PlacementKind.PLACEMENT,
        "Café och återbruk",
        "9412",
        LadderStep.SHELTERED,
        3,
        -30,
        26,
        False,
        False,
    ),
    (
        "802333-3332",
        "Arbetsmarknadsenheten",
        PlacementKind.PLACEMENT,
        "Butiksarbete i second hand-butik",
        "5",
        LadderStep.SEMI_SHELTERED,
        2,
        -10,
        12,
        False,
        False,
    ),
    (
        "559111-1116",
        "Ungdomssamordning",
        PlacementKind.PLACEMENT,
        "Lokalvård med handledare",
        "9111",
        LadderStep.SEMI_SHELTERED,
        2,
        14,
        12,
        False,
        False,
    ),
    (
        "556111-1112",
        "Ungdomssamordning",
        PlacementKind.PLACEMENT,
        "Lagerarbete, plock och pack",
        "4321",
        LadderStep.REAL,
        3,
        21,
        12,
        True,
        False,
    ),
    (
        "556222-2223",
        "Arbetsförmedlingen Örebro, ungdomsteam",
        PlacementKind.PLACEMENT,
        "Kök och servering",
        "5120",
        LadderStep.REAL,
        2,
        7,
        12,
        True,
        False,
    ),
    (
        "212000-1967",
        "Ungdomssamordning",
        PlacementKind.JOB,
        "Undersköterska, sommarvikariat",
        "5321",
        LadderStep.REAL,
        4,
        150,
        10,
        False,
        False,
    ),
    (
        "556555-5553",
        "Arbetsförmedlingen Örebro, ungdomsteam",
        PlacementKind.PLACEMENT,
        "Bilverkstad",
        "7231",
        LadderStep.REAL,
        1,
        30,
        12,
        False,
        True,
    ),
    (
        "556333-3334",
        "Arbetsmarknadsenheten",
        PlacementKind.PLACEMENT,
        "Fastighetsskötsel (upphandlingens krav)",
        "9",
        LadderStep.SEMI_SHELTERED,
        2,
        -120,
        12,
        False,
        False,
    ),
)


def demo_step(run) -> None:
    from fotfaste.core.demo import OREBRO_AGREEMENT

    units = {name: unit for (agreement, name), unit in run.units.items() if agreement == OREBRO_AGREEMENT}
    agreement = units["Ungdomssamordning"].party.agreement
    orebro = Municipality.objects.get(code="1880")
    ensure_major_groups()
    occupations = {o.code: o for o in Occupation.objects.all()}
    employers = {}
    for number, name, sector, industry, street, postal, groups in EMPLOYERS:
        employer = Employer.objects.create(
            agreement=agreement,
            organisation_number=number,
            name=name,
            sector=sector,
            industry=industry,
            street_address=street,
            postal_code=postal,
            city="Örebro",
            municipality=orebro,
            created_by_name=full_name("samordnare"),
        )
        employer.occupations.set([occupations[g] for g in groups])
        employers[number] = employer
    ContactPerson.objects.bulk_create(
        [
            ContactPerson(employer=employers[n], name=who, title=title, phone="019-76 00 00", email="")
            for n, (who, title) in CONTACT_PEOPLE.items()
        ]
    )
    CollaborationAgreement.objects.bulk_create(
        [
            CollaborationAgreement(
                employer=employers[n],
                kind=kind,
                description=text,
                valid_from=run.today - timedelta(days=200),
                valid_until=run.today + timedelta(days=365),
                unit=units["Ungdomssamordning"],
            )
            for n, kind, text in AGREEMENTS
        ]
    )
    EmployerContact.objects.bulk_create(
        [
            EmployerContact(
                employer=employers[n],
                unit=units[unit],
                date=run.today - timedelta(days=days),
                channel=channel,
                purpose=purpose,
                note=note,
                result=result,
                next_step=next_step,
                next_step_on=run.today + timedelta(days=7) if next_step else None,
                created_by_name=_unit_user(unit),
            )
            for days, n, unit, channel, purpose, note, result, next_step in CONTACTS
        ]
    )
    placements = []
    for n, unit, kind, title, code, step, places, starts, weeks, anonymous, licence in PLACEMENTS:
        start = run.today + timedelta(days=starts)
        placements.append(
            Placement.objects.create(
                employer=employers[n],
                unit=units[unit],
                kind=kind,
                title=title,
                occupation=occupations[code[0]] if code not in occupations else occupations[code],
                ssyk=code,
                step=step,
                places=places,
                start_date=start,
                end_date=start + timedelta(weeks=weeks),
                supervisor=CONTACT_PEOPLE.get(n, ("", ""))[0],
                requires_driving_licence=licence,
                insurance=_("Samverkan ordnar försäkring genom kommunen."),
                paperwork_by=_("Ungdomssamordningen sköter avtal och papper."),
                payment=_("Ingen lön under praktiken; aktivitetsstöd eller försörjningsstöd som förut.")
                if kind == PlacementKind.PLACEMENT
                else _("Lön enligt kollektivavtal."),
                anonymous=anonymous,
                created_by_name=_unit_user(unit),
            )
        )
    # The live course first: it takes the coordination's young people it has mapped; the past takes others.
    live = _live(run, units, placements)
    history = _history(run, employers, units, occupations)
    run.lines.append(
        _(
            "Matchning: samordnaren har kartlagt %(kartlagda)d unga; Lagerhuset Närkes anonyma plats har en kandidat "
            "med skickat CV och en föreslagen, köket en på intervju hos Arbetsförmedlingen och caféet en som "
            "praktiserar (en insats i planen, med en månadsuppföljning)"
        )
        % live
    )
    run.lines.append(
        _(
            "Praktik: %(placerade)d unga har gjort praktik det senaste året på %(platser)d avslutade platser, "
            "%(anstallda)d fick anställning efteråt"
        )
        % history
    )
    run.lines.append(
        _(
            "Arbetsgivare: %(arbetsgivare)d i Örebros register med %(kontakter)d kontakter (kommunen och "
            "Arbetsförmedlingen ringde Lagerhuset Närke samma vecka), %(platser)d platser på praktiktrappan, "
            "varav %(anonyma)d anonyma"
        )
        % {
            "arbetsgivare": len(employers),
            "kontakter": len(CONTACTS),
            "platser": len(placements),
            "anonyma": sum(1 for p in placements if p.anonymous),
        }
    )


def _unit_user(unit: str) -> str:
    username = {
        "Arbetsmarknadsenheten": "arbetsgivarkontakt",
        "Ungdomssamordning": "samordnare",
        "Arbetsförmedlingen Örebro, ungdomsteam": "arbetsformedlare",
    }.get(unit)
    return full_name(username) if username else unit


# Placements of the past year (employer, publishing unit, title, SSYK code, step, places, ended days ago):
# their candidates' outcomes are what the figures of placed and hired count.
PAST = (
    ("769444-4444", "Arbetsmarknadsenheten", "Café och återbruk, våren", "9412", LadderStep.SHELTERED, 6, 200),
    ("802333-3332", "Arbetsmarknadsenheten", "Second hand-butiken, våren", "5", LadderStep.SEMI_SHELTERED, 5, 180),
    ("559111-1116", "Ungdomssamordning", "Lokalvård, sommaren", "9111", LadderStep.SEMI_SHELTERED, 5, 120),
    ("556111-1112", "Ungdomssamordning", "Lager, sommaren", "4321", LadderStep.REAL, 6, 110),
    ("556222-2223", "Arbetsförmedlingen Örebro, ungdomsteam", "Kök, våren", "5120", LadderStep.REAL, 5, 150),
    ("212000-1967", "Ungdomssamordning", "Vårdbiträde, sommarvikariat", "5321", LadderStep.REAL, 8, 90),
    ("556777-7775", "Arbetsförmedlingen Örebro, ungdomsteam", "Butik, hösten", "5", LadderStep.REAL, 5, 40),
)
# How it went, by step: (hired, studies, completed without a job, ended early) weights.
OUTCOMES = {
    LadderStep.SHELTERED: (0.1, 0.2, 0.5, 0.2),
    LadderStep.SEMI_SHELTERED: (0.25, 0.15, 0.4, 0.2),
    LadderStep.REAL: (0.55, 0.1, 0.2, 0.15),
}
EARLY_REASONS = ("Flyttade från kommunen.", "Orkade inte heltid; ska prova en skyddad plats.", "Blev sjuk.")


def _history(run, employers, units, occupations) -> dict[str, int]:
    """Past placements with candidates who started and ended: a monthly follow-up each, then an outcome."""
    holders = {name: units[name] for name in {p[1] for p in PAST}}
    caseload = {
        unit.pk: sorted(OwnGround.objects.active_on(run.today).filter(unit=unit).values_list("person_id", flat=True))
        for unit in holders.values()
    }
    used = set(Candidate.objects.values_list("person_id", flat=True))
    made = {"placerade": 0, "platser": 0, "anstallda": 0}
    follow_ups = []
    for n, unit_name, title, code, step, places, ended_days in PAST:
        unit = holders[unit_name]
        end = run.today - timedelta(days=ended_days)
        start = end - timedelta(weeks=12)
        placement = Placement.objects.create(
            employer=employers[n],
            unit=unit,
            title=title,
            occupation=occupations.get(code) or occupations[code[0]],
            ssyk=code,
            step=step,
            places=places,
            start_date=start,
            end_date=end,
            supervisor=CONTACT_PEOPLE.get(n, ("", ""))[0],
            closed=True,
            created_by_name=_unit_user(unit_name),
        )
        made["platser"] += 1
        free = [p for p in caseload[unit.pk] if p not in used]
        for person_id in free[: run.rng.randint(places - 2, places)]:
            used.add(person_id)
            outcome = run.rng.choices(
                [Outcome.HIRED, Outcome.STUDIES, Outcome.COMPLETED, Outcome.ENDED_EARLY], weights=OUTCOMES[step]
            )[0]
            started = start + timedelta(days=run.rng.randint(0, 10))
            ended = end if outcome != Outcome.ENDED_EARLY else started + timedelta(days=run.rng.randint(10, 50))
            candidate = Candidate.objects.create(
                placement=placement,
                person_id=person_id,
                unit=unit,
                stage=Stage.ENDED,
                cv_sent_on=started - timedelta(days=20),
                interview_on=started - timedelta(days=10),
                started_on=started,
                ended_on=ended,
                outcome=outcome,
                employment_form=run.rng.choice([EmploymentForm.FIXED_TERM, EmploymentForm.PROBATION])
                if outcome == Outcome.HIRED
                else "",
                end_reason=run.rng.choice(EARLY_REASONS) if outcome == Outcome.ENDED_EARLY else "",
                created_by_name=_unit_user(unit_name),
            )
            follow_ups.append(
                CandidateFollowUp(
                    candidate=candidate,
                    date=min(started + timedelta(days=30), ended),
                    assessment=Assessment.RISK if outcome == Outcome.ENDED_EARLY else Assessment.GOOD,
                    supervisor_note=_("Kommer i tid och tar egna initiativ.")
                    if outcome != Outcome.ENDED_EARLY
                    else _("Har varit borta flera dagar."),
                    created_by_name=_unit_user(unit_name),
                )
            )
            made["placerade"] += 1
            made["anstallda"] += int(outcome == Outcome.HIRED)
    CandidateFollowUp.objects.bulk_create(follow_ups)
    return made


# What the coordination's own mappings say: interests that the demo's placements answer to.
COORDINATION_MAPPINGS = (
    (
        "Lager och logistik, gillar att plocka och packa",
        "Extrajobb på ett lager en sommar.",
        "Vill ta truckkort och jobba på lager.",
        "b",
    ),
    ("Matlagning och bakning", "Praktik i ett storkök i nian.", "Vill bli kock.", "inget"),
    ("Vård och omsorg, har tagit hand om sin mormor", "", "Vill jobba som undersköterska.", "b"),
    ("Bilar och motorer", "Har hjälpt till i en bilverkstad.", "Vill bli fordonsmekaniker.", "b"),
    ("Second hand och kläder", "", "Vill prova på butiksarbete.", "inget"),
    ("Lager, truck och logistik", "", "Vill ha ett jobb och egen lägenhet.", "inget"),
    ("Café och bakning", "", "Behöver komma igång i lugn takt.", "inget"),
    ("Städning och ordning", "Feriearbete inom parkförvaltningen.", "Vill ha ett jobb nära hemmet.", "inget"),
)


def _live(run, units, placements) -> dict[str, int]:
    """The coordination maps the young people it works with, so matching has something to go on, and the
    current placements have candidates at every stage of the course."""
    from fotfaste.mapping.models import CvStatus, EducationLevel, Mapping
    from fotfaste.mapping.services import ensure_levels
    from fotfaste.plans.models import Measure, MeasureStatus, Plan

    from . import matching
    from .course import measure_description, measure_type_for

    coordination = units["Ungdomssamordning"]
    work = units["Arbetsmarknadsenheten"]
    af = units["Arbetsförmedlingen Örebro, ungdomsteam"]
    levels = ensure_levels(coordination.party.agreement)
    busy = set(Candidate.objects.values_list("person_id", flat=True))

    def caseload(unit):
        return [
            p
            for p in OwnGround.objects.active_on(run.today)
            .filter(unit=unit)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            if p not in busy
        ]

    mapped = caseload(coordination)[: len(COORDINATION_MAPPINGS)]
    Mapping.objects.bulk_create(
        [
            Mapping(
                person_id=person_id,
                unit=coordination,
                talk_date=run.today - timedelta(days=run.rng.randint(10, 60)),
                education_level=EducationLevel.UPPER_SECONDARY_STARTED,
                interests=interests,
                work_experience=experience,
                goals=goal,
                driving_licence=licence,
                cv=CvStatus.YES,
                need_level=levels[min(i % 3, len(levels) - 1)],
                created_by=run.users.get("samordnare"),
                created_by_name=full_name("samordnare"),
            )
            for i, (person_id, (interests, experience, goal, licence)) in enumerate(
                zip(mapped, COORDINATION_MAPPINGS, strict=False)
            )
        ]
    )
    by_title = {p.title: p for p in placements}
    coordinator = run.users["samordnare"]

    def candidate(placement, person_id, unit, stage, **dates):
        facts = matching.person_facts(coordinator, run.today, [person_id]).get(person_id)
        reasons = []
        if facts is not None:
            suggestion = matching.score(facts, matching.placement_facts(placement))
            reasons = list(suggestion.reasons)
        busy.add(person_id)
        made = Candidate.objects.create(
            placement=placement,
            person_id=person_id,
            unit=unit,
            stage=stage,
            reasons=reasons,
            created_by_name=_unit_user(unit.name),
            **dates,
        )
        # Proposed before the first step it took (created_at is set on saving).
        first = min((d for d in dates.values() if hasattr(d, "isoformat")), default=None)
        if first is not None:
            proposed = datetime.combine(first - timedelta(days=5), time(9), tzinfo=timezone.get_current_timezone())
            Candidate.objects.filter(pk=made.pk).update(created_at=proposed)
        return made

    warehouse = by_title["Lagerarbete, plock och pack"]
    # The two warehouse-minded young people the coordination mapped: one has sent a CV, one is suggested.
    if mapped:
        candidate(warehouse, mapped[0], coordination, Stage.CV_SENT, cv_sent_on=run.today - timedelta(days=2))
        # Their joint plan, which the placement joins as a measure when it starts.
        if not Plan.objects.filter(person_id=mapped[0], closed_on__isnull=True).exists():
            Plan.objects.create(
                person_id=mapped[0],
                unit=coordination,
                goal_kind="arbete",
                goal=_("Ett jobb på lager, med truckkort."),
                revise_by=run.today + timedelta(days=90),
                updated_by_name=full_name("samordnare"),
            )
    if len(mapped) > 5:
        candidate(warehouse, mapped[5], coordination, Stage.SUGGESTED)
    kitchen = by_title["Kök och servering"]
    af_people = caseload(af)
    if af_people:
        candidate(
            kitchen,
            af_people[0],
            af,
            Stage.INTERVIEW,
            cv_sent_on=run.today - timedelta(days=9),
            interview_on=run.today - timedelta(days=1),
        )
    cafe = by_title["Café och återbruk"]
    work_people = caseload(work)
    if work_people:
        person_id = work_people[0]
        started = cafe.start_date + timedelta(days=2)
        plan = Plan.objects.filter(person_id=person_id, closed_on__isnull=True).first() or Plan.objects.create(
            person_id=person_id,
            unit=work,
            goal_kind="arbete",
            goal=_("Komma närmare arbete genom praktik i lugn takt."),
            revise_by=run.today + timedelta(days=60),
            updated_by_name=full_name("arbetsgivarkontakt"),
        )
        measure = Measure.objects.create(
            plan=plan,
            measure_type=measure_type_for(cafe.kind),
            description=measure_description(cafe),
            responsible="kommunen",
            responsible_unit=work,
            planned_start=started,
            planned_end=cafe.end_date,
            actual_start=started,
            status=MeasureStatus.ONGOING,
            follow_up_on=started + timedelta(days=60),
            evaluation_on=cafe.end_date,
        )
        running = candidate(
            cafe,
            person_id,
            work,
            Stage.STARTED,
            cv_sent_on=started - timedelta(days=14),
            interview_on=started - timedelta(days=7),
            started_on=started,
            measure=measure,
        )
        CandidateFollowUp.objects.create(
            candidate=running,
            date=started + timedelta(days=27),
            assessment=Assessment.SUPPORT,
            supervisor_note=_("Trivs i caféet; behöver stöd med att komma i tid på morgonen."),
            note=_("Vi ses igen om en månad."),
            created_by_name=full_name("arbetsgivarkontakt"),
        )
    return {"kartlagda": len(mapped)}

"""The adversarial matrix (issue 10): every route and API operation, every method, tried by everyone
who must not get at Åsa or Örebro's objects — with a real object of the right kind in every id slot.

Built from the URL configuration and the API's OpenAPI schema, so a new view or endpoint is covered
without anyone remembering it (a new kind of id slot fails here until it is given an object). For
each actor and request:

- no person data the actor may not see, and no secret of a kind their consent does not cover, in
  the answer;
- no state changed (every table but sessions and the log of the actor's own legitimate reads);
- an object the actor may not see answers exactly as a missing one (same status), and roles that
  never see persons keep their 403;
- no read of Åsa in the read log for an actor who may not see her.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from fotfaste.access.models import ReadLogEntry
from fotfaste.access.scope import scope_for
from fotfaste.access.services import Actor
from fotfaste.access.sharing import sharing_for
from fotfaste.accounts.models import User
from fotfaste.api.api import api
from fotfaste.consent import services as consents
from fotfaste.consent.models import ConsentDocument
from fotfaste.cycle.models import CycleActivity, CycleOccurrence
from fotfaste.disposal.models import DisposalRun, RetentionRule
from fotfaste.employers.models import Candidate, CollaborationAgreement, ContactPerson, Employer, Occupation, Placement
from fotfaste.followup.models import MANUAL, Goal, Indicator
from fotfaste.fund.models import BudgetLine, Grant
from fotfaste.incomesupport.models import IncomeSupportList
from fotfaste.kaa.models import KaaChange, KaaChangeList
from fotfaste.letters.models import LetterBatch, LetterTemplate
from fotfaste.listmatch.models import MatchRun
from fotfaste.mapping import services as mapping
from fotfaste.meetings.models import Action, AgendaItem, Invitation, Meeting
from fotfaste.orgs.models import Membership, Unit
from fotfaste.orgs.roles import CASEWORK_ROLES, Role
from fotfaste.outreach import services as outreach
from fotfaste.plans import services as plans
from fotfaste.plans.models import MeasureType
from fotfaste.programmes import services as programmes
from fotfaste.programmes.models import Contract, ContractFollowUp, Participation, PlacePeriod
from fotfaste.records import services as records
from fotfaste.registers.models import RegisterImport
from fotfaste.scb.models import ScbExport, ScbVersion
from fotfaste.team import services as team
from tests.conftest import PASSWORD, own_ground
from tests.integration.test_consent_access import give_consent

pytestmark = pytest.mark.django_db

MISSING = 987_654
SECRET = "HEMLIG"
ACTORS = [
    "anonym",
    "styrgrupp",
    "admin_annan_overenskommelse",
    "kaa_annan_kommun",
    "enhet_utan_grund",
    "samtycke_annan_typ",
    "samtycke_bara_identitet",
    "efter_aterkallelse",
    "efter_utgang",
]


def user(username, role, unit, **names):
    created = User.objects.create_user(username=username, password=PASSWORD, **names)
    Membership.objects.create(user=created, unit=unit, role=role)
    return created


@pytest.fixture
def target(world, settings, tmp_path):
    """Åsa in Örebro with every kind of object, and the actors who must not get at them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LETTER_DIR = tmp_path / "letters"
    asa, units, users = world["persons"]["asa"], world["units"], world["users"]
    today = timezone.localdate()
    kaa, social = Actor(users["kaa"]), Actor(users["socialsekreterare"])
    af_party, kommun = units["af"].party, units["kaa"].party

    # The actors.
    actor_units = {
        "samtycke_annan_typ": Unit.objects.create(party=af_party, name="AF Annan typ"),
        "samtycke_bara_identitet": Unit.objects.create(party=af_party, name="AF Bara identitet"),
        "efter_aterkallelse": Unit.objects.create(party=af_party, name="AF Återkallat"),
        "efter_utgang": Unit.objects.create(party=af_party, name="AF Utgånget"),
        "enhet_utan_grund": Unit.objects.create(party=kommun, name="Mentorsverksamheten"),
    }
    people = {
        "anonym": None,
        "styrgrupp": users["styrgrupp"],
        "kaa_annan_kommun": users["kaa.lekeberg"],
        "admin_annan_overenskommelse": user(
            "admin.lekeberg", Role.ADMIN, Unit.objects.create(party=units["lekeberg_kaa"].party, name="IT Lekeberg")
        ),
    }
    for key, unit in actor_units.items():
        role = Role.MENTOR if key == "enhet_utan_grund" else Role.EMPLOYMENT_OFFICER
        people[key] = user(key.replace("_", "."), role, unit, first_name=key)
    # Their consents: another kind than identity; identity only; withdrawn; expired.
    all_kinds = {"identitet", "sysselsattning_plan", "af", "forsorjningsstod", "halsa"}
    for key, kinds, state in (
        ("samtycke_annan_typ", {"af"}, "valid"),
        ("samtycke_bara_identitet", {"identitet"}, "valid"),
        ("efter_aterkallelse", all_kinds, "withdrawn"),
        ("efter_utgang", all_kinds, "expired"),
    ):
        c = give_consent(asa, units["kaa"], kinds, state=state, confirmed_by=[units["kaa"], units["social"]])
        c.recipients.create(party=kommun, unit=units["kaa"])
        c.recipients.create(party=af_party, unit=actor_units[key])
        c.recipients.create(party=kommun, unit=units["social"])

    # Åsa's objects, each held by Örebro's units and carrying a secret.
    own_ground(asa, units["social"], today - timedelta(days=30))
    consent = consents.record_consent(
        kaa, asa, unit=units["kaa"], parties=[], units=[units["social"]], kinds=sorted(all_kinds),
        purpose=f"{SECRET} samordning", status="lamnat", method="underskrift",
        given_by="personen_och_vardnadshavare", guardian_name="Eva Öberg", valid_from=today,
    )  # fmt: skip
    scan = ConsentDocument(consent=consent, name="samtycke.pdf")
    scan.file.save("samtycke.pdf", ContentFile(b"%PDF-1.4 " + SECRET.encode()), save=True)
    member = team.add_member(kaa, asa, unit=units["kaa"], user=users["kaa"], role="kaa", is_main_contact=True,
                             start_date=today)  # fmt: skip
    records.add_record(
        kaa, asa, unit=units["kaa"], kind="sysselsattning_plan", title=f"{SECRET}-PLAN", start_date=today
    )
    records.add_record(
        social, asa, unit=units["social"], kind="forsorjningsstod", title=f"{SECRET}-FS", start_date=today
    )
    made_mapping = mapping.record_mapping(
        kaa, asa, unit=units["kaa"], talk_date=today, education_level="grundskola", driving_licence="b", cv="nej",
        interests=f"{SECRET}-intresse",
    )  # fmt: skip
    plan = plans.create_plan(
        kaa, asa, sharing_for(scope_for(users["kaa"]), asa.pk, today), unit=units["kaa"], goal_kind="arbete",
        goal=f"{SECRET}-mål",
    )  # fmt: skip
    measure = plans.add_measure(
        kaa, asa, plan, measure_type=MeasureType.objects.get(name="Praktik"), description=f"{SECRET}-insats",
        responsible="personen", planned_start=today, status="planerad",
    )  # fmt: skip
    review = Meeting.objects.create(kind="arendedragning", unit=units["kaa"], title=f"{SECRET} möte",
                                    starts_at=timezone.now() + timedelta(days=2))  # fmt: skip
    item = AgendaItem.objects.create(meeting=review, person=asa, decision=f"{SECRET}-beslut")
    action = Action.objects.create(item=item, description=f"{SECRET}-åtgärd", responsible=users["kaa"],
                                   due_on=today + timedelta(days=7))  # fmt: skip
    info = Meeting.objects.create(kind="informationsmote", unit=units["kaa"], title=f"{SECRET} info",
                                  starts_at=timezone.now() + timedelta(days=3))  # fmt: skip
    invitation = Invitation.objects.create(meeting=info, person=asa, channel="sms")
    line = BudgetLine.objects.create(
        agreement=world["agreements"]["orebro"], name="Resor", year=today.year, amount=5000
    )
    grant = Grant.objects.create(person=asa, unit=units["kaa"], requested_by=users["kaa"], requested_by_name="Kaa",
                                 budget_line=line, purpose="resekort", description=f"{SECRET}-bidrag", amount=700)  # fmt: skip
    outreach.record_contact(kaa, asa.pk, contacted_on=today, channel="telefon", outcome="ej_nadd",
                            note=f"{SECRET}-kontakt", today=today)  # fmt: skip
    imp = RegisterImport.objects.create(kind="folkbokforing", municipality_id="1880", as_of=today, file_name="f.csv",
                                        sha256="0" * 64, status="inlast")  # fmt: skip
    KaaChange.objects.create(
        register_import=imp, municipality_id="1880", person=asa, direction="in", reason="avbrott", day=today
    )
    KaaChangeList.objects.create(register_import=imp, municipality_id="1880", day=today, entered=1)
    template = LetterTemplate.objects.create(municipality_id="1880", kind="inbjudan", heading=f"{SECRET} brev",
                                             body="Hej {fornamn}")  # fmt: skip
    batch = LetterBatch.objects.create(municipality_id="1880", kind="inbjudan", selection="Alla",
                                       person_ids=[asa.pk], requested_by=users["kaa"], requested_by_name="Kaa",
                                       status="klar", letters=1)  # fmt: skip
    run = MatchRun.objects.create(
        municipality_id="1880", party=af_party, party_name=af_party.name, legal_basis="samtycke",
        legal_reference=f"{SECRET} grund", created_by=users["kaa"], created_by_name="Kaa", matched_on=today,
        rows_read=1, numbers_read=1, unreadable_rows=0, matched=1,
    )  # fmt: skip
    rule = RetentionRule.objects.create(category="kaa_register", years_after_kaa_end=3, decision_reference="BUN 1",
                                        decided_on=today)  # fmt: skip
    disposal_run = DisposalRun.objects.create(started_at=timezone.now(), run_by_name="root", dry_run=True,
                                              run_on=today)  # fmt: skip
    scb_version = ScbVersion.objects.first()
    scb_export = ScbExport.objects.create(
        municipality_id="1880", half="2026H1", version=scb_version, version_code=scb_version.code,
        spec=scb_version.spec, filename="KAA_1880_2026H1.csv", content=f"1;1880;{asa.personnummer}".encode(),
        person_ids=[[asa.pk, asa.personnummer, ""]], registrations=1, created_by_name="Kaa",
    )  # fmt: skip
    # A participation in a programme, held by the KAA unit, with its three-party contract and a follow-up.
    participation = Participation.objects.create(
        programme=programmes.add_from_catalogue(world["agreements"]["orebro"], "utbildningskontrakt"),
        person=asa, unit=units["kaa"], step_since=today, status="vald", note=f"{SECRET}-deltagande",
    )  # fmt: skip
    contract = Contract.objects.create(participation=participation, counterpart="kommun",
                                       counterpart_name=f"{SECRET}-part", studies=f"{SECRET}-studier",
                                       start_date=today)  # fmt: skip
    ContractFollowUp.objects.create(contract=contract, on=today, work=f"{SECRET}-uppföljning")
    kaa_membership = Membership.objects.get(user=users["kaa"])
    # Goals are no secret to the steering group (it reads them), so they carry none.
    goal = Goal.objects.create(agreement=world["agreements"]["orebro"], title="Färre unga med försörjningsstöd")
    indicator = Indicator.objects.create(goal=goal, name="Unga med försörjningsstöd", kind=MANUAL, unit="antal")
    # The annual cycle: Örebro's, no person in it; its occurrence is the KAA caseworker's, no actor's.
    cycle_activity = CycleActivity.objects.create(
        agreement=world["agreements"]["orebro"], name="Styrgruppsmöte", kind="styrgrupp", months=[2, 5, 9, 11]
    )
    cycle_occurrence = CycleOccurrence.objects.create(
        activity=cycle_activity, due_on=today + timedelta(days=5), responsible=users["kaa"]
    )
    # A programme's routine: Åsa at its first step, held by the KAA unit, and a place period.
    programme = programmes.add_from_catalogue(world["agreements"]["orebro"], "traineejobb_valfard")
    in_routine = Participation.objects.create(programme=programme, person=asa, unit=units["kaa"], step_since=today)
    period = PlacePeriod.objects.create(programme=programme, name="Hösten", start_date=today, end_date=today, places=1)
    # An employer in Örebro's register, with a contact person and an agreement held by the KAA unit.
    employer = Employer.objects.create(
        agreement=world["agreements"]["orebro"], organisation_number="556677-8899", name="Lagerhuset", sector="privat"
    )
    contact_person = ContactPerson.objects.create(employer=employer, name="Eva Ek")
    collaboration = CollaborationAgreement.objects.create(employer=employer, kind="matchning", unit=units["kaa"])
    # An anonymous placement the KAA unit published (the agreement's: every casework role of it sees the
    # listing), and Åsa as its candidate, held by the KAA unit, with the reasons she was proposed for.
    placement = Placement.objects.create(employer=employer, unit=units["kaa"], occupation=Occupation.objects.get(code="9"),
                                         ssyk="9", step="skyddad", places=1, start_date=today, end_date=today,
                                         anonymous=True)  # fmt: skip
    candidate = Candidate.objects.create(placement=placement, person=asa, unit=units["kaa"], stage="intervju",
                                         reasons=[f"{SECRET}-skäl"])  # fmt: skip
    # A monthly income-support list the social services unit read in (its file name is what could leak).
    income_list = IncomeSupportList.objects.create(
        unit=units["social"], municipality_id="1880", file_name=f"{SECRET}.csv", sha256="0" * 64,
        first_month=today.replace(day=1), last_month=today.replace(day=1), rows=1, persons=1, added=1,
        created_by_name="Socialsekreterare",
    )  # fmt: skip
    objects = {
        "income_list": income_list.pk,
        "employer": employer.pk,
        "contact_person": contact_person.pk,
        "collaboration": collaboration.pk,
        "person": asa.pk,
        "consent_id": consent.pk,
        "document_id": scan.pk,
        "member_id": member.pk,
        "mapping_id": made_mapping.pk,
        "plan_id": plan.pk,
        "measure_id": measure.pk,
        "number": 1,
        "meeting_id": review.pk,
        "item_id": item.pk,
        "action_id": action.pk,
        "invitation_id": invitation.pk,
        "grant_id": grant.pk,
        "line_id": line.pk,
        "agreement_pk": world["agreements"]["orebro"].pk,
        "party_pk": kommun.pk,
        "membership_pk": kaa_membership.pk,
        "type_id": MeasureType.objects.get(name="Praktik").pk,
        "import": imp.pk,
        "code": "1880",
        "template": template.pk,
        "batch": batch.pk,
        "match_run": run.pk,
        "agreement": world["agreements"]["orebro"].pk,
        "party": kommun.pk,
        "unit": units["kaa"].pk,
        "user": users["kaa"].pk,
        "rule": rule.pk,
        "disposal_run": disposal_run.pk,
        "scb_export": scb_export.pk,
        "scb_version": scb_version.pk,
        "goal_id": goal.pk,
        "indicator_id": indicator.pk,
        "activity_id": cycle_activity.pk,
        "occurrence_id": cycle_occurrence.pk,
        "participation": participation.pk,
        "in_routine": in_routine.pk,
        "period": period.pk,
        "placement": placement.pk,
        "candidate": candidate.pk,
        "action": "starta",
    }
    return {**world, "actors": people, "objects": objects, "invitation_meeting": info.pk}


# --- Routes ---------------------------------------------------------------------------------


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}"


SLOT = re.compile(r"<(?:(\w+):)?(\w+)>")
# Web routes whose `pk` is not a person: which object it is, by the route name's beginning.
PK_OBJECTS = {
    "registers:": "import",
    "letters:template": "template",
    "letters:example": "template",
    "letters:batch": "batch",
    "listmatch:": "match_run",
    "orgs:agreement": "agreement",
    "orgs:party": "party",
    "orgs:unit": "unit",
    "orgs:user": "user",
    "orgs:membership": "user",
    "disposal:rule": "rule",
    "disposal:run": "disposal_run",
    "disposal:confirm": "disposal_run",
    "scb:file": "scb_export",
    "scb:version": "scb_version",
    "programmes:participation": "participation",
    "programmes:contract": "participation",
    "programmes:board_": "in_routine",
    "programmes:period_measure": "in_routine",
    "incomesupport:remove": "income_list",
    "employers:placement": "placement",
    "employers:candidate": "candidate",
    "employers:": "employer",
}


def fill(route: str, name: str, objects: dict, missing: bool) -> str | None:
    """The route with an object (or a missing id) in every slot; None for routes left to other tests."""
    if route.startswith("^") or "(?P" in route:
        return None  # the API, walked through its schema below; the JSON 404 catch-all

    def slot(match):
        kwarg = match.group(2)
        if kwarg == "channel":
            return "sms"
        if kwarg == "year":
            return str(timezone.localdate().year)
        if kwarg == "pk" and route.startswith("personer/"):
            key = "person"
        elif kwarg == "pk":
            key = next((obj for prefix, obj in PK_OBJECTS.items() if name.startswith(prefix)), None)
            assert key, f"Ge {name} ({route}) ett objekt för <pk> i PK_OBJECTS."
        else:
            key = kwarg
        assert key in objects, f"Ge <{kwarg}> i {name} ({route}) ett objekt i target-fixturen."
        return str(MISSING if missing else objects[key])

    return "/" + SLOT.sub(slot, route)


def web_routes():
    public = {"core:accessibility", "core:accessibility_report", "accounts:login", "accounts:logout"}
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if name not in public and not route.startswith("api/")
    ]


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation.get("operationId", "")


# Plausible bodies, so that an endpoint's own checks are reached rather than the schema's 422.
API_BODIES = {
    "POST /api/v1/persons/{personnummer}/consents": {
        "parter": ["202100-2114"],
        "informationstyper": ["identitet"],
        "status": "lamnat",
        "satt": "muntligt",
        "lamnat_av": "personen_och_vardnadshavare",
        "vardnadshavare": "Eva",
        "giltig_fran": "2026-01-01",
    },  # fmt: skip
    "POST /api/v1/persons/{personnummer}/team": {"roll": "arbetsformedlare"},
    "POST /api/v1/persons/{personnummer}/records": {"typ": "af", "titel": "Inskriven"},
    "POST /api/v1/consents/{consent_id}/withdraw": {"anteckning": "Ringde"},
}


def api_path(path: str, objects: dict, asa_number: str, missing: bool) -> str:
    def slot(match):
        name = match.group(1)
        if name == "personnummer":
            return "199001012380" if missing else asa_number
        assert name in objects, f"Ge {{{name}}} i {path} ett objekt i target-fixturen."
        return str(MISSING if missing else objects[name])

    return re.sub(r"\{(\w+)\}", slot, path)


# --- The checks -----------------------------------------------------------------------------


WRITE = re.compile(r"""^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)""", re.IGNORECASE)
# Tables a request may write to when it must change nothing: the session, the log of the actor's own
# reads (checked apart: never about Åsa for those who may not see her) and the API token's last use.
NOT_STATE = {"django_session", "access_readlogentry", "accounts_apitoken", "accounts_loginfailure"}


class Writes:
    """Every table a request writes to (INSERT, UPDATE, DELETE), but those that are no state."""

    def __init__(self):
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        found = WRITE.match(sql)
        if found and found.group(1).lower() not in NOT_STATE:
            self.tables.append(found.group(1))
        return execute(sql, params, many, context)


def protected_texts(person) -> list[str]:
    """Sara Skyddad by her names and number: her last name alone is also the placement ladder's first step
    ("Skyddad", seed 001), which every casework page about placements rightly shows."""
    return [f"{person.first_name} {person.last_name}", f"{person.last_name}, {person.first_name}", person.personnummer]


def forbidden_texts(world) -> list[str]:
    asa = world["persons"]["asa"]
    number = asa.personnummer
    return [
        asa.last_name,
        number,
        f"{number[:8]}-{number[8:]}",
        f"{number[2:8]}-{number[8:]}",
        asa.street_address,
        *protected_texts(world["persons"]["protected"]),
        world["persons"]["ali"].last_name,
        SECRET,
    ]


def casework_in(actor, agreement) -> bool:
    return any(a == agreement.pk and role in CASEWORK_ROLES for a, role in scope_for(actor).agreement_roles)


def client_for(actor, kind: str) -> Client:
    if kind == "api":
        if actor is None:
            return Client()
        from tests.api.conftest import issue_token

        return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(actor.username)}")
    client = Client(enforce_csrf_checks=True)
    if actor is not None:
        client.force_login(actor)
    client.get("/konto/logga-in/")  # the CSRF cookie, as a browser gets it
    return client


def post(client: Client, path: str, data=None):
    token = client.cookies.get("csrftoken")
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": token.value if token else ""})


@pytest.mark.parametrize("who", ACTORS)
def test_nobody_gets_at_what_they_may_not_see(target, who):
    actor = target["actors"][who]
    objects = target["objects"]
    asa = target["persons"]["asa"]
    sees_asa = who == "samtycke_bara_identitet"
    texts = forbidden_texts(target)
    if sees_asa:  # her identity is shared with this unit; nothing else is
        texts = [SECRET, *protected_texts(target["persons"]["protected"]), target["persons"]["ali"].last_name]
    web = client_for(actor, "web")
    writes = Writes()
    problems, checked = [], 0
    # The annual cycle is the whole agreement's and names no person: every member of Örebro's agreement
    # reads its year view and occurrences (so answers otherwise than for a missing one), and changes nothing.
    orebro_member = (
        actor is not None
        and Membership.objects.filter(
            user=actor, active=True, unit__party__agreement=target["agreements"]["orebro"]
        ).exists()
    )
    orebro_casework = orebro_member and casework_in(actor, target["agreements"]["orebro"])

    def check(label, response, missing_response, may_see_object, reads_agreement=False):
        nonlocal checked
        checked += 1
        written = set(writes.tables)
        writes.tables.clear()
        if may_see_object:
            # A unit that sees the person under a consent may record its own work; it never gets a
            # ground of its own that way.
            written &= {"access_ownground"}
        if label == "GET /kaa/brev/":
            # The letters page makes the user's own municipality's default templates on the first visit.
            written -= {"letters_lettertemplate"}
        if written:
            problems.append(f"{label}: skrev i {sorted(written)}")
        body = b"" if getattr(response, "streaming", False) else response.content
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        text = body.decode("utf-8", errors="replace")
        if response.status_code >= 500:
            problems.append(f"{label}: {response.status_code}")
        for t in texts:
            if t and t in text:
                problems.append(f"{label}: visade {t!r}")
        person_route = "/personer/" in label or "/api/v1/persons" in label
        if (
            who in ("styrgrupp", "admin_annan_overenskommelse")
            and person_route
            and response.status_code not in (403, 405)
        ):
            problems.append(f"{label}: en roll som aldrig ser personer fick {response.status_code}, inte 403")
        if (
            not may_see_object
            and not reads_agreement
            and missing_response is not None
            and response.status_code != missing_response.status_code
        ):
            problems.append(
                f"{label}: {response.status_code}, men {missing_response.status_code} för ett saknat objekt"
            )

    with connection.execute_wrapper(writes):
        for route, name in web_routes():
            path = fill(route, name, objects, missing=False)
            if path is None:
                continue
            missing_path = fill(route, name, objects, missing=True)
            missing_path = None if missing_path == path else missing_path
            only_person = sees_asa and route.startswith("personer/<int:pk>/") and route.count("<") == 1
            for method in ("GET", "POST"):
                send = web.get if method == "GET" else lambda p: post(web, p)
                response = send(path)
                missing = send(missing_path) if missing_path else None
                reads_agreement = orebro_member and (
                    (method == "GET" and name.startswith("cycle:")) or name.startswith("employers:placement")
                )
                # Employers are organisations that every casework role of the agreement sees and keeps:
                # Örebro's units answer for them otherwise than for a missing one (and still change nothing).
                reads_agreement |= (
                    orebro_casework and name.startswith("employers:") and not name.startswith("employers:candidate")
                )
                check(
                    f"{method} {path}", response, missing, may_see_object=only_person, reads_agreement=reads_agreement
                )

        api_client = client_for(actor, "api")
        for path, method, _operation in api_operations():
            real = api_path(path, objects, asa.personnummer, missing=False)
            gone = api_path(path, objects, asa.personnummer, missing=True)
            body = API_BODIES.get(f"{method} {path}")
            send = getattr(api_client, method.lower())
            kwargs = {"data": body, "content_type": "application/json"} if method == "POST" else {}
            response, missing = send(real, **kwargs), send(gone, **kwargs)
            only_person = sees_asa and path.count("{") == 1 and "{personnummer}" in path
            check(f"API {method} {real}", response, missing if real != gone else None, may_see_object=only_person)

    assert checked > 200
    assert not problems, "\n".join(problems)
    if not sees_asa:
        assert not ReadLogEntry.objects.filter(personnummer=asa.personnummer).exclude(username="kaa").exists()


@pytest.mark.parametrize("who", ["kaa", "socialsekreterare", "root"])
def test_every_route_answers_those_who_may_use_it_without_an_error(target, who):
    """The other side of the matrix: with the database guard on, every page, file and API answer that the
    KAA caseworker (who sees all of Åsa's KAA objects), social services or the installation's
    administrator opens works — a read of persons behind restrict()'s back would be a 500 here."""
    actor = target["users"][who]
    objects = target["objects"]
    web, api_client = client_for(actor, "web"), client_for(actor, "api")
    errors, checked = [], 0
    for route, name in web_routes():
        path = fill(route, name, objects, missing=False)
        if path is None or name in ("accounts:logout",):
            continue
        response = web.get(path)
        checked += 1
        if response.status_code >= 500:
            errors.append(f"GET {path}: {response.status_code}")
    for path, method, _operation in api_operations():
        if method != "GET":
            continue
        real = api_path(path, objects, target["persons"]["asa"].personnummer, missing=False)
        response = api_client.get(real)
        checked += 1
        if response.status_code >= 500:
            errors.append(f"API GET {real}: {response.status_code}")
    assert checked > 100
    assert not errors, "\n".join(errors)

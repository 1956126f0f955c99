"""The pre-export check: everything the configured checks would reject, per person, with a link to fix it.

The checks' logic is here; which of them apply is the version's choice (``kontroller`` in spec.py).
Two are about the configuration itself, applied to every record of the file: a value with no code in
the version's code list (``kod_saknas``) and an empty required column (``obligatoriskt_varde``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .basis import Basis
from .spec import Spec

CATALOGUE = {
    "sysselsattning_vid_kontakt": gettext_lazy("Varje kontakt har en sysselsättning."),
    "atgard_startdatum": gettext_lazy("En påbörjad eller avslutad insats har ett startdatum."),
    "atgard_slut_fore_start": gettext_lazy("En insats slutar inte före sin start."),
    "atgard_avslutad_utan_slut": gettext_lazy("En avslutad insats har ett slutdatum."),
    "period_slut_fore_start": gettext_lazy("En registrering slutar inte före sin start."),
    "kod_saknas": gettext_lazy("Varje värde har en kod i versionens kodlistor."),
    "obligatoriskt_varde": gettext_lazy("Varje obligatorisk kolumn har ett värde."),
}


# Basis fields whose emptiness a logic check reports better than "obligatoriskt_varde" would.
FIELD_CHECKS = {"sysselsattning": "sysselsattning_vid_kontakt", "start": "atgard_startdatum"}


@dataclass(frozen=True)
class Problem:
    person_id: int
    personnummer: str
    check: str
    text: str
    link: str = ""  # where to fix it; "" when the version's configuration must change

    def row(self) -> list[str]:
        return [self.personnummer, self.text]


def _measure_link(person_id: int, plan_id: int, measure_id: int) -> str:
    return reverse("plans:measure_edit", kwargs={"pk": person_id, "plan_id": plan_id, "measure_id": measure_id})


def logic_problems(basis: Basis, spec: Spec) -> Iterator[Problem]:
    on = spec.checks
    if "period_slut_fore_start" in on:
        for r in basis.registrations:
            if r.end and r.end < r.start:
                yield Problem(
                    r.person_id,
                    r.personnummer,
                    "period_slut_fore_start",
                    _("Registreringen slutar %(slut)s, före sin start %(start)s.")
                    % {"slut": r.end.isoformat(), "start": r.start.isoformat()},
                    reverse("people:detail", args=[r.person_id]),
                )
    if "sysselsattning_vid_kontakt" in on:
        for c in basis.contacts:
            if not c.occupation:
                yield Problem(
                    c.person_id,
                    c.personnummer,
                    "sysselsattning_vid_kontakt",
                    _("Sysselsättning saknas vid kontakten %(datum)s: ange vad personen gjorde då.")
                    % {"datum": c.day.isoformat()},
                    reverse("outreach:occupation_create", args=[c.person_id]),
                )
    for m in basis.measures:
        link = _measure_link(m.person_id, m.plan_id, m.measure_id)
        if "atgard_startdatum" in on and not m.start:
            yield Problem(
                m.person_id,
                m.personnummer,
                "atgard_startdatum",
                _("Insatsen ”%(namn)s” saknar startdatum (faktisk start).") % {"namn": m.name},
                link,
            )
        if "atgard_slut_fore_start" in on and m.start and m.actual_end and m.actual_end < m.start:
            yield Problem(
                m.person_id,
                m.personnummer,
                "atgard_slut_fore_start",
                _("Insatsen ”%(namn)s” slutar %(slut)s, före sin start %(start)s.")
                % {"namn": m.name, "slut": m.actual_end.isoformat(), "start": m.start.isoformat()},
                link,
            )
        if "atgard_avslutad_utan_slut" in on and m.status == "avslutad" and not m.actual_end:
            yield Problem(
                m.person_id,
                m.personnummer,
                "atgard_avslutad_utan_slut",
                _("Insatsen ”%(namn)s” är avslutad men saknar slutdatum.") % {"namn": m.name},
                link,
            )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.personnummer, p.check, p.text))

"""Import a population, school-enrolment or diploma file at the shell: check, show what it would change, store."""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.access.guard import unrestricted
from fotfaste.access.services import SystemUser
from fotfaste.core.export import csv_writer

from ... import imports
from ...columns import COLUMNS
from ...models import UNIT_REGISTERS, ImportChannel, ImportProblem, ImportStatus, RegisterKind

SHOWN_PROBLEMS = 50


class Command(GuardedCommand):
    help = _(
        "Läser in en registerfil (CSV eller XLSX) för en kommun: folkbokforing, elevregister, betyg eller "
        "af_inskrivning (Arbetsförmedlingens egen enhets register). "
        "Filen kontrolleras först; finns det fel lagras ingenting och kommandot avslutas med felkod."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=RegisterKind.values,
            metavar="REGISTER",
            help=_("folkbokforing, elevregister, betyg eller af_inskrivning"),
        )
        parser.add_argument("file", metavar="FIL", help=_("Sökväg till CSV- eller XLSX-filen."))
        parser.add_argument("--municipality", required=True, metavar="KOD", help=_("Kommunkod, t.ex. 1880."))
        parser.add_argument(
            "--unit",
            type=int,
            metavar="ENHETS-ID",
            help=_(
                "För af_inskrivning: Arbetsförmedlingens enhet vars register filen är. Behövs bara när kommunens "
                "samverkan har fler än en sådan enhet."
            ),
        )
        parser.add_argument("--as-of", metavar="ÅÅÅÅ-MM-DD", help=_("Uttagsdatum; standard är i dag."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Kontrollera och visa förändringarna utan att lagra något.")
        )
        parser.add_argument(
            "--problems", metavar="CSV", help=_("Skriv alla fel och meddelanden till den här CSV-filen.")
        )
        parser.add_argument(
            "--confirm-disappeared",
            type=int,
            metavar="ANTAL",
            help=_(
                "Bekräfta att ett folkbokföringsuttag avslutar folkbokföringen för så här många personer. "
                "Krävs när uttaget skulle avsluta mer än en tiondel av kommunens folkbokförda (och fler än 20)."
            ),
        )

    def handle(self, *args, kind, file, municipality, as_of, dry_run, problems, confirm_disappeared=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Filen %(fil)s finns inte.") % {"fil": file})
        day = self._date(as_of)
        unit = self._unit(kind, municipality, options.get("unit"))
        user = SystemUser.current()
        try:
            imp = imports.create_import(
                kind=kind,
                municipality=municipality,
                path=path.resolve(),
                file_name=path.name,
                as_of=day,
                user_name=user.username,
                channel=ImportChannel.COMMAND,
                unit=unit,
            )
        except imports.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        if imp.status == ImportStatus.NEEDS_MAPPING:
            imports.discard(imp)
            raise CommandError(self._mapping_help(imp))
        self.stderr.write(
            _("Import #%(nr)d: %(register)s för %(kommun)s per %(datum)s, fil %(fil)s")
            % {
                "nr": imp.pk,
                "register": imp.get_kind_display(),
                "kommun": municipality,
                "datum": day.isoformat(),
                "fil": path.name,
            }
        )
        with unrestricted("registerimport"):
            imports.check(imp, progress=self._progress())
        imp.refresh_from_db()
        self._report_problems(imp, problems)
        if imp.status == ImportStatus.REJECTED:
            raise CommandError(
                _("Filen har %(antal)d fel. Inget lästes in. Rätta filen och läs in den igen.") % {"antal": imp.errors}
            )
        self.stdout.write(self._preview_text(imp))
        if dry_run:
            imports.discard(imp, ImportStatus.DRY_RUN)
            self.stdout.write(_("Provkörning: inget lästes in."))
            return
        if imports.needs_confirmation(imp.disappeared, imp.registered) and confirm_disappeared != imp.disappeared:
            message = self._confirmation_help(imp, confirm_disappeared)
            imports.discard(imp, failure=message)
            raise CommandError(message)
        notices_before = imp.notices
        try:
            with unrestricted("registerimport"):
                imports.commit(
                    imp,
                    actor_name=user.username,
                    progress=self._progress(),
                    confirmed_disappeared=confirm_disappeared,
                )
        except imports.ReviewAgain as exc:
            imp.refresh_from_db()
            message = self._confirmation_help(imp, confirm_disappeared)
            imports.discard(imp, failure=message)
            raise CommandError(f"{exc} {message}") from None
        except imports.ImportRefused as exc:
            raise CommandError(str(exc)) from None
        imp.refresh_from_db()
        if kind in UNIT_REGISTERS:
            self.stdout.write(_("Inläst (import #%(nr)d) för %(enhet)s.") % {"nr": imp.pk, "enhet": unit.name})
        else:
            self.stdout.write(
                _("Inläst (import #%(nr)d). In i KAA: %(in)d, ut ur KAA: %(ut)d.")
                % {"nr": imp.pk, "in": imp.entered_kaa, "ut": imp.left_kaa}
            )
        if imp.notices > notices_before:
            # Held back because newer files were already read in: decided under the read-in's lock.
            self.stdout.write(
                _("Meddelanden från inläsningen: %(n)d (uppgifter som nyare filer redan har gett).")
                % {"n": imp.notices - notices_before}
            )
            self._report_problems(imp, problems)

    def _unit(self, kind: str, municipality: str, unit_id: int | None):
        """The unit whose own register the file is: the one given, or the municipality's only AF unit."""
        if kind not in UNIT_REGISTERS:
            return None
        units = list(imports.register_units(municipality).order_by("pk"))
        names = "; ".join(f"{u.pk} ({u.name})" for u in units)
        if unit_id is not None:
            chosen = next((u for u in units if u.pk == unit_id), None)
            if chosen is None:
                raise CommandError(
                    _(
                        "Enhet %(id)d är inte Arbetsförmedlingens enhet i samverkan för %(kommun)s. Möjliga: %(enheter)s."
                    )
                    % {"id": unit_id, "kommun": municipality, "enheter": names or _("inga")}
                )
            return chosen
        if len(units) == 1:
            return units[0]
        if not units:
            raise CommandError(
                _(
                    "Ingen samverkan för kommun %(kommun)s har någon enhet hos Arbetsförmedlingen. Lägg till "
                    "Arbetsförmedlingen som part med en enhet innan dess register läses in."
                )
                % {"kommun": municipality}
            )
        raise CommandError(
            _("Kommun %(kommun)s har flera enheter hos Arbetsförmedlingen; ange en med --unit: %(enheter)s.")
            % {"kommun": municipality, "enheter": names}
        )

    def _confirmation_help(self, imp, given: int | None) -> str:
        text = _(
            "Uttaget skulle avsluta folkbokföringen för %(antal)d av %(av)d personer i %(kommun)s. Inget lästes in. "
            "Kontrollera att det är rätt fil och hela uttaget. Är det rätt, kör kommandot igen med "
            "--confirm-disappeared %(antal)d."
        ) % {"antal": imp.disappeared, "av": imp.registered, "kommun": imp.municipality.name}
        if given is not None:
            text += " " + _("(Du angav %(angivet)d.)") % {"angivet": given}
        return text

    def _date(self, text: str | None) -> date:
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(_("Ogiltigt datum i --as-of: ange ÅÅÅÅ-MM-DD, till exempel 2026-03-16.")) from None

    def _mapping_help(self, imp) -> str:
        missing = [c for c in COLUMNS[imp.kind] if c.required and c.name not in imp.columns]
        return _(
            "Filen saknar kolumner som krävs: %(saknas)s. Filens kolumner är: %(har)s. "
            "Byt namn på kolumnerna, eller koppla dem en gång i webbgränssnittet (Registerimport), "
            "så känns filer med samma kolumner igen även här."
        ) % {
            "saknas": ", ".join(f"{c.name} ({c.label})" for c in missing),
            "har": ", ".join(imp.header),
        }

    def _progress(self):
        last = {"percent": -1, "phase": ""}
        interactive = sys.stderr.isatty()

        def report(imp):
            percent = imp.progress_percent
            if imp.phase != last["phase"] or percent >= last["percent"] + (1 if interactive else 10):
                last["percent"], last["phase"] = percent, imp.phase
                self.stderr.write(
                    _("%(fas)s: %(klart)d av %(totalt)d (%(procent)d %%)")
                    % {"fas": imp.phase, "klart": imp.progress_done, "totalt": imp.progress_total, "procent": percent}
                )

        return report

    def _report_problems(self, imp, path: str | None) -> None:
        problems = ImportProblem.objects.filter(register_import=imp).order_by("severity", "row", "id")
        if path:
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv_writer(f)
                writer.writerow([_("typ"), _("rad"), _("kolumn"), _("problem")])
                for p in problems.iterator():
                    writer.writerow([p.get_severity_display(), p.row or "", p.column, p.message])
        shown = 0
        for p in problems[:SHOWN_PROBLEMS]:
            where = _("Rad %(rad)s") % {"rad": p.row} if p.row else _("Filen")
            if p.column:
                where += _(", kolumn %(kolumn)s") % {"kolumn": p.column}
            self.stderr.write(f"{p.get_severity_display()}: {where}: {p.message}")
            shown += 1
        total = imp.errors + imp.notices
        if total > shown:
            self.stderr.write(
                _("… och %(fler)d till. Hela listan: --problems FIL.csv, eller import #%(nr)d i webbgränssnittet.")
                % {"fler": total - shown, "nr": imp.pk}
            )

    def _preview_text(self, imp) -> str:
        lines = [
            _("Rader: %(n)d") % {"n": imp.rows},
            _("Nya: %(n)d") % {"n": imp.new},
            _("Ändrade: %(n)d") % {"n": imp.changed},
            _("Oförändrade: %(n)d") % {"n": imp.unchanged},
        ]
        if imp.kind == RegisterKind.POPULATION:
            lines.append(_("Försvunna (tas som utflyttade): %(n)d") % {"n": imp.disappeared})
        if imp.notices:
            lines.append(_("Meddelanden: %(n)d") % {"n": imp.notices})
        return "\n".join(lines)

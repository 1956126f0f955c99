"""E-mail each user a reminder of due work, once a day (cron). The e-mail names no person."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fotfaste.access.commands import GuardedCommand
from fotfaste.accounts.models import User
from fotfaste.mywork.models import ReminderSent
from fotfaste.mywork.tasks import my_work


def reminder_text(counts: dict[str, int]) -> str:
    """Counts only: e-mail is not a safe channel for personal data."""
    lines = [_("Hej!"), "", _("Det här väntar på dig i Fotfäste:")]
    labels = (
        ("forsenade_uppfoljningar", _("försenade uppföljningar")),
        ("uppfoljningar", _("uppföljningar de närmaste dagarna (försenade inräknade)")),
        ("atgarder", _("åtgärder från möten")),
        ("samtycken_att_bekrafta", _("samtycken att bekräfta")),
        ("aterkontakter", _("kontakter att ta")),
        ("planer_att_se_over", _("planer att se över")),
        ("nya", _("nya personer för dig")),
        ("arshjulet", _("uppgifter i årshjulet")),
    )
    lines += [f"- {counts[k]} {label}" for k, label in labels if counts.get(k)]
    lines += [
        "",
        _("Logga in och öppna Mina uppgifter: %(url)s") % {"url": settings.SITE_URL.rstrip("/") + "/mina-uppgifter/"},
    ]
    return "\n".join(lines)


class Command(GuardedCommand):
    help = _("Skickar dagens påminnelser om uppföljningar, kontakter och planer (en gång per användare och dag).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = 0
        for user in User.objects.filter(is_active=True).exclude(email="").order_by("pk"):
            work = my_work(user, today)
            counts = work.counts(today)
            if not any(counts.values()):
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(user=user, sent_on=today, counts=counts)
                    send_mail(_("Påminnelse från Fotfäste"), reminder_text(counts), None, [user.email])
            except IntegrityError:
                continue  # already reminded today
            sent += 1
        self.stdout.write(_("%(n)d påminnelser skickade.") % {"n": sent})

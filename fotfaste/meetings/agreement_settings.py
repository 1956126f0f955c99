"""Per agreement: whether guardians consent too for under-18s, and how many mapping talks a unit holds a
day. One administration page for both, here because this app is above consent (layers, docs/architecture.md)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fotfaste.access.decorators import administrator_required
from fotfaste.access.scope import admin_scope_for
from fotfaste.consent.models import ConsentSettings
from fotfaste.core.forms import AccessibleForm, describe_fields
from fotfaste.orgs.models import Agreement

from .models import TalkCapacity
from .rules import DEFAULT_TALKS_PER_DAY


class AgreementSettingsForm(AccessibleForm):
    """Per agreement: guardians' consent for under-18s, and mapping talks a unit can hold a day."""

    def __init__(self, *args, agreements, saved: dict[int, tuple[bool, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for a in agreements:
            guardian, per_day = saved.get(a.pk, (True, 4))
            g, t = f"{a.pk}_vardnadshavare", f"{a.pk}_samtal"
            self.fields[g] = forms.BooleanField(
                label=gettext_lazy("Vårdnadshavaren samtycker också för den som är under 18 år"),
                required=False,
                initial=guardian,
            )
            message = _("Ange ett helt antal samtal från 1 till 20 för %(namn)s.") % {"namn": a.name}
            self.fields[t] = forms.IntegerField(
                label=gettext_lazy("Kartläggningssamtal per dag och enhet"),
                min_value=1,
                max_value=20,
                initial=per_day,
                error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
            )
            self.groups.append((a, g, t))
        describe_fields(self)

    def grouped(self):
        return [(a, self[g], self[t]) for a, g, t in self.groups]


@administrator_required
def agreement_settings(request):
    agreements = list(Agreement.objects.filter(admin_scope_for(request.user).agreement_filter()).order_by("name"))
    guardians = {s.agreement_id: s.guardian_required_under_18 for s in ConsentSettings.objects.all()}
    capacities = {c.agreement_id: c.per_day for c in TalkCapacity.objects.all()}
    saved = {a.pk: (guardians.get(a.pk, True), capacities.get(a.pk, DEFAULT_TALKS_PER_DAY)) for a in agreements}
    form = AgreementSettingsForm(request.POST if request.method == "POST" else None, agreements=agreements, saved=saved)
    if request.method == "POST" and form.is_valid():
        for a in agreements:
            ConsentSettings.objects.update_or_create(
                agreement=a, defaults={"guardian_required_under_18": form.cleaned_data[f"{a.pk}_vardnadshavare"]}
            )
            TalkCapacity.objects.update_or_create(
                agreement=a, defaults={"per_day": form.cleaned_data[f"{a.pk}_samtal"]}
            )
        messages.success(request, _("Inställningarna är sparade."))
        return redirect("meetings:agreement_settings")
    return render(
        request, "meetings/agreement_settings.html", {"form": form, "agreements": agreements, "nav_active": "orgs"}
    )

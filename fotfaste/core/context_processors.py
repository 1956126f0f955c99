from django.urls import reverse
from django.utils.translation import gettext as _

from fotfaste.access.scope import scope_for
from fotfaste.fund.services import approver_agreement_ids
from fotfaste.listmatch.services import listmatch_allowed
from fotfaste.orgs.roles import Role


def navigation(request):
    """The main menu, shown by role so nobody is offered a page they cannot use."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_for(user)
    items = [(reverse("core:start"), _("Start"), "start")]
    if scope.sees_persons:
        items.append((reverse("people:search"), _("Sök person"), "people"))
        items.append((reverse("mywork:my_tasks"), _("Mina uppgifter"), "mywork"))
        items.append((reverse("meetings:list"), _("Möten"), "meetings"))
    if scope.municipality_codes:
        items.append((reverse("outreach:worklist"), _("Arbetslista"), "worklist"))
    if listmatch_allowed(user):
        items.append((reverse("listmatch:home"), _("Listmatchning"), "listmatch"))
    if approver_agreement_ids(user):
        items.append((reverse("fund:queue"), _("Fonden"), "fund"))
    elif Role.STEERING in scope.roles:
        items.append((reverse("fund:budget_now"), _("Fonden"), "fund"))
    if scope.municipality_codes:
        items.append((reverse("letters:home"), _("Brev"), "letters"))
        items.append((reverse("registers:list"), _("Registerimport"), "imports"))
    if scope.is_administrator:
        items.append((reverse("orgs:agreement_list"), _("Administration"), "orgs"))
        items.append((reverse("access:readlog"), _("Loggkontroll"), "readlog"))
    items.append((reverse("accounts:security"), _("Mitt konto"), "account"))
    return {"nav_items": items, "user_scope": scope}

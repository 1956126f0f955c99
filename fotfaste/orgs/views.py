"""Administration: agreements, parties, units, users, roles and role settings.

Only administrators get here, and each administers only what `admin_scope_for` gives them:
an installation administrator (a superuser) everything; an agreement's administrator (the
`admin` role in one of its units) that agreement's parties, units, the users who hold or held a
role in it, and those roles. Objects of other agreements answer 404, as missing ones do, and
lists leave them out. Nobody gives a role to themselves. Nothing here reads young people's data.
"""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fotfaste.access.decorators import administrator_required, installation_administrator_required
from fotfaste.access.scope import AdminScope, admin_scope_for
from fotfaste.accounts.models import ApiToken, User
from fotfaste.core.keyset import keyset_page, next_page_query

from . import services
from .forms import (
    AgreementForm,
    MembershipForm,
    PartyForm,
    RoleSettingsForm,
    UnitForm,
    UserCreateForm,
    UserEditForm,
    UserSearchForm,
)
from .models import Agreement, Membership, Party, Unit

USERS_PER_PAGE = 50


def _render(request, template, context, status=200):
    scope = admin_scope_for(request.user)
    return render(
        request,
        f"orgs/{template}",
        {"nav_active": "orgs", "installation_admin": scope.installation, **context},
        status=status,
    )


def _refuse(request, message, account=None):
    """403 with the reason in Swedish, for an administrator who may see the object but not do this."""
    return _render(request, "refused.html", {"message": message, "account": account}, status=403)


# What the signed-in administrator administers


def _agreements(scope: AdminScope):
    return Agreement.objects.filter(scope.agreement_filter("pk"))


def _parties(scope: AdminScope):
    return Party.objects.filter(scope.agreement_filter("agreement"))


def _units(scope: AdminScope):
    return Unit.objects.filter(scope.agreement_filter("party__agreement"))


def _memberships(scope: AdminScope):
    return Membership.objects.filter(scope.agreement_filter("unit__party__agreement"))


def _users(scope: AdminScope):
    """Every user for an installation administrator; else those who hold or held a role in an administered agreement."""
    if scope.installation:
        return User.objects.all()
    return User.objects.filter(Exists(_memberships(scope).filter(user=OuterRef("pk"))))


def _may_change_account(scope: AdminScope, account: User) -> bool:
    """Names, deactivation and reactivation reach every agreement the account works in.

    So an agreement's administrator changes an account only when all its active roles are in
    agreements they administer, and never an installation administrator's account.
    """
    if scope.installation:
        return True
    if account.is_superuser:
        return False
    return (
        not Membership.objects.filter(user=account, active=True)
        .exclude(scope.agreement_filter("unit__party__agreement"))
        .exists()
    )


OTHER_AGREEMENTS_MESSAGE = gettext_lazy(
    "Bara en administratör för hela installationen kan ändra, inaktivera eller aktivera det här kontot: "
    "användaren har roller utanför dina överenskommelser, eller administrerar hela installationen. "
    "Roller i dina överenskommelser ger och avslutar du själv."
)


def _account(request, pk: int) -> tuple[AdminScope, User]:
    scope = admin_scope_for(request.user)
    return scope, get_object_or_404(_users(scope), pk=pk)


# Agreements


@administrator_required
def agreement_list(request):
    agreements = (
        _agreements(admin_scope_for(request.user))
        .annotate(party_count=Count("parties"))
        .prefetch_related("municipalities")
    )
    return _render(request, "agreement_list.html", {"agreements": agreements})


@installation_administrator_required
def agreement_create(request):
    # The agreement's municipalities decide which young people its KAA caseworkers see: an installation
    # administrator sets them, and appoints the agreement's administrators.
    return _agreement_form(request, Agreement())


@installation_administrator_required
def agreement_edit(request, pk: int):
    return _agreement_form(request, get_object_or_404(Agreement, pk=pk))


def _agreement_form(request, agreement: Agreement):
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        agreement = form.save()
        messages.success(request, _("Överenskommelsen är sparad."))
        return redirect("orgs:agreement_detail", pk=agreement.pk)
    return _render(request, "agreement_form.html", {"form": form, "agreement": agreement})


@administrator_required
def agreement_detail(request, pk: int):
    active_memberships = Membership.objects.filter(active=True).select_related("user").order_by("user__username")
    units = Unit.objects.order_by("name").prefetch_related(Prefetch("memberships", queryset=active_memberships))
    agreement = get_object_or_404(
        _agreements(admin_scope_for(request.user)).prefetch_related(
            "municipalities",
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("municipality").prefetch_related(
                    Prefetch("units", queryset=units)
                ),
            ),
        ),
        pk=pk,
    )
    parties = list(agreement.parties.all())
    for party in parties:
        party.formatted_organisation_number = services.format_organisation_number(party.organisation_number)
    return _render(request, "agreement_detail.html", {"agreement": agreement, "parties": parties})


# Parties and units


@administrator_required
def party_create(request, agreement_pk: int):
    agreement = get_object_or_404(_agreements(admin_scope_for(request.user)), pk=agreement_pk)
    return _party_form(request, Party(agreement=agreement))


@administrator_required
def party_edit(request, pk: int):
    parties = _parties(admin_scope_for(request.user)).select_related("agreement")
    return _party_form(request, get_object_or_404(parties, pk=pk))


def _party_form(request, party: Party):
    initial = {}
    if party.organisation_number:
        initial["organisation_number"] = services.format_organisation_number(party.organisation_number)
    form = PartyForm(request.POST or None, instance=party, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Parten är sparad."))
        return redirect("orgs:agreement_detail", pk=party.agreement_id)
    return _render(request, "party_form.html", {"form": form, "party": party, "agreement": party.agreement})


@administrator_required
def unit_create(request, party_pk: int):
    parties = _parties(admin_scope_for(request.user)).select_related("agreement")
    return _unit_form(request, Unit(party=get_object_or_404(parties, pk=party_pk)))


@administrator_required
def unit_edit(request, pk: int):
    units = _units(admin_scope_for(request.user)).select_related("party__agreement")
    return _unit_form(request, get_object_or_404(units, pk=pk))


def _unit_form(request, unit: Unit):
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Enheten är sparad."))
        return redirect("orgs:agreement_detail", pk=unit.party.agreement_id)
    return _render(
        request, "unit_form.html", {"form": form, "unit": unit, "party": unit.party, "agreement": unit.party.agreement}
    )


# Users


@administrator_required
def user_list(request):
    scope = admin_scope_for(request.user)
    form = UserSearchForm(request.GET or None)
    roles = _memberships(scope).filter(active=True).select_related("unit__party")
    users = _users(scope).prefetch_related(Prefetch("memberships", queryset=roles))
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # Every word must match somewhere, so "Kim Karlsson" finds first and last name together.
    for word in text.split():
        users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    rows, next_cursor = keyset_page(users, ("username", "id"), request.GET.get("efter"), USERS_PER_PAGE)
    return _render(
        request,
        "user_list.html",
        {"form": form, "users": rows, "next_page": next_page_query(next_cursor, q=text), "q": text},
    )


@administrator_required
def user_create(request):
    scope = admin_scope_for(request.user)
    form = UserCreateForm(request.POST or None, units=_units(scope), role_required=not scope.installation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.create_user(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            password=data["password"],
            unit=data["unit"],
            role=data["role"],
            by=request.user,
        )
        messages.success(request, _("Användaren är skapad."))
        return redirect("orgs:user_detail", pk=user.pk)
    return _render(request, "user_form.html", {"form": form})


@administrator_required
def user_detail(request, pk: int):
    # "account", not "user": templates already use `user` for whoever is signed in.
    scope, account = _account(request, pk)
    memberships = (
        _memberships(scope)
        .filter(user=account)
        .select_related("unit__party__agreement", "granted_by", "ended_by")
        .order_by("-active", "unit__party__agreement__name", "unit__party__name", "unit__name", "role")
    )
    elsewhere = (
        0
        if scope.installation
        else Membership.objects.filter(user=account, active=True)
        .exclude(scope.agreement_filter("unit__party__agreement"))
        .count()
    )
    return _render(
        request,
        "user_detail.html",
        {
            "account": account,
            "memberships": memberships,
            "roles_elsewhere": elsewhere,
            "may_change_account": _may_change_account(scope, account),
            "active_tokens": ApiToken.objects.filter(user=account, revoked=False).count(),
            "is_self": account.pk == request.user.pk,
        },
    )


@administrator_required
def user_edit(request, pk: int):
    scope, account = _account(request, pk)
    if not _may_change_account(scope, account):
        return _refuse(request, OTHER_AGREEMENTS_MESSAGE, account)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Användaruppgifterna är sparade."))
        return redirect("orgs:user_detail", pk=account.pk)
    return _render(request, "user_edit.html", {"form": form, "account": account})


@administrator_required
def membership_add(request, pk: int):
    scope, account = _account(request, pk)
    if account.pk == request.user.pk:
        return _refuse(request, services.SELF_GRANT_MESSAGE, account)
    form = MembershipForm(request.POST or None, units=_units(scope))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(account, form.cleaned_data["unit"], form.cleaned_data["role"], by=request.user)
        except services.AdministrationError as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, _("Rollen är tillagd."))
            return redirect("orgs:user_detail", pk=account.pk)
    return _render(request, "membership_form.html", {"form": form, "account": account})


@administrator_required
@require_POST
def membership_end(request, pk: int, membership_pk: int):
    memberships = _memberships(admin_scope_for(request.user)).select_related("user")
    membership = get_object_or_404(memberships, pk=membership_pk, user_id=pk)
    try:
        services.end_membership(membership, by=request.user)
    except services.AdministrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Rollen är avslutad."))
    return redirect("orgs:user_detail", pk=pk)


@administrator_required
def user_deactivate(request, pk: int):
    scope, account = _account(request, pk)
    if not _may_change_account(scope, account):
        return _refuse(request, OTHER_AGREEMENTS_MESSAGE, account)
    is_self = account.pk == request.user.pk
    if request.method == "POST" and account.is_active:
        try:
            revoked = services.deactivate_user(account, by=request.user)
        except services.AdministrationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Användaren är inaktiverad."))
            if revoked:
                messages.success(request, _("Användarens API-nycklar är spärrade."))
        return redirect("orgs:user_detail", pk=account.pk)
    return _render(request, "user_deactivate.html", {"account": account, "is_self": is_self})


@administrator_required
@require_POST
def user_reactivate(request, pk: int):
    scope, account = _account(request, pk)
    if not _may_change_account(scope, account):
        return _refuse(request, OTHER_AGREEMENTS_MESSAGE, account)
    services.reactivate_user(account)
    messages.success(request, _("Användaren är aktiverad igen."))
    return redirect("orgs:user_detail", pk=account.pk)


# Role settings


@installation_administrator_required
def role_settings(request):
    # Two-factor rules are per role across the installation: they reach every agreement.
    requirements = services.role_requirements()
    form = RoleSettingsForm(request.POST or None, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        services.save_role_requirements({req.role: form.cleaned_data[req.role] for req in requirements})
        messages.success(request, _("Inställningarna för tvåfaktorsinloggning är sparade."))
        return redirect("orgs:role_settings")
    return _render(request, "role_settings.html", {"form": form, "requirements": requirements})

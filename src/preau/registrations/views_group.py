"""Partners enrol a group in a session: upload a list or pick their people."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.accounts.models import User
from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
from preau.core.uploads import upload_bytes
from preau.registrations.forms import GroupEnrolForm
from preau.registrations.group import (
    PEOPLE_LIMITS,
    PersonRow,
    group_enrol,
    may_enrol,
    read_people_csv,
)
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

PEOPLE_LIMIT = 300


def _people_choices(request: HttpRequest, session: TrainingSession) -> list[tuple[str, str]]:
    """People whose académie the partner covers, not yet registered."""
    people = filter_in_scope(
        User.objects.filter(academie__isnull=False),
        request.user,
        Capability.ENROL_GROUPS,
        ScopePaths(territory="academie__territory_id", academie="academie_id"),
    ).exclude(
        pk__in=Registration.objects.filter(session=session, status__in=Registration.ACTIVE).values(
            "user_id"
        )
    )
    return [
        (u.email, f"{u.get_full_name() or u.email} — {u.email}")
        for u in people.order_by("last_name", "first_name")[:PEOPLE_LIMIT]
    ]


GROUP_SESSIONS_PER_PAGE = 20


@login_required
def group_sessions(request: HttpRequest) -> HttpResponse:
    """Where a partner starts: the sessions open to their académie, each with
    its "Enrol a group" link."""
    from django.core.paginator import Paginator

    from preau.registrations.selectors import group_sessions_for

    if not user_may_somewhere(request.user, Capability.ENROL_GROUPS):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    sessions = group_sessions_for(request.user, query)
    page = Paginator(sessions, GROUP_SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registrations/group_sessions.html",
        {"page": page, "q": query, "crumbs": [(_("Enrol a group"), None)]},
    )


@login_required
def enrol_group(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("offer"), pk=pk)
    if not may_enrol(request.user, session):
        raise PermissionDenied
    choices = _people_choices(request, session)
    form = GroupEnrolForm(request.POST or None, request.FILES or None, choices=choices)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            rows: list[PersonRow] = []
            upload = form.cleaned_data["people_file"]
            if upload:
                rows += read_people_csv(upload_bytes(upload, PEOPLE_LIMITS))
            rows += [PersonRow(0, email) for email in form.cleaned_data.get("people", [])]
            if not rows:
                raise ValidationError(_("Upload a list or pick at least one person."))
            outcome = group_enrol(actor=request.user, session=session, people=rows)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    return render(
        request,
        "registrations/group.html",
        {
            "session": session,
            "form": form,
            "outcome": outcome,
            "crumbs": [
                (_("Sessions open to your académie"), reverse("registrations:group_sessions")),
                (session.offer.title, reverse("scheduling:session", args=[pk])),
                (_("Enrol a group"), None),
            ],
        },
    )


@login_required
def people_template(request: HttpRequest) -> HttpResponse:
    """An empty list to fill in a spreadsheet: UTF-8 with a BOM (so that Excel
    reads the accents) and semicolons (what French Excel writes)."""
    from preau.registrations.group import TEMPLATE_HEADER

    if not user_may_somewhere(request.user, Capability.ENROL_GROUPS):
        raise PermissionDenied
    body = "\ufeff" + ";".join(TEMPLATE_HEADER) + "\r\n"
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="liste-groupe.csv"'
    return response


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Heads of school (or planners) approve or refuse pending registrations."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from preau.registrations import selectors, services

    if request.method == "POST":
        registration = get_object_or_404(Registration, pk=request.POST.get("registration", 0))
        try:
            services.registration_decide(
                registration=registration,
                actor=request.user,
                approve=request.POST.get("decision") == "approve",
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Decision recorded; the person is told by e-mail."))
        return redirect("registrations:approvals")
    return render(
        request,
        "registrations/approvals.html",
        {
            "pending": selectors.approvals_for(request.user),
            "crumbs": [(_("Approvals"), None)],
            "can_enrol_groups": user_may_somewhere(request.user, Capability.ENROL_GROUPS),
        },
    )

"""An invited person accepts or declines, from the e-mail's signed link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from preau.registrations import links
from preau.registrations.invitations import invitation_answer
from preau.registrations.models import Invitation


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the session and two buttons; only a POST answers, so mail
    scanners that follow links change nothing. The link stands for the person."""
    invitation = (
        Invitation.objects.select_related("session__offer", "user", "invited_by")
        .filter(pk=links.read_invitation_token(token) or 0)
        .first()
    )
    if invitation is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        accept = request.POST.get("decision") == "accept"
        try:
            invitation = invitation_answer(invitation=invitation, accept=accept)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if accept:
                messages.success(request, _("Invitation accepted: an e-mail tells you the result."))
            else:
                messages.info(request, _("Invitation declined: you are not registered."))
            return redirect(invitation.session)
    return render(request, "registrations/invitation.html", {"invitation": invitation})

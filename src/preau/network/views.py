from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.network import selectors, services
from preau.network.forms import AtelierForm
from preau.network.models import Atelier
from preau.scheduling.forms import RoomForm
from preau.scheduling.selectors import rooms_of, upcoming_public


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/index.html",
        {"territories": selectors.territories_with_tree(), "counts": selectors.network_counts()},
    )


def _atelier_or_404(code: str) -> Atelier:
    atelier = selectors.atelier_by_code(code)
    if atelier is None:
        raise Http404(_("No Atelier with this code."))
    return atelier


@require_GET
def atelier_detail(request: HttpRequest, code: str) -> HttpResponse:
    atelier = _atelier_or_404(code)
    return render(
        request,
        "network/atelier.html",
        {
            "atelier": atelier,
            "sessions": upcoming_public(atelier=atelier)[:30],
            "rooms": rooms_of(atelier.pk),
            "room_form": RoomForm(),
            "can_edit": user_may(request.user, Capability.MANAGE_NETWORK, Location.of(atelier)),
        },
    )


@login_required
def atelier_edit(request: HttpRequest, code: str) -> HttpResponse:
    atelier = _atelier_or_404(code)
    if not user_may(request.user, Capability.MANAGE_NETWORK, Location.of(atelier)):
        raise PermissionDenied
    form = AtelierForm(request.POST or None, instance=Atelier.objects.get(pk=atelier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.atelier_update(
                actor=request.user,
                atelier=atelier,
                **{k: form.cleaned_data[k] for k in services.ATELIER_EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The Atelier's information is saved."))
            return redirect(atelier)
    return render(request, "network/atelier_edit.html", {"atelier": atelier, "form": form})

"""The e-mails' wording editor (national administrators) and "Messages received"."""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from dsfr.forms import DsfrBaseForm

from preau.accounts import wordings
from preau.accounts.models import User
from preau.accounts.views import _apply_validation_error
from preau.core import messaging


class WordingForm(DsfrBaseForm):
    subject = forms.CharField(label=_l("Subject"), max_length=200)
    body = forms.CharField(
        label=_l("Text"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        help_text=_l("Plain text. Placeholders are written {{ name }}; nothing else is allowed."),
    )


def _kind_or_404(key: str, language: str) -> messaging.MessageKind:
    kind = messaging.kind_get(key)
    if kind is None or language not in messaging.languages():
        raise Http404
    return kind


@login_required
def wordings_list(request: HttpRequest) -> HttpResponse:
    if not wordings.may_edit_wordings(request.user):
        raise PermissionDenied
    edited = wordings.edited_wordings()
    rows = [
        (kind, [(code, edited.get((kind.key, code))) for code in messaging.languages()])
        for kind in messaging.kinds()
    ]
    names = dict(settings.LANGUAGES)
    header = [names[code] for code in messaging.languages()]
    return render(request, "accounts/wordings.html", {"rows": rows, "header": header})


@login_required
def wording_edit(request: HttpRequest, key: str, language: str) -> HttpResponse:
    actor = cast(User, request.user)
    if not wordings.may_edit_wordings(actor):
        raise PermissionDenied
    kind = _kind_or_404(key, language)
    edited = wordings.edited_wordings().get((key, language))
    default_subject, default_body = messaging.default_wording(kind, language)
    initial = (
        {"subject": edited.subject, "body": edited.body}
        if edited
        else {"subject": default_subject, "body": default_body.strip() + "\n"}
    )
    form = WordingForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and request.POST.get("action") == "reset":
        if wordings.message_template_reset(actor=actor, kind=kind, language=language):
            messages.success(request, _("The default wording is used again."))
        return redirect("accounts:wording_edit", key=key, language=language)
    if request.method == "POST" and form.is_valid():
        subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
        if request.POST.get("action") == "preview":
            p_subject, p_body, problems = messaging.preview(kind, subject, body, language)
            for problem in problems:
                form.add_error(None, problem)
            preview = {"subject": p_subject, "body": p_body} if not problems else None
        else:
            try:
                wordings.message_template_save(
                    actor=actor, kind=kind, language=language, subject=subject, body=body
                )
            except ValidationError as exc:
                _apply_validation_error(form, exc)
            else:
                messages.success(request, _("The wording is saved: the next e-mails use it."))
                return redirect("accounts:wording_edit", key=key, language=language)
    context = {
        "kind": kind,
        "language": language,
        "language_name": dict(settings.LANGUAGES)[language],
        "other_languages": [c for c in messaging.languages() if c != language],
        "form": form,
        "edited": edited,
        "preview": preview,
    }
    return render(request, "accounts/wording_edit.html", context)


@login_required
def messages_received(request: HttpRequest) -> HttpResponse:
    page = Paginator(wordings.messages_received(request.user), 50).get_page(request.GET.get("page"))
    labels = {kind.key: kind.label for kind in messaging.kinds()}
    rows = [(m, labels.get(m.key, "")) for m in page]
    return render(request, "accounts/messages_received.html", {"page": page, "rows": rows})

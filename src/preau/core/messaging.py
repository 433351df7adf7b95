"""Messages people receive: editable wordings, rendering, sending, and the log.

Each kind of e-mail is a ``MessageKind`` registered by the app that sends it
(``register``): a key, a label, a default file template, a default subject and
the placeholders it offers. The default body is a Django template that reads
only those placeholders (plus ``{% translate %}`` for its two languages).

An operator may replace the subject and body per language (``MessageTemplate``,
edited at /compte/modeles-messages). A replacement is *text with
``{{ placeholder }}`` variables only*: no tag, no filter, no attribute lookup,
so nobody can reach data the message does not hand over. It is checked when
saved (``wording_errors``) and again when sent; anything wrong at send time
falls back to the default and is logged (key and language, never the text).

Every message sent through ``message_send`` is logged (``SentMessage``:
recipient, key, subject, language, status), never its body: bodies hold
signed links.
"""

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.base import Lexer, TokenType
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from preau.core.mail import Attachment, email_send
from preau.core.models import MessageTemplate, SentMessage

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*$")


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str | Promise
    example: str | Promise


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: str | Promise
    template: str  # the default body: a file template reading only the placeholders
    subject: Callable[[Mapping[str, Any]], str]  # the default subject, from the placeholders
    placeholders: tuple[Placeholder, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.placeholders)

    def examples(self) -> dict[str, str]:
        return {p.name: str(p.example) for p in self.placeholders}


KINDS: dict[str, MessageKind] = {}


def register(kind: MessageKind) -> MessageKind:
    KINDS[kind.key] = kind
    return kind


def kinds() -> list[MessageKind]:
    return sorted(KINDS.values(), key=lambda k: str(k.label))


def kind_get(key: str) -> MessageKind | None:
    return KINDS.get(key)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in languages() else settings.LANGUAGE_CODE


# --- wordings: variables only -------------------------------------------------


def wording_errors(text: str, kind: MessageKind) -> list[str]:
    """What is wrong with an operator's ``text`` (empty: nothing)."""
    errors: list[str] = []
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            errors.append(
                _("“{%% %(tag)s %%}”: tags are not allowed, only {{ placeholders }}.")
                % {"tag": token.contents[:40]}
            )
        elif token.token_type == TokenType.VAR:
            match = _NAME.match(token.contents)
            if not match:
                errors.append(
                    _("“{{ %(v)s }}”: write a placeholder name alone, without dot or filter.")
                    % {"v": token.contents[:40]}
                )
            elif match.group(1) not in kind.names:
                errors.append(
                    _("“{{ %(v)s }}” is not a placeholder of this message.") % {"v": match.group(1)}
                )
    return errors


def wording_check(*, kind: MessageKind, subject: str, body: str) -> None:
    """Raise a ValidationError naming each problem of an operator's wording."""
    problems: dict[str, list[str]] = {}
    if errors := wording_errors(subject, kind):
        problems["subject"] = errors
    if "\n" in subject.strip() or "\r" in subject:
        problems.setdefault("subject", []).append(_("The subject is a single line."))
    if errors := wording_errors(body, kind):
        problems["body"] = errors
    if problems:
        raise ValidationError(problems)


def fill(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each ``{{ name }}`` replaced; raises ValueError on anything else."""
    parts: list[str] = []
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            match = _NAME.match(token.contents)
            if not match or match.group(1) not in values:
                raise ValueError(f"unknown placeholder in {token.lineno}")
            parts.append(str(values[match.group(1)]))
        elif token.token_type == TokenType.BLOCK:
            raise ValueError(f"tag at line {token.lineno}")
    return "".join(parts)


# --- rendering ------------------------------------------------------------------


def default_render(kind: MessageKind, values: Mapping[str, Any], language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = kind.subject(values)
        body = render_to_string(kind.template, dict(values))
    return subject, body


def default_wording(kind: MessageKind, language: str) -> tuple[str, str]:
    """The default subject and body as editable text: placeholders left as {{ name }}."""
    return default_render(kind, {n: "{{ " + n + " }}" for n in kind.names}, language)


def message_render(kind: MessageKind, values: Mapping[str, Any], language: str) -> tuple[str, str]:
    """Subject and body in ``language``: the operator's wording if any, else the default.
    A wording that fails (an unknown placeholder…) falls back to the default, logged."""
    wording = MessageTemplate.objects.filter(key=kind.key, language=language).first()
    if wording is not None:
        try:
            if wording_errors(wording.subject, kind) or wording_errors(wording.body, kind):
                raise ValueError("wording no longer valid")
            return fill(wording.subject, values).strip(), fill(wording.body, values)
        except Exception as exc:
            logger.warning(
                "message %s (%s): edited wording not usable (%s), default sent",
                kind.key, language, exc.__class__.__name__,
            )  # fmt: skip
    subject, body = default_render(kind, values, language)
    return subject.strip(), body


def preview(
    kind: MessageKind, subject: str, body: str, language: str
) -> tuple[str, str, list[str]]:
    """An unsaved wording filled with the example values: (subject, body, problems)."""
    problems = wording_errors(subject, kind) + wording_errors(body, kind)
    if problems:
        return "", "", problems
    with translation.override(language):
        values = kind.examples()
    return fill(subject, values).strip(), fill(body, values), []


# --- sending --------------------------------------------------------------------


def message_send(
    *,
    key: str,
    recipient: Any,
    values: Mapping[str, Any],
    attachments: list[Attachment] | None = None,
    language: str | None = None,
    once: str = "",
) -> SentMessage | None:
    """Render message ``key`` for ``recipient`` (a user), log it and queue it: it
    leaves when the surrounding transaction commits. With ``once``, a message
    already sent under that key is not sent again (returns None)."""
    kind = KINDS[key]
    language = _language(language)
    if once and SentMessage.objects.filter(once=once).exists():
        return None
    subject, body = message_render(kind, values, language)
    subject = " ".join(subject.split())[:200]
    try:
        with transaction.atomic():
            log = SentMessage.objects.create(
                recipient=recipient, key=key, subject=subject, language=language, once=once
            )
    except IntegrityError:  # sent meanwhile under the same ``once``
        return None
    email_send(
        to=[recipient.email], subject=subject, body=body, attachments=attachments, log_id=log.pk
    )
    return log

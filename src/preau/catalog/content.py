"""An offer's content as plain data: snapshots, comparison, completeness."""

from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preau.catalog import choices
from preau.catalog.models import CONTENT_FIELDS, REQUIRED_FOR_REVIEW, Offer, Programme, Theme

LIST_FIELDS = ("objectives", "audiences", "keywords", "themes", "programmes")


def snapshot(offer: Offer) -> dict[str, Any]:
    """The offer's content as JSON-ready data (decimals as strings, themes as codes)."""
    out = snapshot_plain(offer)
    for name in ("themes", "programmes"):
        out[name] = sorted(getattr(offer, name).values_list("code", flat=True))
    return out


def snapshot_plain(offer: Offer) -> dict[str, Any]:
    """The snapshot without themes and programmes (no query: works before saving)."""
    out: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name not in ("themes", "programmes"):
            out[name] = _plain(offer, name)
    return out


def _plain(offer: Offer, name: str) -> Any:
    value = getattr(offer, name)
    if value is not None and name in ("duration_hours", "price"):
        # Same text before and after a database round trip: "3" and "3.0" → "3.0".
        places = getattr(Offer._meta.get_field(name), "decimal_places", 0)
        return f"{Decimal(value):.{places}f}"
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [name for name in CONTENT_FIELDS if before.get(name) != after.get(name)]


def field_label(name: str) -> str:
    return str(getattr(Offer._meta.get_field(name), "verbose_name", name))


def missing_names(content: dict[str, Any]) -> list[str]:
    """Names of the Qualiopi fields still empty; a price is required when commercial."""
    missing = [n for n in REQUIRED_FOR_REVIEW if content.get(n) in (None, "", [])]
    if content.get("price_model") == choices.PriceModel.COMMERCIAL and not content.get("price"):
        missing.append("price")
    return missing


def missing_for_review(content: dict[str, Any]) -> list[str]:
    """Labels of the Qualiopi fields still empty."""
    return [field_label(n) for n in missing_names(content)]


M, F, R = choices.Modality, choices.Format, choices.Rhythm
# Choices that cannot go together: (field, values), (field, values), why.
CONTRADICTIONS: tuple[tuple[tuple[str, set[str]], tuple[str, set[str]], Any], ...] = (
    (
        ("modality", {M.IN_PERSON}),
        ("format", {F.WEBINAR}),
        gettext_lazy("a webinar is followed online"),
    ),
    (
        ("modality", {M.IN_PERSON}),
        ("format", {F.PARCOURS, F.MICROLEARNING}),
        gettext_lazy("self-training is followed online"),
    ),
    (
        ("modality", {M.DISTANCE}),
        ("format", {F.IN_SCHOOL, F.RESIDENCE}),
        gettext_lazy("it takes place on site"),
    ),
    (
        ("rhythm", {R.ASYNCHRONOUS}),
        ("modality", {M.IN_PERSON, M.COMODAL}),
        gettext_lazy("participants are there together, at the same time"),
    ),
    (
        ("rhythm", {R.ASYNCHRONOUS}),
        ("format", {F.WEBINAR, F.CONFERENCE, F.IN_SCHOOL, F.RESIDENCE}),
        gettext_lazy("it happens at a set time, with everyone"),
    ),
    (
        ("rhythm", {R.SYNCHRONOUS}),
        ("format", {F.PARCOURS, F.MICROLEARNING}),
        gettext_lazy("self-training is followed at one's own pace"),
    ),
)


def contradictions(offer: Offer) -> dict[str, list[str]]:
    """Choices of ``offer`` that contradict each other, each message naming both."""
    errors: dict[str, list[str]] = {}
    for (name_a, values_a), (name_b, values_b), why in CONTRADICTIONS:
        value_a, value_b = getattr(offer, name_a), getattr(offer, name_b)
        if value_a in values_a and value_b in values_b:
            message = _(
                "“%(a)s” (%(field_a)s) and “%(b)s” (%(field_b)s) contradict each other: %(why)s."
            ) % {
                "a": getattr(offer, f"get_{name_a}_display")(),
                "field_a": field_label(name_a),
                "b": getattr(offer, f"get_{name_b}_display")(),
                "field_b": field_label(name_b),
                "why": why,
            }
            for name in (name_a, name_b):
                errors.setdefault(name, []).append(message)
    return errors


def _text_list(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError({name: _("Expected a list of texts.")})
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))


def _codes(name: str, value: Any, model: type[Theme] | type[Programme]) -> list[str]:
    if value is None:
        value = []
    if not isinstance(value, list | tuple):
        raise ValidationError({name: _("Expected a list of codes.")})
    codes = [getattr(v, "code", v) for v in value]
    if not all(isinstance(code, str) for code in codes):
        raise ValidationError({name: _("Expected a list of codes.")})
    known = set(model.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [str(c) for c in codes if c not in known]
    if unknown:
        message = _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ValidationError({name: message})
    return sorted({str(code) for code in codes})


def clean_changes(data: dict[str, Any]) -> dict[str, Any]:
    """Check the shape of submitted content; unknown field names are an error."""
    unknown = sorted(set(data) - set(CONTENT_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    out = dict(data)
    for name in ("objectives", "keywords"):
        if name in out:
            out[name] = _text_list(name, out[name])
    if "audiences" in out:
        audiences = _text_list("audiences", out["audiences"])
        wrong = [a for a in audiences if a not in choices.Audience.values]
        if wrong:
            message = _("Unknown audiences: %(v)s.") % {"v": ", ".join(wrong)}
            raise ValidationError({"audiences": message})
        out["audiences"] = audiences
    if "themes" in out:
        out["themes"] = _codes("themes", out["themes"], Theme)
    if "programmes" in out:
        out["programmes"] = _codes("programmes", out["programmes"], Programme)
    for name, value in out.items():
        if name not in LIST_FIELDS:
            out[name] = _single(name, value)
    return out


def _single(name: str, value: Any) -> Any:
    """A plain field's value: never a list or an object, never None where the column
    cannot hold it (model validation skips empty values: the database refused them)."""
    field = cast("models.Field[Any, Any]", Offer._meta.get_field(name))
    if isinstance(value, dict | list | tuple):
        raise ValidationError({name: _("Expected a single value.")})
    text = field.get_internal_type() in ("CharField", "TextField")
    if value is None or (value == "" and not text):
        if text:
            return ""
        if field.null:
            return None
        raise ValidationError({name: _("This field cannot be empty.")})
    try:
        return field.to_python(value)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


def apply(offer: Offer, changes: dict[str, Any]) -> None:
    """Set plain fields on ``offer``; themes and programmes are set after saving."""
    for name, value in changes.items():
        if name not in ("themes", "programmes"):
            setattr(offer, name, value)


def apply_relations(offer: Offer, changes: dict[str, Any]) -> None:
    if "themes" in changes:
        offer.themes.set(Theme.objects.filter(code__in=changes["themes"]))
    if "programmes" in changes:
        offer.programmes.set(Programme.objects.filter(code__in=changes["programmes"]))


def validate(offer: Offer) -> None:
    """Model validation plus the price rule, naming every wrong field."""
    errors: dict[str, list[str]] = {}
    try:
        offer.full_clean(exclude=["territory", "academie", "atelier", "published_version"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if offer.price_model == choices.PriceModel.FREE and offer.price:
        errors.setdefault("price", []).append(_("A free offer has no price."))
    if offer.price is not None and offer.price < 0:
        errors.setdefault("price", []).append(_("The price cannot be negative."))
    if offer.duration_hours is not None and offer.duration_hours <= 0:
        errors.setdefault("duration_hours", []).append(_("The duration must be positive."))
    for name, messages in contradictions(offer).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

"""The controlled vocabularies of an offer: the values catalog facets count."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    FIRST_DEGREE = "first_degree", _("Primary school teachers")
    SECOND_DEGREE = "second_degree", _("Secondary school teachers")
    LEADERS = "leaders", _("School heads and inspectors")
    TRAINERS = "trainers", _("Trainers")
    PARENTS = "parents", _("Parents")
    LOCAL_AUTHORITIES = "local_authorities", _("Local-authority staff")
    OTHERS = "others", _("Others")


class CareerStage(models.TextChoices):
    ALL = "all", _("All stages")
    NEW = "new", _("New teachers")
    CONTRACT = "contract", _("Contract teachers")


class Level(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    CONSOLIDATION = "consolidation", _("Consolidation")
    DEEPENING = "deepening", _("Deepening")
    MASTERY = "mastery", _("Mastery")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    DISTANCE = "distance", _("Distance")
    HYBRID = "hybrid", _("Hybrid")
    COMODAL = "comodal", _("Comodal")


class Rhythm(models.TextChoices):
    SYNCHRONOUS = "synchronous", _("Synchronous")
    ASYNCHRONOUS = "asynchronous", _("Asynchronous")


class Format(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    FOCUS = "focus", _("1h30 focus")
    PARCOURS = "parcours", _("Self-training parcours")
    MICROLEARNING = "microlearning", _("Microlearning module")
    IN_SCHOOL = "in_school", _("In-school training")
    RESIDENCE = "residence", _("Residence")


class PriceModel(models.TextChoices):
    FREE = "free", _("Free (public service)")
    COFINANCED = "cofinanced", _("Co-financed")
    COMMERCIAL = "commercial", _("Commercial")


class TimeSlot(models.TextChoices):
    """When upcoming sessions take place (a catalog facet, from the sessions' slots)."""

    WEEKDAY_MORNING = "weekday_morning", _("Weekday morning")
    WEEKDAY_AFTERNOON = "weekday_afternoon", _("Weekday afternoon")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evening (from 5 pm)")
    SATURDAY_MORNING = "saturday_morning", _("Saturday morning")
    HOLIDAYS = "holidays", _("During school holidays")

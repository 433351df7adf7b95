from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from preau.selftraining.models import Consultation, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Register a self-training resource and the activity IRI its platform sends."""

    list_display = ("title", "kind", "theme", "iri")
    list_filter = ("kind", "theme")
    search_fields = ("title", "code", "iri")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only: consultations come from the learning record store."""

    list_display = ("resource", "day", "academie")
    list_filter = ("day",)
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

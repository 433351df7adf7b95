from django.contrib import admin
from django.http import HttpRequest

from preau.lrs.models import Statement


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Read-only: statements are written through /xapi/ only (voiding, not editing)."""

    list_display = ("id", "verb", "activity", "stored", "voided")
    list_filter = ("voided",)
    search_fields = ("id", "activity", "actor")
    date_hierarchy = "stored"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

from django.contrib import admin
from django.http import HttpRequest

from preau.credentials.models import Attestation, AttestationLayout


@admin.register(AttestationLayout)
class AttestationLayoutAdmin(admin.ModelAdmin):
    """Logo, signature, signatory and wording of the PDFs: no developer needed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AttestationLayout.objects.exists()


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "issued_at", "revoked_at")
    search_fields = ("number",)
    readonly_fields = ("number", "code", "kind", "registration", "user", "content", "issued_at")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a proof: revoke it (revoked_at), never delete it

from django.contrib import admin

from preau.network.models import Academie, Atelier, Departement, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]


@admin.register(Academie)
class AcademieAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "territory"]
    list_filter = ["territory"]
    search_fields = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "academie"]
    search_fields = ["code", "name"]


@admin.register(Atelier)
class AtelierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "town", "academie", "territory"]
    list_filter = ["territory"]
    search_fields = ["code", "name", "town"]
    readonly_fields = ["departement", "academie", "territory"]

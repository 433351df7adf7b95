"""Reads on the network."""

from django.db.models import Prefetch, QuerySet

from preau.network.models import Academie, Atelier, Departement, Territory


def territories_with_tree() -> QuerySet[Territory]:
    """Territories with their académies, départements and Ateliers, in four queries:
    the territorial directions first, then the academic ones (Corse, overseas)."""
    return Territory.objects.order_by("-kind", "name").prefetch_related(
        Prefetch(
            "academies",
            queryset=Academie.objects.order_by("name").prefetch_related(
                Prefetch("departements", queryset=Departement.objects.order_by("code")),
                Prefetch(
                    "ateliers", queryset=Atelier.objects.order_by("departement__code", "code")
                ),
            ),
        )
    )


def network_counts() -> dict[str, int]:
    return {
        "territories": Territory.objects.count(),
        "territories_dt": Territory.objects.filter(kind=Territory.Kind.DT).count(),
        "territories_da": Territory.objects.filter(kind=Territory.Kind.DA).count(),
        "academies": Academie.objects.count(),
        "departements": Departement.objects.count(),
        "ateliers": Atelier.objects.count(),
    }


def network_is_empty() -> bool:
    return not Territory.objects.exists()


def ateliers() -> QuerySet[Atelier]:
    return Atelier.objects.select_related("departement", "academie", "territory")


def atelier_by_code(code: str) -> Atelier | None:
    return ateliers().filter(code=code).first()

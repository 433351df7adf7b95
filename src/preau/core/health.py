"""Configuration and database health, for `preau check`."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.migrations.executor import MigrationExecutor

from preau.core.dbfaults import retry_once


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def database_ping() -> None:
    """``SELECT 1``; a connection the server dropped (a restart) is replaced once."""

    def ping() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    retry_once(ping)


def _database() -> Check:
    try:
        database_ping()
        name = settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]
        where = (
            name
            if connection.vendor == "sqlite"
            else f"{name}@{settings.DATABASES['default'].get('HOST') or 'local socket'}"
        )
        return Check("Base de données", True, f"{connection.vendor} joignable ({where})")
    except Exception as exc:  # report any driver error, do not crash the check
        return Check("Base de données", False, f"injoignable : {exc.__class__.__name__}")


def _migrations() -> Check:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return Check("Migrations", False, f"impossible de lire l'état : {exc.__class__.__name__}")
    if plan:
        return Check(
            "Migrations",
            False,
            f"{len(plan)} migration(s) à appliquer : lancez `preau manage migrate`",
        )
    return Check("Migrations", True, "à jour")


def _system_checks() -> Check:
    messages = [
        m
        for m in checks.run_checks(include_deployment_checks=settings.PRODUCTION)
        if m.is_serious() and not m.is_silenced()  # SILENCED_SYSTEM_CHECKS, as manage.py check
    ]
    if messages:
        return Check("Vérifications Django", False, "; ".join(f"{m.id}: {m.msg}" for m in messages))
    return Check(
        "Vérifications Django",
        True,
        "aucun problème" + (" (mode production)" if settings.PRODUCTION else ""),
    )


def run_checks() -> Iterator[Check]:
    yield Check(
        "Mode",
        True,
        "production" if settings.PRODUCTION else "embarqué (démonstration / développement)",
    )
    yield Check(
        "DEBUG",
        not (settings.PRODUCTION and settings.DEBUG),
        "activé" if settings.DEBUG else "désactivé",
    )
    yield Check("Opérateur", True, settings.OPERATOR_NAME)
    db = _database()
    yield db
    if db.ok:
        yield _migrations()
    yield Check(
        "Tâches de fond",
        True,
        "file en base + `preau worker`"
        if settings.TASKS_MODE == "database"
        else "exécution immédiate",
    )
    yield Check("E-mail", True, settings.EMAIL_BACKEND.rsplit(".", 2)[-2])
    yield _system_checks()

"""`preau`: the command line of the platform.

preau run            migrate, load the network and demo accounts if empty, serve
preau network load   (re)load the reference network (idempotent)
preau search rebuild recreate the full-text indexes from the records
preau createadmin    create or promote a national administrator
preau check          configuration and database health
preau worker         run queued background tasks (PREAU_TASKS=database)
preau import gaia DIR --atelier CODE   import a GAIA training plan (3 files)
preau holidays load FILE   load the official school calendar (open-data CSV)
preau demo --year Y --scale S --seed N   a calibrated demo year (and the one before)
preau demo refresh-today   give the demo trainer a session today (also done by `preau run`)
preau periodic       due jobs: expire seat offers, send reminders (run every 15 min)
preau manage ...     any Django management command
"""

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table

console = Console(soft_wrap=True)

KIND_LABELS = {
    "territories": "territoires",
    "academies": "académies",
    "departements": "départements",
    "ateliers": "Ateliers",
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _network_load() -> int:
    from django.core.exceptions import ValidationError

    from preau.catalog.services import catalog_reference_load
    from preau.network.loader import read_network
    from preau.network.services import network_load

    try:
        spec = read_network()
    except ValidationError as exc:
        for message in exc.messages:
            console.print(f"[red]✗[/red] {message}")
        return 1
    with Progress(
        TextColumn("Réseau"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("network", total=spec.size)
        report = network_load(spec=spec, progress=lambda n: bar.advance(task, n))
    catalog_reference_load()
    if report.changed_anything:
        created = ", ".join(f"{n} {KIND_LABELS[k]}" for k, n in report.created.items()) or "0"
        updated = ", ".join(f"{n} {KIND_LABELS[k]}" for k, n in report.updated.items()) or "0"
        console.print(
            f"[green]✓[/green] Réseau chargé — créés : {created} ; mis à jour : {updated}"
        )
    else:
        console.print("[green]✓[/green] Réseau déjà à jour : rien à changer.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings

    from preau.accounts.models import User
    from preau.demo.accounts import DEMO_PASSWORD, demo_accounts_create
    from preau.network.selectors import network_is_empty

    console.print("[bold]Préau[/bold] — préparation de la base…")
    _call("migrate", "--no-input", "--verbosity", "0")
    _call("createcachetable")  # the rate limits' shared counters (idempotent)
    if network_is_empty() and _network_load() != 0:
        return 1
    if not settings.PRODUCTION and not args.no_demo and not User.objects.exists():
        demo_accounts_create()
        console.print("[green]✓[/green] Comptes de démonstration créés.")
    if not settings.PRODUCTION and not args.no_demo:
        _demo_catalog()
        _demo_today()
        from preau.demo.accounts import DEMO_ACCOUNTS

        table = Table(title=f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        table.add_column("Rôle")
        table.add_column("E-mail")
        for account in DEMO_ACCOUNTS:
            if User.objects.filter(email=account.email).exists():
                table.add_row(str(_role_label(account.role)), account.email)
        console.print(table)
    url = f"http://{args.host}:{args.port}"
    # Links in e-mails lead where this server answers, unless the site's address is set.
    reachable = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host  # noqa: S104
    os.environ.setdefault("PREAU_SITE_URL", f"http://{reachable}:{args.port}")
    console.print(f"Préau est servi sur [bold link={url}]{url}[/] — Ctrl+C pour arrêter.")
    sys.stdout.flush()
    gunicorn = [
        sys.executable, "-m", "gunicorn", "preau.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers), "--threads", "4",
        "--graceful-timeout", "5", "--log-level", "warning",
        # Link tokens and e-mail addresses never reach the logs (preau.core.logredact).
        "--logger-class", "preau.core.logredact.GunicornLogger",
    ]  # fmt: skip
    if os.environ.get("PREAU_ACCESS_LOG"):
        gunicorn += ["--access-logfile", "-"]
    os.execv(sys.executable, gunicorn)  # noqa: S606 - replaces this process, no shell
    return 0  # pragma: no cover


def _demo_catalog() -> None:
    from preau.accounts.models import User
    from preau.catalog.models import Offer
    from preau.demo.catalog import demo_catalog_create

    if not User.objects.filter(email="comite@preau.test").exists():
        return
    if Offer.objects.exists():
        _demo_history()
        return
    with Progress(
        TextColumn("Catalogue"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    ) as bar:
        task = bar.add_task("catalog", total=None)
        n = demo_catalog_create(
            progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    from preau.demo.sessions import demo_sessions_create

    sessions = demo_sessions_create()
    console.print(
        f"[green]✓[/green] Catalogue de démonstration : {n} offres, {sessions} séances ouvertes."
    )
    _demo_history()


def _demo_history() -> None:
    """The last two calendar years, at a small scale, so that /pilotage has figures."""
    from django.utils import timezone

    from preau.scheduling.models import TrainingSession

    if TrainingSession.objects.filter(status=TrainingSession.Status.HELD).exists():
        return
    _demo_years(timezone.localdate().year - 1, scale=0.02, seed=2023)
    _demo_life()


def _demo_life() -> None:
    """The demo teacher's and trainer's recent past and near future (this year)."""
    from preau.demo.life import demo_life_create

    with console.status("Comptes de démonstration : séances récentes et à venir…"):
        done = demo_life_create()
    if done:
        console.print(
            "[green]✓[/green] enseignante@preau.test : attestations, questionnaire à remplir, "
            "inscription à venir, place en liste d'attente ; formatrice21@preau.test : "
            "une séance aujourd'hui."
        )


def _demo_today() -> object:
    """The demo trainer's session of the day, on whatever day the demo runs."""
    from django.core.exceptions import ValidationError

    from preau.demo.life import demo_today_refresh

    try:
        session = demo_today_refresh()
    except ValidationError as exc:  # the demo data was edited: say so, serve anyway
        console.print(f"[yellow]![/yellow] Séance du jour non créée : {' '.join(exc.messages)}")
        return None
    if session is not None:
        console.print(
            f"[green]✓[/green] Séance du jour pour formatrice21@preau.test : {session.offer.title}."
        )
    return session


def cmd_search_rebuild(args: argparse.Namespace) -> int:
    _setup()
    from preau.core.search import rebuilders

    for name, rebuild in rebuilders().items():
        with Progress(
            TextColumn(f"Index {name}"), BarColumn(), MofNCompleteColumn(), console=console,
            transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task(name, total=None)

            def advance(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            n = rebuild(advance)
        console.print(f"[green]✓[/green] Index « {name} » reconstruit : {n} documents.")
    return 0


def _role_label(role: str) -> str:
    from preau.accounts.roles import Role

    return str(Role(role).label)


def cmd_network_load(args: argparse.Namespace) -> int:
    _setup()
    return _network_load()


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from preau.accounts.roles import Role
    from preau.accounts.selectors import user_by_email
    from preau.accounts.services import role_assign, user_create

    password = os.environ.get("PREAU_ADMIN_PASSWORD") or ""
    user = user_by_email(args.email)
    if user is None and not password:
        if not sys.stdin.isatty():
            console.print("[red]✗[/red] Mot de passe requis : définissez PREAU_ADMIN_PASSWORD.")
            return 2
        password = getpass.getpass("Mot de passe : ")
        if password != getpass.getpass("Mot de passe (confirmation) : "):
            console.print("[red]✗[/red] Les deux mots de passe diffèrent.")
            return 2
    try:
        with transaction.atomic():
            if user is None:
                user = user_create(email=args.email, password=password)
            role_assign(actor=None, user=user, role=Role.NATIONAL_ADMIN)
    except ValidationError as exc:
        for message in exc.messages:
            console.print(f"[red]✗[/red] {message}")
        return 2
    console.print(f"[green]✓[/green] {user.email} est administrateur national.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup()
    from preau.core.health import run_checks

    problems = 0
    for check in run_checks():
        mark = "[green]✓[/green]" if check.ok else "[red]✗[/red]"
        console.print(f"{mark} {check.label} : {check.detail}")
        problems += not check.ok
    return 1 if problems else 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings

    if settings.TASKS_MODE != "database":
        console.print(
            "Les tâches s'exécutent immédiatement (PREAU_TASKS=immediate) : "
            "pas de worker à lancer. Définissez PREAU_TASKS=database pour les mettre en file."
        )
        return 2
    _call("db_worker")
    return 0


GAIA_FILES = ("formations", "intervenants", "stagiaires")


def cmd_import_gaia(args: argparse.Namespace) -> int:
    _setup()
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from preau.network.models import Atelier
    from preau.registrations.gaia.importer import gaia_import

    folder = Path(args.folder)
    found = {}
    for kind in GAIA_FILES:
        matches = (
            sorted(p for p in folder.glob("*") if kind in p.name.lower()) if folder.is_dir() else []
        )
        if not matches:
            console.print(f"[red]✗[/red] Aucun fichier « {kind} » dans {folder}.")
            return 2
        found[kind] = matches[0].read_bytes()
    atelier = Atelier.objects.filter(code=args.atelier).first()
    if atelier is None:
        console.print(f"[red]✗[/red] Atelier inconnu : {args.atelier}")
        return 2
    try:
        report = gaia_import(
            actor=None, atelier=atelier, dry_run=args.dry_run,
            formations=found["formations"], intervenants=found["intervenants"],
            stagiaires=found["stagiaires"],
        )  # fmt: skip
    except ValidationError as exc:  # a file that cannot be read at all: nothing imported
        for message in exc.messages:
            console.print(f"[red]✗[/red] {message}")
        return 2
    if report.dry_run:
        console.print("[yellow]Aperçu seulement : rien n'a été écrit.[/yellow]")
    console.print(
        f"[green]✓[/green] Plan {'lu' if report.dry_run else 'importé'} : "
        f"{report.offers_created} offres créées, "
        f"{report.sessions_created} séances créées, {report.sessions_updated} mises à jour, "
        f"{report.enrolled} inscriptions ajoutées, {report.unenrolled} retirées, "
        f"{report.sessions_unchanged} séances inchangées, "
        f"{len(report.waitlisted)} en liste d'attente (séance complète)."
    )
    for r in report.rejected:
        console.print(f"[yellow]![/yellow] {r.file}.txt ligne {r.line} : {r.reason}")
    return 0


def cmd_holidays_load(args: argparse.Namespace) -> int:
    _setup()
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from preau.catalog.facet_index import bump_generation
    from preau.network.holidays import school_holidays_load

    try:
        report = school_holidays_load(Path(args.file).read_bytes())
    except (OSError, ValidationError) as exc:
        console.print(f"[red]✗[/red] {exc}")
        return 2
    bump_generation()  # the catalog's "school holidays" facet reads them
    console.print(f"[green]✓[/green] {report.loaded} périodes de vacances chargées.")
    if report.unknown_academies:
        ignored = ", ".join(sorted(report.unknown_academies))
        console.print(f"[yellow]![/yellow] Académies absentes du réseau, ignorées : {ignored}")
    return 0


def _demo_years(year: int, scale: float, seed: int) -> None:
    from preau.demo.year import demo_year_create

    with Progress(
        TextColumn("Année de démonstration {task.description}"), BarColumn(),
        MofNCompleteColumn(), console=console, transient=True,
    ) as bar:  # fmt: skip
        for y, which in ((year - 1, "previous"), (year, "current")):
            task = bar.add_task(str(y), total=5)

            def advance(stage: str, done: int, total: int, task: TaskID = task) -> None:
                bar.advance(task)

            counts = demo_year_create(year=y, which=which, scale=scale, seed=seed, progress=advance)
            console.print(
                f"[green]✓[/green] {y} : {counts['sessions']} séances, "
                f"{counts['registrations']} inscriptions, {counts['answers']} réponses, "
                f"{counts['consultations']} consultations d'autoformation."
            )
    _rollup([year - 2, year - 1, year])


def _rollup(years: list[int]) -> None:
    """Build the indicators' roll-up now, so that /pilotage opens at once."""
    from preau.indicators.rollup import rollup_refresh

    with console.status("Tableaux de bord : agrégation des indicateurs…"):
        built = rollup_refresh(years)
    if built:
        took = sum(b.seconds for b in built)
        console.print(
            f"[green]✓[/green] Indicateurs agrégés ({len(built)} périodes, {took:.1f} s)."
        )


def cmd_demo(args: argparse.Namespace) -> int:
    if args.action == "refresh-today":
        _setup()
        from django.conf import settings

        if settings.PRODUCTION:
            console.print("[red]✗[/red] Pas de données de démonstration en production.")
            return 2
        if _demo_today() is None:
            console.print(
                "Rien à faire : formatrice21@preau.test a déjà une séance aujourd'hui "
                "(ou la démonstration n'est pas chargée)."
            )
        return 0
    if not 0 < args.scale <= 2:
        console.print("[red]✗[/red] --scale : entre 0 (exclu) et 2 ; 1.0 = une année nationale.")
        return 2
    if not 2000 <= args.year <= 2100:
        console.print("[red]✗[/red] --year : une année entre 2000 et 2100, par exemple 2023.")
        return 2
    _setup()
    from preau.accounts.models import User

    if not User.objects.filter(email="comite@preau.test").exists():
        from preau.demo.accounts import demo_accounts_create

        demo_accounts_create()
    _demo_catalog()
    _demo_years(args.year, args.scale, args.seed)
    return 0


def cmd_periodic(args: argparse.Namespace) -> int:
    _setup()
    from django.utils import timezone

    from preau.catalog.services import review_digests_send
    from preau.evaluation.services import cold_surveys_send, survey_reminders_send
    from preau.registrations.gaia.staged import gaia_previews_forget
    from preau.registrations.services import offers_expire_all, reminders_send

    moved = offers_expire_all()
    reminded = reminders_send()
    cold = cold_surveys_send()
    nudged = survey_reminders_send()
    gaia_previews_forget()  # unconfirmed GAIA previews hold trainees' names: a day at most
    digests = review_digests_send()
    console.print(
        f"[green]✓[/green] Listes d'attente avancées : {moved} ; rappels envoyés : {reminded} ; "
        f"questionnaires à froid : {cold} ; relances de questionnaires : {nudged} ; "
        f"récapitulatifs du comité de lecture : {digests}."
    )
    this_year = timezone.localdate().year
    _rollup([this_year - 2, this_year - 1, this_year])  # stale dashboards, rebuilt off-hours
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preau.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["preau manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="preau", description="Préau — formation continue des enseignants"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    run = sub.add_parser("run", help="préparer la base et servir la plateforme")
    run.add_argument("--host", default=os.environ.get("PREAU_HOST", "127.0.0.1"))
    run.add_argument("--port", type=int, default=int(os.environ.get("PREAU_PORT", "8000")))
    run.add_argument("--workers", type=int, default=int(os.environ.get("PREAU_WEB_WORKERS", "2")))
    run.add_argument(
        "--no-demo", action="store_true", help="ne pas créer les comptes de démonstration"
    )
    run.set_defaults(func=cmd_run)

    network = sub.add_parser("network", help="réseau de référence")
    network_sub = network.add_subparsers(dest="network_command", required=True, metavar="ACTION")
    load = network_sub.add_parser("load", help="charger ou mettre à jour le réseau (idempotent)")
    load.set_defaults(func=cmd_network_load)

    search = sub.add_parser("search", help="recherche plein texte")
    search_sub = search.add_subparsers(dest="search_command", required=True, metavar="ACTION")
    rebuild = search_sub.add_parser("rebuild", help="reconstruire les index depuis les données")
    rebuild.set_defaults(func=cmd_search_rebuild)

    admin = sub.add_parser("createadmin", help="créer ou promouvoir un administrateur national")
    admin.add_argument("--email", required=True)
    admin.set_defaults(func=cmd_createadmin)

    check = sub.add_parser("check", help="vérifier la configuration et la base de données")
    check.set_defaults(func=cmd_check)

    worker = sub.add_parser("worker", help="exécuter les tâches de fond en file d'attente")
    worker.set_defaults(func=cmd_worker)

    importer = sub.add_parser("import", help="importer des données d'autres systèmes")
    import_sub = importer.add_subparsers(dest="import_command", required=True, metavar="SOURCE")
    gaia = import_sub.add_parser("gaia", help="plan de formation GAIA (3 fichiers CP1252)")
    gaia.add_argument("folder", help="dossier contenant formations, intervenants, stagiaires")
    gaia.add_argument("--atelier", required=True, help="code de l'Atelier organisateur, ex. 21")
    gaia.add_argument(
        "--dry-run",
        action="store_true",
        help="aperçu : dire ce que l'import ferait, sans rien écrire",
    )
    gaia.set_defaults(func=cmd_import_gaia)

    holidays = sub.add_parser("holidays", help="calendrier scolaire officiel")
    holidays_sub = holidays.add_subparsers(dest="holidays_command", required=True, metavar="ACTION")
    holidays_load = holidays_sub.add_parser("load", help="charger le CSV de data.education.gouv.fr")
    holidays_load.add_argument("file")
    holidays_load.set_defaults(func=cmd_holidays_load)

    demo = sub.add_parser("demo", help="année de démonstration calibrée (et la précédente)")
    demo.add_argument(
        "action", nargs="?", choices=["refresh-today"],
        help="refresh-today : une séance aujourd'hui pour la formatrice de démonstration",
    )  # fmt: skip
    demo.add_argument("--year", type=int, default=2023)
    demo.add_argument("--scale", type=float, default=0.02)
    demo.add_argument("--seed", type=int, default=2023)
    demo.set_defaults(func=cmd_demo)

    periodic = sub.add_parser("periodic", help="tâches périodiques (toutes les 15 minutes)")
    periodic.set_defaults(func=cmd_periodic)

    manage = sub.add_parser("manage", help="commande d'administration Django", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: a demo national year from raw records, then the key figures.

Generates the year and the one before at --scale (1.0 = the operator's 2023:
about 9,600 sessions and 240,000 participations a year), then times the
key-figures set for the year from raw records (target < 2 s), the roll-up
build, and /pilotage pages at national, territory and Atelier scope
(target p95 < 300 ms). Prints the row counts, the figures beside their
targets, and the timings.
Usage: python bench/indicators.py [--scale 1.0]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true",
        help="keep the demo years found in DATABASE_URL (to time changes without regenerating)",
    )  # fmt: skip
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="preau-indicators-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ["PREAU_VAR_DIR"] = tmp.name
    os.environ.setdefault("PREAU_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preau.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from preau.accounts.models import User
    from preau.demo.accounts import demo_accounts_create
    from preau.demo.catalog import demo_catalog_create
    from preau.demo.year import TARGETS, demo_year_create
    from preau.indicators.engine import key_figures
    from preau.indicators.periods import calendar_year
    from preau.indicators.rollup import rollup_refresh
    from preau.network.models import Atelier, Territory
    from preau.network.services import network_load
    from preau.scheduling.models import TrainingSession
    from preau.selftraining.selectors import consultations_count

    call_command("migrate", verbosity=0)
    if args.reuse and TrainingSession.objects.filter(external_ref__startswith="demo:2023").exists():
        print(f"indicators [{connection.vendor}]: reusing the demo years already in the database")
    else:
        network_load()
        demo_accounts_create()
        demo_catalog_create(count=300)
        started = time.perf_counter()
        counts = demo_year_create(year=2022, which="previous", scale=args.scale)
        counts = demo_year_create(year=2023, which="current", scale=args.scale)
        generation = time.perf_counter() - started
        print(
            f"indicators [{connection.vendor}] scale {args.scale}: two years generated in "
            f"{generation:.0f} s (target < 600 s at 1.0); 2023 rows: {counts}"
        )
    sessions = TrainingSession.objects.all()
    t0 = time.perf_counter()
    figures = key_figures(sessions, calendar_year(2023))
    consultations = consultations_count(None, calendar_year(2023))
    compute = time.perf_counter() - t0
    target = TARGETS["current"]
    print(
        f"  key figures for 2023 from raw records in {compute * 1000:.0f} ms"
        f" (target < 2000 ms, ratio {compute / 2:.2f})"
    )
    t0 = time.perf_counter()
    built = rollup_refresh([2022, 2023])
    print(
        f"  roll-up of {len(built)} periods (calendar and school years) built in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    expected = {k: v * args.scale for k, v in target.items()}
    print(
        f"  participations {figures.participations} (target {expected['participations']:.0f})"
        f" · sessions {figures.sessions} ({expected['sessions']:.0f})"
        f" · trainee-days {figures.trainee_days} ({expected['trainee_days']:.0f})"
        f" · in person {figures.share_in_person} % (45.0)"
        f" · satisfaction {figures.satisfaction.percent} % (95.5)"
        f" · transferability {figures.transferability.percent} % (83.5)"
        f" · consultations {consultations} ({expected['consultations']:.0f})"
    )
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(email="admin@preau.test"))
    territory = Territory.objects.order_by("code").first()
    atelier = Atelier.objects.filter(code="21").first() or Atelier.objects.first()
    pages = [
        {"annee": 2023},
        {"annee": 2023, "par": "theme"},
        {"annee": 2023, "territoire": territory.code},
        {"annee": 2023, "atelier": atelier.code},
        {"annee": 2023, "type": "scolaire"},
    ]
    timings = []
    for i in range(args.pages):
        t0 = time.perf_counter()
        response = client.get("/pilotage/", pages[i % len(pages)])
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"/pilotage failed: HTTP {response.status_code}")
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"  /pilotage p50 {statistics.median(timings):.0f} ms · p95 {p95:.0f} ms (target < 300 ms,"
        f" ratio {p95 / 300:.2f})"
    )
    # The documents behind the page (no target: computed from raw records).
    for url in ("/pilotage/seances/", "/pilotage/conventions/", "/pilotage/autoformation/",
                "/pilotage/rapport/"):  # fmt: skip
        t0 = time.perf_counter()
        client.get(url, {"annee": 2023, **({"export": "pdf"} if "rapport" in url else {})})
        print(f"  {url} (national) in {(time.perf_counter() - t0) * 1000:.0f} ms")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: one-page attestation PDFs with their QR code, on one core.

Renders 10,000 distinct attestations (target ≥ 250/s: a national year of
~241,000 in under 10 minutes), then times single downloads through Django
(target p95 < 50 ms). Prints figures and ratios; never fails on speed.
Usage: python bench/attestations.py [--count N]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
TARGET_PER_S = 250.0
TARGET_P95_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--downloads", type=int, default=200)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="preau-attest-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ["PREAU_VAR_DIR"] = tmp.name
    os.environ.setdefault("PREAU_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preau.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from preau.credentials import pdf
    from preau.credentials.models import Attestation
    from preau.credentials.services import new_code

    call_command("migrate", verbosity=0)
    layout = pdf.Layout.current()
    people = ["Inès Roux", "Théo Bernard", "Chloé Martin", "Noé Petit", "Léa Robert"]
    attestations = [
        Attestation(
            kind="presence" if i % 2 else "realisation",
            number=f"2026-{i // 30:06d}-{i:07d}{'P' if i % 2 else 'R'}",
            code=new_code(),
            content={
                "name": f"{people[i % 5]} {i}",
                "course": f"Pensée visuelle, module {i % 300}",
                "start": "2026-12-03",
                "end": "2026-12-04",
                "attended_hours": 6.0,
                "planned_hours": 6.0,
                "action": "action de formation",
                "modality": "Présentiel",
            },
        )
        for i in range(args.count)
    ]
    started = time.process_time()
    wall = time.perf_counter()
    total = sum(len(pdf.render([a], layout)) for a in attestations)
    cpu = time.process_time() - started
    wall = time.perf_counter() - wall
    rate = args.count / cpu
    print(
        f"attestations [{connection.vendor}] {args.count} one-page PDFs in {wall:.1f} s "
        f"({cpu:.1f} s of one core), average {total / args.count / 1024:.1f} KiB"
    )
    print(
        f"  {rate:.0f} PDFs/s per core (target ≥ {TARGET_PER_S:.0f}, "
        f"ratio {rate / TARGET_PER_S:.2f}); "
        f"a national year of 241,000 takes {241_000 / rate / 60:.1f} min on one core"
    )

    # Single download latency through the real view (database lookup + render).
    from django.test import Client

    from preau.accounts.models import User
    from preau.core.testing import build_mini_network
    from preau.credentials.services import attestations_issue
    from preau.registrations.services import registrations_sync_imported
    from preau.scheduling.testing import open_session

    net = build_mini_network()
    holder = User.objects.create_user(email="holder@example.org", password=None)
    session = open_session(net.x1)
    registrations_sync_imported(session=session, people=[holder], actor=None)
    session.registrations.update(attended_minutes=180)
    attestations_issue(session=session)
    number = Attestation.objects.filter(user=holder).first().number
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(holder)
    timings = []
    for _ in range(args.downloads):
        t0 = time.perf_counter()
        response = client.get(f"/attestations/{number}.pdf")
        timings.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"download failed: HTTP {response.status_code}")
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"  single download p50 {statistics.median(timings):.1f} ms · p95 {p95:.1f} ms "
        f"(target < {TARGET_P95_MS:.0f} ms, ratio {p95 / TARGET_P95_MS:.2f})"
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

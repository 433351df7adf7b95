"""Benchmark: a popular session opened to a rush of registrations.

A session of 500 seats (waitlist open) receives 5,000 registration attempts
from 200 concurrent HTTP clients, against the real server (gunicorn) on the
database named by DATABASE_URL (default: a fresh SQLite file). Prints accepted
registrations per second, latency, the confirmed count (must equal the
capacity), the waitlisted count and HTTP errors (must be 0).

Usage: python bench/registration_rush.py [--attempts N] [--clients N] [--capacity N]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_PER_S = 100.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(attempts: int, capacity: int) -> tuple[int, list[str]]:
    from django.core.management import call_command

    from preau.accounts.models import User
    from preau.accounts.services import api_token_create
    from preau.catalog.testing import published_offer
    from preau.network.models import Atelier
    from preau.network.services import network_load
    from preau.scheduling.testing import open_session

    call_command("migrate", verbosity=0)
    network_load()
    atelier = Atelier.objects.get(code="21")
    offer = published_offer(atelier=atelier, title="Séance très demandée")
    session = open_session(atelier, offer=offer, capacity=capacity)
    users = User.objects.bulk_create(
        [User(email=f"rush{i}@example.org", password="!") for i in range(attempts)]  # noqa: S106 - "!" = no password
    )
    tokens = [api_token_create(user=u, name="rush")[1] for u in users]
    return session.pk, tokens


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="preau-rush-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/rush.sqlite3")
    os.environ["PREAU_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["PREAU_VAR_DIR"] = tmp.name
    os.environ.setdefault("PREAU_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preau.settings")
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    started = time.perf_counter()
    session_id, tokens = prepare(args.attempts, args.capacity)
    print(
        f"registration_rush [{vendor}] prepared {len(tokens)} people in "
        f"{time.perf_counter() - started:.0f} s"
    )
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "preau.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", "8",
         "--backlog", "2048", "--log-level", "warning"],
        env=os.environ.copy(),
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        latencies: list[float] = []
        errors: dict[str, int] = {}
        lock = threading.Lock()
        queue = list(tokens)
        path = f"/api/sessions/{session_id}/registrations"

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while True:
                with lock:
                    if not queue:
                        break
                    token = queue.pop()
                t0 = time.perf_counter()
                try:
                    conn.request("POST", path, headers={"Authorization": f"Bearer {token}",
                                                        "Content-Length": "0"})  # fmt: skip
                    response = conn.getresponse()
                    response.read()
                    outcome = None if response.status == 201 else f"HTTP {response.status}"
                except (OSError, http.client.HTTPException) as exc:
                    outcome = type(exc).__name__
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    if outcome:
                        errors[outcome] = errors.get(outcome, 0) + 1
            conn.close()

        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)

    from preau.registrations.models import Registration

    counts = {
        s: Registration.objects.filter(session_id=session_id, status=s).count()
        for s in ("confirmed", "waitlisted", "offered")
    }
    ok = len(latencies) - sum(errors.values())
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    rate = ok / wall
    print(
        f"  {len(latencies)} attempts from {args.clients} clients in {wall:.1f} s "
        f"({args.workers} gunicorn workers × 8 threads, clients on the same 2 cores)"
    )
    print(
        f"  accepted {rate:.0f}/s (target ≥ {TARGET_PER_S:.0f}/s, ratio {rate / TARGET_PER_S:.2f})"
        f" · latency p50 {statistics.median(latencies) * 1000:.0f} ms · p95 {p95:.0f} ms"
    )
    print(
        f"  confirmed {counts['confirmed']} (capacity {args.capacity}: "
        f"{'OK' if counts['confirmed'] == args.capacity else 'WRONG'}) · waitlisted "
        f"{counts['waitlisted']} · HTTP errors {sum(errors.values())} {errors or ''}"
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

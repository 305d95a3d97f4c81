"""Shared by the benchmark scripts: a throw-away database, servers, and the load tool.

Each benchmark prints its figure beside a baseline measured in the same run, so the ratio
means something on a noisy machine."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def setup_django(database_url: str | None = None) -> str:
    """Point Django at a fresh database (a temporary SQLite file unless given), migrate."""
    if database_url is None:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='eservice-bench-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eservice.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return database_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(app: str, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--preload",  # as make run (supervisord.conf) serves it
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, seconds: int = 8, connections: int = 8) -> tuple[float, float]:
    """Requests per second and p99 latency in ms, from wrk (Debian package)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install wrk)")
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, p99


def report(name: str, value: float, unit: str, baseline: float, higher_is_better: bool = True):
    ratio = value / baseline if baseline else float("nan")
    better = "higher is better" if higher_is_better else "lower is better"
    print(
        f"{name}: {value:,.1f} {unit} (baseline: {baseline:,.1f} {unit}, "
        f"ratio {ratio:.2f}; {better})",
        flush=True,
    )

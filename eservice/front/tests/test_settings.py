"""Production refuses to start misconfigured, and passes Django's deployment checks."""

import os
import subprocess
import sys

from conftest import ROOT

PRODUCTION = {
    "ESERVICE_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-only-0123456789",
    "ALLOWED_HOSTS": "eservice.example.go.th",
    "SITE_URL": "https://eservice.example.go.th",
    "DATABASE_URL": "postgres://eservice@127.0.0.1:5432/eservice",
    "EMAIL_HOST": "smtp.example.go.th",
    "AUDIT_CHECKPOINT_KEY": "/etc/eservice/audit-checkpoint.pem",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    inherited = set(PRODUCTION) | {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_missing_value_stops_start_up_and_names_the_variable():
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "EMAIL_HOST",
        "AUDIT_CHECKPOINT_KEY",
    ):
        env = {k: v for k, v in PRODUCTION.items() if k != name}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert name in result.stderr


def test_debug_cannot_be_on_in_production():
    result = manage("check", env={**PRODUCTION, "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr

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
    "PAYMENT_CALLBACK_SECRET": "callback-secret-shared-with-the-provider-only-0123",
    "AUDIT_CHECKPOINT_KEY": "/etc/eservice/audit-checkpoint.pem",
}
# Secrets that authorise something by themselves, shared with another party.
SECRETS = ("PAYMENT_CALLBACK_SECRET",)


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
        *SECRETS,
    ):
        env = {k: v for k, v in PRODUCTION.items() if k != name}
        result = manage("check", env=env)
        assert result.returncode != 0
        assert name in result.stderr


def test_a_secret_that_authorises_is_never_the_secret_key():
    """A leaked SECRET_KEY once forged a "paid" callback: the provider's secret stands alone."""
    for name in SECRETS:
        result = manage("check", env={**PRODUCTION, name: PRODUCTION["SECRET_KEY"]})
        assert result.returncode != 0
        assert f"{name} must not be the same as SECRET_KEY" in result.stderr
        short = manage("check", env={**PRODUCTION, name: "short"})
        assert short.returncode != 0
        assert name in short.stderr


def test_debug_cannot_be_on_in_production():
    result = manage("check", env={**PRODUCTION, "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_in_development_links_follow_the_port_the_server_runs_on():
    """`PORT=9000 make run`: e-mails, QR codes and verify links must point to :9000."""
    show = "from django.conf import settings; print(settings.SITE_URL)"
    result = manage("shell", "-c", show, env={"PORT": "9123"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:9123"

"""Behind a load balancer every request comes from its address: the client's is taken from
X-Forwarded-For through exactly TRUSTED_PROXIES hops, so limits, lock-outs and the audit
log are per client; without trusted proxies the header is the client's to forge, and is
ignored."""

import pytest
from django.test import RequestFactory

from conftest import PASSWORD
from eservice.lib.audit import client_ip
from eservice.lib.models import AuditEntry
from eservice.lib.ratelimit import allow

pytestmark = pytest.mark.django_db

LOAD_BALANCER = "10.0.0.2"
ALICE, BOB = "198.51.100.7", "203.0.113.9"


def through_lb(client_address, claimed=""):
    """What the load balancer sends on: the client's claim, then the address it saw."""
    chain = f"{claimed}, {client_address}" if claimed else client_address
    return {"REMOTE_ADDR": LOAD_BALANCER, "HTTP_X_FORWARDED_FOR": chain}


def sign_in(client, password, **meta):
    return client.post("/accounts/login/", {"username": "officer", "password": password}, **meta)


def test_without_trusted_proxies_a_forged_header_is_ignored(settings, client, officer):
    settings.TRUSTED_PROXIES = 0
    forged = RequestFactory().get("/", REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=BOB)
    assert client_ip(forged) == ALICE

    # A new forged address each time neither escapes a limit...
    hits = [
        allow(
            RequestFactory().get("/", REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"),
            "s",
            3,
        )
        for n in range(4)
    ]
    assert hits == [True, True, True, False]
    # ...nor the lock-out.
    for n in range(5):
        sign_in(client, "wrong", REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, PASSWORD, REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=BOB).status_code == 429


def test_with_one_trusted_proxy_only_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXIES = 1
    # Alice claims to be Bob; the load balancer appends the address she really came from.
    assert client_ip(RequestFactory().get("/", **through_lb(ALICE, claimed=BOB))) == ALICE
    # A request that did not come through the proxy keeps its own address.
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=ALICE)) == ALICE


def test_two_clients_behind_the_load_balancer_have_separate_limits(settings):
    settings.TRUSTED_PROXIES = 1
    alice = RequestFactory().get("/", **through_lb(ALICE))
    bob = RequestFactory().get("/", **through_lb(BOB))

    assert [allow(alice, "search", 3) for _ in range(4)] == [True, True, True, False]
    assert allow(bob, "search", 3)


def test_two_clients_behind_the_load_balancer_are_locked_out_separately(settings, client, officer):
    settings.TRUSTED_PROXIES = 1
    for _ in range(5):
        sign_in(client, "wrong", **through_lb(ALICE))

    assert sign_in(client, PASSWORD, **through_lb(ALICE)).status_code == 429
    assert sign_in(client, PASSWORD, **through_lb(BOB)).status_code == 302


def test_the_audit_log_records_the_client_not_the_load_balancer(settings, client, officer):
    settings.TRUSTED_PROXIES = 1
    client.force_login(officer)
    client.get("/api/cases/", **through_lb(ALICE, claimed="192.0.2.66"))
    assert AuditEntry.objects.get(action="case.inbox").ip == ALICE

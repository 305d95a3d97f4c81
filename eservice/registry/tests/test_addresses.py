"""Rules for official e-mail addresses."""

import socket
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from eservice.registry import addresses


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("saraban_06120405@dla.go.th", "dla"),
        ("saraban@bangbuathong.go.th", "government"),
        ("saraban@rtarf.mi.th", "military"),
        ("saraban@chula.ac.th", "academic"),
        ("saraban@dga.or.th", "organisation"),
        ("bbt.office@gmail.com", "free"),
        ("bbt@hotmail.co.th", "free"),
        ("saraban@บางบัวทอง.ไทย", "other"),
    ],
)
def test_it_classifies_the_domain(address: str, kind: str) -> None:
    assert addresses.domain_class(address) == kind


@pytest.mark.parametrize(
    "address", ["saraban@bangbuathong.go.th", "saraban@บางบัวทอง.ไทย", "a.b+c@sub.go.th"]
)
def test_it_accepts_good_addresses_including_thai_domains(address: str) -> None:
    addresses.check_syntax(address)


@pytest.mark.parametrize(
    "address",
    ["saraban.bangbuathong.go.th", "saraban@bbt,go.th", "sara ban@bbt.go.th", "@bbt.go.th"],
)
def test_it_rejects_bad_addresses(address: str) -> None:
    with pytest.raises(ValidationError):
        addresses.check_syntax(address)


def test_advice_on_naming_and_free_mail() -> None:
    assert addresses.advice("saraban@bbt.go.th", central=True) == []
    assert len(addresses.advice("info@bbt.go.th", central=True)) == 1  # should start with saraban
    assert addresses.advice("info@bbt.go.th", central=False) == []
    assert len(addresses.advice("bbt@gmail.com", central=True)) == 2


def test_the_dns_check_is_unknown_when_dns_cannot_be_reached(
    monkeypatch: Any, settings: Any
) -> None:
    def nothing_resolves(host: str, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", nothing_resolves)
    assert addresses.resolve_domain("bbt.go.th").ok is None


def test_the_dns_check_reports_a_missing_domain_when_dns_works(
    monkeypatch: Any, settings: Any
) -> None:
    def only_the_probe(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == settings.REGISTRY_DNS_PROBE:
            return [("ok",)]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", only_the_probe)
    assert addresses.resolve_domain("no-such-place.go.th").ok is False
    assert addresses.resolve_domain(settings.REGISTRY_DNS_PROBE).ok is True

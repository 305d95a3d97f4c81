"""Every page and every API operation, tried by every kind of person, against agency A.

Only A's officers and administrators may change A's data; A's viewers and oversight staff
read it; another agency's officer neither reads nor changes it; nobody's GET writes
anything but the audit log. Each URL pattern and each API operation must be listed below
with who may do what, so a new view cannot be forgotten: an unlisted one fails the test.
"""

import copy
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from eservice.api import api
from eservice.catalogue.feed import public_id
from eservice.intake.conftest import SHOP_FORM

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "viewer_a", "officer_a", "admin_a", "officer_b", "oversight")

PUBLIC = frozenset(ROLES)  # anyone, by design (public pages, private links, sign-in)
A_READERS = frozenset({"viewer_a", "officer_a", "admin_a", "oversight"})
A_ACTORS = frozenset({"officer_a", "admin_a"})
A_ADMIN = frozenset({"admin_a"})
# Pages about the signed-in person's own agency, with no other agency's object in them.
OWN_STAFF = frozenset({"viewer_a", "officer_a", "admin_a", "officer_b"})
OWN_ACTORS = frozenset({"officer_a", "admin_a", "officer_b"})
OVERSIGHT = frozenset({"oversight"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
SIGNED_IN_STAFF = OWN_STAFF | OVERSIGHT


@dataclass(frozen=True)
class Route:
    """Who may GET and who may POST; None: the view does not take that method, so it must
    refuse it or at least write nothing. The POST is empty (a form refused as invalid is
    an allowed outcome) unless `data` gives it a body."""

    get: frozenset[str] | None
    post: frozenset[str] | None
    kwargs: Callable[["World"], dict[str, Any]]
    data: Callable[["World"], dict[str, Any]] | None = None


def R(  # noqa: N802
    get: frozenset[str] | None,
    post: frozenset[str] | None = None,
    data: Callable[["World"], dict[str, Any]] | None = None,
    **kw: Any,
) -> Route:
    return Route(get, post, (lambda w: {k: v(w) for k, v in kw.items()}), data)


def reference(w: "World") -> str:
    return str(w.application.reference)


def token(w: "World") -> str:
    return str(w.application.tracking_token())


def document(w: "World") -> str:
    return str(w.licence.token)


def service(w: "World") -> int:
    return int(w.service.pk)


def code(w: "World") -> str:
    return str(w.agency.code)


ROUTES: dict[str, Route] = {
    # The platform and the public site.
    "healthz": R(PUBLIC),
    "home": R(PUBLIC),
    "login": R(PUBLIC, PUBLIC),
    "logout": R(None, PUBLIC),
    "password_change": R(SIGNED_IN, SIGNED_IN),  # the person's own password
    "password_change_done": R(SIGNED_IN),
    "password_reset": R(PUBLIC, PUBLIC),
    "password_reset_done": R(PUBLIC),
    "password_reset_confirm": R(PUBLIC, PUBLIC, uidb64=lambda w: "MQ", token=lambda w: "x-y"),
    "password_reset_complete": R(PUBLIC),
    "registry:directory": R(PUBLIC),
    "registry:export_csv": R(PUBLIC),
    "registry:export_json": R(PUBLIC),
    "registry:agency": R(PUBLIC, code=code),
    "registry:claim": R(PUBLIC, PUBLIC, code=lambda w: w.other_agency.code),
    "registry:verify": R(PUBLIC, PUBLIC, token=lambda w: "unknown"),
    "registry:claim_confirm": R(PUBLIC, PUBLIC, token=lambda w: "unknown"),
    "registry:welcome": R(PUBLIC, PUBLIC, token=lambda w: "unknown"),
    "catalogue:search": R(PUBLIC),
    "catalogue:service": R(PUBLIC, service_id=service),
    "catalogue:version": R(PUBLIC, service_id=service, number=lambda w: 1),
    "catalogue:manual_pdf": R(PUBLIC, service_id=service),
    "catalogue:version_pdf": R(PUBLIC, service_id=service, number=lambda w: 1),
    "catalogue:places": R(PUBLIC),
    "intake:apply": R(PUBLIC, PUBLIC, service_id=service),
    "intake:resume": R(PUBLIC, key=lambda w: w.draft.key),
    "intake:apply_step": R(PUBLIC, PUBLIC, key=lambda w: w.draft.key, step=lambda w: 0),
    "intake:submitted": R(PUBLIC, token=token),
    "intake:track": R(PUBLIC, PUBLIC, token=token),
    "intake:receipt": R(PUBLIC, token=token),
    "intake:paper": R(None, PUBLIC, token=token),
    "cases:respond": R(PUBLIC, PUBLIC, token=token),
    "documents:check": R(PUBLIC, PUBLIC),
    "documents:verify": R(PUBLIC, token=document),
    "documents:register": R(PUBLIC),
    "documents:register_download": R(PUBLIC, fmt=lambda w: "csv"),
    "documents:ca_certificate": R(PUBLIC),
    "documents:ca_crl": R(PUBLIC),
    "documents:mine": R(PUBLIC, token=token),
    "documents:mine_pdf": R(PUBLIC, token=token, document=document),
    "payments:fee": R(PUBLIC, PUBLIC, token=lambda w: w.awaiting_fee.tracking_token()),
    "payments:invoice_pdf": R(PUBLIC, token=token, number=lambda w: w.invoice.number),
    "oversight:guide": R(PUBLIC),
    "oversight:guide_pdf": R(PUBLIC),
    "oversight:guide_tool": R(PUBLIC, tool_id=lambda w: w.tool.pk),
    "oversight:public_list": R(PUBLIC),
    # Agency A's cases.
    "cases:case": R(A_READERS, reference=reference),
    "cases:log": R(A_READERS, reference=reference),
    "cases:export": R(A_READERS, reference=reference),
    "cases:attachment": R(A_READERS, reference=reference, attachment_id=lambda w: w.attachment.pk),
    # An empty move is refused as a forged form (403), so a real one is sent.
    "cases:act": R(
        None,
        A_ACTORS,
        data=lambda w: {"to": "completed", "expected": "approved", "version": 0},
        reference=reference,
    ),
    "cases:assign": R(None, A_ACTORS, reference=reference),
    "cases:deficiencies": R(A_ACTORS, A_ACTORS, reference=reference),
    "cases:record_answer": R(None, A_ACTORS, reference=reference),
    "cases:close_incomplete": R(None, A_ACTORS, reference=reference),
    "cases:forward": R(None, A_ACTORS, reference=reference),
    "cases:message": R(None, A_ACTORS, reference=reference),
    "cases:note": R(None, A_ACTORS, reference=reference),
    "cases:notified": R(None, A_ACTORS, reference=reference),
    # Agency A's documents.
    "documents:staff_detail": R(A_READERS, token=document),
    "documents:staff_pdf": R(A_READERS, token=document),
    "documents:staff_print": R(None, A_ACTORS, token=document),
    "documents:revoke": R(None, A_ACTORS, token=document),
    "documents:reissue": R(None, A_ACTORS, token=document),
    "documents:issue_now": R(None, A_ACTORS, reference=reference),
    "documents:template_new": R(A_ADMIN, A_ADMIN, service=service),
    "documents:template_edit": R(
        A_ADMIN, A_ADMIN, service=service, pk=lambda w: w.document_template.pk
    ),
    # Agency A's held mail, fees, channels, services and readiness.
    "intake:held_message": R(A_READERS, A_ACTORS, pk=lambda w: w.held.pk),
    "payments:ask_fee": R(None, A_ACTORS, reference=reference),
    "payments:statement": R(
        frozenset({"viewer_a", "officer_a", "admin_a"}), pk=lambda w: w.statement.pk
    ),
    "payments:resolve": R(None, A_ACTORS, pk=lambda w: w.payment.pk),
    "registry:manage": R(A_ACTORS, A_ACTORS, code=code),
    "registry:edit_channel": R(A_ACTORS, A_ACTORS, code=code, pk=lambda w: w.channel.pk),
    "registry:remove_channel": R(None, A_ACTORS, code=code, pk=lambda w: w.channel.pk),
    "registry:resend": R(None, A_ACTORS, code=code, pk=lambda w: w.channel.pk),
    "registry:office_hours": R(None, A_ACTORS, code=code),
    "registry:add_closure": R(None, A_ACTORS, code=code),
    "registry:remove_closure": R(None, A_ACTORS, code=code, pk=lambda w: w.closure.pk),
    "catalogue:staff_edit": R(A_ACTORS, A_ACTORS, service_id=service),
    "catalogue:publish": R(None, A_ACTORS, service_id=service),
    "catalogue:suspend": R(None, A_ACTORS, service_id=service),
    "catalogue:builder": R(A_ACTORS, A_ACTORS, service_id=service),
    "catalogue:builder_field": R(A_ACTORS, A_ACTORS, service_id=service, key=lambda w: "shop_name"),
    "catalogue:builder_change": R(None, A_ACTORS, service_id=service),
    "catalogue:builder_export": R(A_ACTORS, service_id=service),
    "catalogue:builder_import": R(A_ACTORS, A_ACTORS, service_id=service),
    "oversight:readiness": R(A_READERS, agency_id=lambda w: w.agency.pk),
    "oversight:declare": R(None, A_ACTORS, agency_id=lambda w: w.agency.pk),
    "oversight:evidence": R(A_READERS, declaration_id=lambda w: w.declaration.pk),
    # The signed-in person's own agency.
    "cases:inbox": R(OWN_STAFF),
    "cases:dashboard": R(OWN_STAFF),
    "cases:officers": R(A_ADMIN, A_ADMIN),
    "documents:staff_list": R(SIGNED_IN_STAFF),
    "documents:templates": R(A_ADMIN | OVERSIGHT),
    "intake:holding_pen": R(SIGNED_IN_STAFF),
    "intake:acknowledgements": R(SIGNED_IN_STAFF),
    "payments:staff": R(OWN_STAFF),
    "payments:account": R(OWN_STAFF, A_ADMIN),  # the agency admin alone changes it
    "payments:import_statement": R(None, OWN_ACTORS),
    "catalogue:staff_list": R(SIGNED_IN_STAFF),
    "catalogue:staff_new": R(OWN_ACTORS, OWN_ACTORS),
    "oversight:my_readiness": R(SIGNED_IN_STAFF),
    # Oversight staff's own work.
    "cases:audit": R(OVERSIGHT),
    "registry:dashboard": R(OVERSIGHT),
    "registry:dashboard_csv": R(OVERSIGHT),
    "registry:claims": R(OVERSIGHT),
    "registry:decide_claim": R(None, OVERSIGHT, pk=lambda w: w.claim.pk),
    "registry:import": R(OVERSIGHT, OVERSIGHT),
    "registry:import_job": R(OVERSIGHT, pk=lambda w: w.import_job.pk),
    "outreach:outbox": R(OVERSIGHT),
    "outreach:send_test": R(None, OVERSIGHT),
    "outreach:message": R(OVERSIGHT, mail_id=lambda w: w.mail.pk),
    "oversight:overview": R(OVERSIGHT),
    "oversight:measure_now": R(None, OVERSIGHT),
    "oversight:compliance": R(OVERSIGHT),
    "oversight:declarations": R(OVERSIGHT),
    "oversight:decide": R(None, OVERSIGHT, declaration_id=lambda w: w.declaration.pk),
    "oversight:notices": R(OVERSIGHT, OVERSIGHT),
    "oversight:notice": R(OVERSIGHT, number=lambda w: w.notice.number),
    "oversight:notice_pause": R(None, OVERSIGHT, number=lambda w: w.notice.number),
    "oversight:reports": R(OVERSIGHT, OVERSIGHT),
    "oversight:report": R(OVERSIGHT, number=lambda w: w.report.number),
    "oversight:editions": R(OVERSIGHT, OVERSIGHT),
    "oversight:edition": R(OVERSIGHT, OVERSIGHT, number=lambda w: w.draft_tool.edition.number),
    "oversight:tool_new": R(OVERSIGHT, OVERSIGHT, number=lambda w: w.draft_tool.edition.number),
    "oversight:tool_edit": R(
        OVERSIGHT,
        OVERSIGHT,
        number=lambda w: w.draft_tool.edition.number,
        tool_id=lambda w: w.draft_tool.pk,
    ),
}

# The Django admin keeps its own rule (is_staff); none of the roles here has it.
ADMIN_NAMESPACE = "admin"
API_NAMESPACE = api.urls_namespace

# API operations by "METHOD /api/path" as the OpenAPI schema lists them.
API_KEY = "api key"  # a connected system's key, not a person's session
SIGNED = "signed"  # the payment provider's signature
API: dict[str, tuple[frozenset[str] | str, Callable[["World"], dict[str, Any]]]] = {
    "GET /api/health": (PUBLIC, lambda w: {}),
    "GET /api/agencies/": (PUBLIC, lambda w: {}),
    "GET /api/agencies/{code}": (PUBLIC, lambda w: {"code": w.agency.code}),
    "GET /api/services": (PUBLIC, lambda w: {}),
    "GET /api/services/form-definition-schema": (PUBLIC, lambda w: {}),
    "GET /api/services/{service_id}": (PUBLIC, lambda w: {"service_id": public_id(w.service)}),
    "POST /api/requests/": (API_KEY, lambda w: {}),
    "GET /api/requests/{reference}": (API_KEY, lambda w: {"reference": reference(w)}),
    "GET /api/cases/": (OWN_STAFF, lambda w: {}),
    "GET /api/cases/{reference}": (A_READERS, lambda w: {"reference": reference(w)}),
    "GET /api/documents/register": (PUBLIC, lambda w: {}),
    "GET /api/documents/{token}": (PUBLIC, lambda w: {"token": document(w)}),
    "POST /api/payments/callback": (SIGNED, lambda w: {}),
    "GET /api/oversight/guide": (PUBLIC, lambda w: {}),
    "GET /api/oversight/guide/{number}": (PUBLIC, lambda w: {"number": w.tool.edition.number}),
    "GET /api/oversight/not-compliant": (PUBLIC, lambda w: {}),
    "GET /api/oversight/agencies/{agency_id}/readiness": (
        A_READERS,
        lambda w: {"agency_id": w.agency.pk},
    ),
}

# What a GET may write: the audit log of who read what, sessions, the rate-limit counters
# (in the cache table), and the receipt PDF kept the first time it is asked for.
WRITES_ALLOWED_ON_GET = ("lib_auditentry", "lib_audithead", "eservice_cache", "django_session")
KEPT_ON_FIRST_READ = ('UPDATE "intake_request" SET "receipt_pdf" = ',)


def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(filter(None, [namespace, p.namespace]))
            yield from walk(p.url_patterns, inner)
        else:
            yield (f"{namespace}:{p.name}" if namespace else str(p.name)), p


def page_names() -> set[str]:
    return {
        name
        for name, _p in walk(get_resolver().url_patterns)
        if not name.startswith((f"{ADMIN_NAMESPACE}:", f"{API_NAMESPACE}:"))
    }


def api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_every_page_and_api_operation_is_classified() -> None:
    assert page_names() - ROUTES.keys() == set(), "classify the new pages in ROUTES"
    assert ROUTES.keys() - page_names() == set(), "remove the pages that are gone"
    assert api_operations() - API.keys() == set(), "classify the new API operations in API"
    assert API.keys() - api_operations() == set(), "remove the API operations that are gone"


# --- The world: agency A with one of everything, agency B, and the people ----------------


@dataclass
class World:
    agency: Any
    other_agency: Any
    service: Any
    application: Any
    awaiting_fee: Any
    licence: Any
    attachment: Any
    held: Any
    invoice: Any
    statement: Any
    payment: Any
    channel: Any
    closure: Any
    declaration: Any
    document_template: Any
    draft: Any
    tool: Any
    draft_tool: Any
    notice: Any
    report: Any
    claim: Any
    import_job: Any
    mail: Any
    clients: dict[str, Client]


@pytest.fixture
def world(
    agency: Any,
    other_agency: Any,
    officer: Any,
    oversight_user: Any,
    licence_service: Any,
    approved_request: Any,
    licence: Any,
) -> World:
    from eservice.documents import issuing
    from eservice.documents.testing import make_request
    from eservice.identity.models import User
    from eservice.intake.models import Attachment, Draft, InboundEmail, Request
    from eservice.outreach.mail import queue_mail
    from eservice.oversight.models import CabinetReport, Declaration, Notice, Tool
    from eservice.payments.models import Invoice, Payment, StatementImport
    from eservice.registry.models import Channel, Claim, Closure, ImportJob

    people = {
        "viewer_a": User.objects.create_user("viewer", agency=agency, role=User.Role.VIEWER),
        "officer_a": officer,
        "admin_a": User.objects.create_user("admin", agency=agency, role=User.Role.AGENCY_ADMIN),
        "officer_b": User.objects.create_user(
            "foreign", agency=other_agency, role=User.Role.OFFICER
        ),
        "oversight": oversight_user,
    }
    clients = {"anonymous": Client()}
    for role, person in people.items():
        clients[role] = Client()
        clients[role].force_login(person)

    licence_service.form_draft = SHOP_FORM
    licence_service.save(update_fields=["form_draft"])
    attachment = Attachment(
        request=approved_request,
        name="plan.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF"), save=False)
    attachment.save()
    held = InboundEmail(
        sha256="1" * 64,
        received_at=timezone.now(),
        agency=agency,
        sender="somchai@example.com",
        subject="ไฟฟ้าดับ",
        body="ไฟหน้าบ้านดับ",
        outcome=InboundEmail.Outcome.HELD,
        reason="automatic message",
    )
    held.raw.save("held.eml", ContentFile(b"Subject: x\n\nx"), save=False)
    held.save()
    invoice = Invoice.objects.create(
        request=approved_request, agency=agency, number="INV2569000001", ref1="R1", amount=500
    )
    statement = StatementImport.objects.create(
        agency=agency, uploaded_by=officer, filename="statement.csv"
    )
    payment = Payment.objects.create(
        source=Payment.Source.STATEMENT,
        receiving_account="123",
        external_id="T1",
        agency=agency,
        amount=Decimal("500.00"),
        paid_at=timezone.now(),
        status=Payment.Status.FLAGGED,
        flag_reason="no matching invoice",
    )
    declaration = Declaration(agency=agency, step="receive", level=1)
    declaration.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=False)
    declaration.evidence_type = "application/pdf"
    declaration.save()
    # The guide's first edition as its migration ships it (a transactional test run earlier
    # on this worker may have flushed it).
    import_module("eservice.oversight.migrations.0002_first_guide_edition").load(apps, None)
    tool = Tool.objects.order_by("pk").first()
    assert tool is not None
    return World(
        agency=agency,
        other_agency=other_agency,
        service=licence_service,
        application=approved_request,
        awaiting_fee=make_request(agency, licence_service, status=Request.Status.AWAITING_FEE),
        licence=licence,
        attachment=attachment,
        held=held,
        invoice=invoice,
        statement=statement,
        payment=payment,
        channel=Channel.objects.create(
            agency=agency, kind=Channel.Kind.CENTRAL_EMAIL, address="saraban@bangbuathong.go.th"
        ),
        closure=Closure.objects.create(agency=agency, day=timezone.localdate()),
        declaration=declaration,
        document_template=issuing.default_template(licence_service),
        draft=Draft.objects.create(key="d" * 32, service_version=licence_service.versions.first()),
        tool=tool,
        draft_tool=tool.edition.draft_next(oversight_user).tools.first(),
        notice=Notice.objects.create(number=1, respond_by=timezone.localdate()),
        report=CabinetReport.objects.create(
            number=1, figures={"total": 0, "compliant": 0, "by_kind": {}, "by_province": {}}
        ),
        claim=Claim.objects.create(
            agency=other_agency,
            name="x",
            position="y",
            email="saraban@bangrakyai.go.th",
            status=Claim.Status.AWAITING_APPROVAL,
        ),
        import_job=ImportJob.objects.create(created_by="oversight", filename="a.csv", content=b""),
        mail=queue_mail("somsri@example.org", "x", "x", purpose="test"),
        clients=clients,
    )


# --- The checks -------------------------------------------------------------------------


def refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def writes(queries: CaptureQueriesContext) -> list[str]:
    found = []
    for query in queries.captured_queries:
        sql = query["sql"].lstrip().upper()
        if (
            sql.startswith(("INSERT", "UPDATE", "DELETE"))
            and not any(f'"{table.upper()}"' in sql for table in WRITES_ALLOWED_ON_GET)
            and not query["sql"].startswith(KEPT_ON_FIRST_READ)
        ):
            found.append(query["sql"][:160])
    return found


def attempt(
    client: Client, method: str, url: str, data: dict[str, Any] | None = None
) -> tuple[Any, list[str]]:
    """One request, undone afterwards (signing out included), so that each person meets
    the same world."""
    cookies = copy.deepcopy(client.cookies)
    connection.queries_log.clear()  # the log keeps 9000 queries; counting needs room
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data else client.generic(method, url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, writes(queries)


def check(
    problems: list[str], who: str, method: str, url: str, allowed: Any, response: Any
) -> None:
    if allowed is PUBLIC or allowed is None:
        return  # anyone may; or the view does not take the method (checked: writes nothing)
    if who in (allowed or ()):
        if refused(response) or response.status_code >= 500:
            problems.append(f"{who} {method} {url}: refused ({response.status_code})")
    elif not refused(response):
        problems.append(f"{who} {method} {url}: allowed ({response.status_code})")


def test_only_agency_as_officers_act_on_its_data_and_no_get_writes(world: World) -> None:
    problems: list[str] = []
    for name, route in ROUTES.items():
        url = reverse(name, kwargs=route.kwargs(world))
        for who, method in itertools.product(ROLES, ("GET", "POST")):
            allowed = route.get if method == "GET" else route.post
            data = route.data(world) if route.data and method == "POST" else None
            response, written = attempt(world.clients[who], method, url, data)
            check(problems, who, method, url, allowed, response)
            if written and (method == "GET" or allowed is None):
                problems.append(f"{who} {method} {url} wrote: {written}")
    assert not problems, "\n".join(problems)


def test_api_operations_follow_the_same_rules(world: World) -> None:
    problems: list[str] = []
    for operation, (allowed, kwargs) in API.items():
        method, path = operation.split(" ", 1)
        url = path.format(**kwargs(world))
        for who in ROLES:
            response, written = attempt(world.clients[who], method, url)
            if allowed in (API_KEY, SIGNED):
                # No person's session opens these: only the key or the signature does.
                if response.status_code != 401:
                    problems.append(f"{who} {operation}: {response.status_code} without a key")
            else:
                check(problems, who, method, url, allowed, response)
            if written and method == "GET":
                problems.append(f"{who} {operation} wrote: {written}")
    assert not problems, "\n".join(problems)


def test_the_django_admin_is_closed_to_every_role(world: World) -> None:
    for who in ROLES:
        response = world.clients[who].get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"], who

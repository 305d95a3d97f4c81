"""poll_imap against a small IMAP4rev1 server on loopback (the commands imaplib sends)."""

import socketserver
import threading
from email.message import EmailMessage

import pytest
from django.core.management import call_command

from conftest import free_port
from eservice.intake.models import InboundEmail, Request


class Mailbox:
    def __init__(self, messages):
        self.messages = {uid: raw for uid, raw in enumerate(messages, start=1)}
        self.seen: set[int] = set()


def handler_for(mailbox):
    class Handler(socketserver.StreamRequestHandler):
        def send(self, line: bytes) -> None:
            self.wfile.write(line + b"\r\n")

        def handle(self) -> None:
            self.send(b"* OK IMAP4rev1 ready")
            for line in self.rfile:
                tag, command, *rest = line.decode().strip().split(" ", 2)
                args = rest[0] if rest else ""
                command = command.upper()
                if command == "CAPABILITY":
                    self.send(b"* CAPABILITY IMAP4rev1")
                elif command == "SELECT":
                    self.send(f"* {len(mailbox.messages)} EXISTS".encode())
                elif command == "UID" and args.upper().startswith("SEARCH"):
                    unseen = [str(u) for u in mailbox.messages if u not in mailbox.seen]
                    self.send(("* SEARCH " + " ".join(unseen)).strip().encode())
                elif command == "UID" and args.upper().startswith("FETCH"):
                    uid = int(args.split()[1])
                    raw = mailbox.messages[uid]
                    self.wfile.write(f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode())
                    self.wfile.write(raw + b")\r\n")
                elif command == "UID" and args.upper().startswith("STORE"):
                    uid = int(args.split()[1])
                    mailbox.seen.add(uid)
                    self.send(f"* {uid} FETCH (FLAGS (\\Seen))".encode())
                elif command == "LOGOUT":
                    self.send(b"* BYE")
                    self.send(f"{tag} OK done".encode())
                    return
                self.send(f"{tag} OK done".encode())

    return Handler


@pytest.fixture
def imap(settings):
    def serve(messages):
        mailbox = Mailbox(messages)
        port = free_port()
        server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler_for(mailbox))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.INTAKE_IMAP_HOST = "127.0.0.1"
        settings.INTAKE_IMAP_PORT = port
        settings.INTAKE_IMAP_SSL = False
        settings.INTAKE_IMAP_USER = "saraban"
        settings.INTAKE_IMAP_PASSWORD = "secret"  # noqa: S105 - a test server
        return mailbox

    servers: list[socketserver.ThreadingTCPServer] = []
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def message(to, n):
    m = EmailMessage()
    m["From"] = f"applicant{n}@example.com"
    m["To"] = to
    m["Subject"] = f"คำร้องที่ {n}"
    m["Message-ID"] = f"<imap{n}@example.com>"
    m.set_content("ขอให้ซ่อมถนน")
    return m.as_bytes()


@pytest.mark.django_db
def test_unread_mail_becomes_requests_and_is_marked_read(agency, imap):
    address = f"{agency.code}@eservice.localhost"
    mailbox = imap([message(address, 1), message(address, 2)])
    call_command("poll_imap", "--once")
    assert Request.objects.filter(channel="email").count() == 2
    assert mailbox.seen == {1, 2}
    # A second poll finds nothing new and makes nothing twice.
    mailbox.seen.clear()
    call_command("poll_imap", "--once")
    assert Request.objects.count() == 2
    assert InboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_without_a_mailbox_configured_it_says_what_to_set(settings):
    settings.INTAKE_IMAP_HOST = ""
    with pytest.raises(Exception, match="INTAKE_IMAP_HOST"):
        call_command("poll_imap", "--once")

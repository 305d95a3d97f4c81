"""Telling an applicant something about their request: e-mail now, SMS later.

Other apps call notify(request, subject, body). Each channel is a small class with
`can_reach(request)` and `send(request, subject, body)`; an SMS provider is one more class
in CHANNELS. Nothing is sent from the web request: e-mail goes through the mail queue.
"""

from typing import Protocol

from eservice.outreach.mail import queue_mail

from .models import Request


class Channel(Protocol):
    name: str

    def can_reach(self, request: Request) -> bool: ...

    def send(self, request: Request, subject: str, body: str) -> None: ...


class EmailChannel:
    name = "email"

    def can_reach(self, request: Request) -> bool:
        return bool(request.applicant_email)

    def send(self, request: Request, subject: str, body: str) -> None:
        # Replies to a notification join the request like replies to the acknowledgement.
        queue_mail(
            request.applicant_email,
            subject,
            f"{body.rstrip()}\n\n{request.reference}\n{request.tracking_url()}\n",
            reply_to=request.reply_address(),
            headers={"Auto-Submitted": "auto-generated"},
            purpose="notification",
        )


CHANNELS: list[Channel] = [EmailChannel()]


def notify(request: Request, subject: str, body: str) -> list[str]:
    """Send through every channel that reaches the applicant; returns the channels used.
    An empty list means nobody could be reached electronically: the officer must write."""
    used = []
    for channel in CHANNELS:
        if channel.can_reach(request):
            channel.send(request, subject, body)
            used.append(channel.name)
    return used

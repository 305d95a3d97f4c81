"""An officer's own password: change it when signed in, or reset it through a link sent to
the account's e-mail address."""

from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from eservice.lib.ratelimit import allow


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the message is queued like every other e-mail and the worker
    sends it: nothing is sent inside a web request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Imported here: outreach sits above identity (its pages use identity's decorators).
        from eservice.outreach.mail import queue_mail

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_mail(to_email, subject, body, purpose="password_reset")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        # Links in the e-mail point to the address people use, whatever host the request named.
        return {"site_url": settings.SITE_URL}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Each post may queue a message: an address may ask a few times an hour, no more.
        if not allow(request, "password_reset", settings.PASSWORD_RESETS_PER_HOUR, 3600):
            return render(request, "registration/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)

"""An officer's own account: signing in, changing the password when signed in, or resetting
it through a link sent to the account's e-mail address."""

from typing import Any

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from eservice.identity.models import User
from eservice.lib.ratelimit import allow

USERNAME_MAX = User._meta.get_field("username").max_length


class SignIn(auth_views.LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # No account has a longer name, and a failed sign-in stores the name tried, which
        # PostgreSQL refuses beyond its column: a 400, not a failure to count.
        if len(request.POST.get("username", "")) > (USERNAME_MAX or 150):
            raise BadRequest
        return super().post(request, *args, **kwargs)


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

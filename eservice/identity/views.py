from typing import Any

from django.contrib.auth import views as auth_views
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from eservice.identity.models import User

USERNAME_MAX = User._meta.get_field("username").max_length


class SignIn(auth_views.LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # No account has a longer name, and a failed sign-in stores the name tried, which
        # PostgreSQL refuses beyond its column: a 400, not a failure to count.
        if len(request.POST.get("username", "")) > (USERNAME_MAX or 150):
            raise BadRequest
        return super().post(request, *args, **kwargs)

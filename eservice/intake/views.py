from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from eservice.intake.models import Request


@never_cache
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's private page for one request."""
    application = Request.from_tracking_token(token)
    if application is None:
        raise Http404
    return render(request, "intake/track.html", {"application": application})

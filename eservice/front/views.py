from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from eservice.lib.health import database_ok, live_workers


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "front/home.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and monitoring: 200 only when the database answers and at
    least one task worker has reported in recently."""
    database = database_ok()
    workers = live_workers() if database else 0
    healthy = database and workers > 0
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": "ok" if database else "down",
            "worker": "ok" if workers else "down",
            "workers": workers,
        },
        status=200 if healthy else 503,
    )

"""Per-address limits for the register's public endpoints. (scope: (requests, seconds))"""

from django.http import HttpRequest

from eservice.lib.ratelimit import allow

LIMITS = {
    "claim": (10, 3600),  # each claim sends an e-mail
    "export": (60, 3600),  # the whole register each time
    "search": (300, 300),  # the directory page and the API
}


def exceeded(request: HttpRequest, scope: str) -> bool:
    limit, seconds = LIMITS[scope]
    return not allow(request, f"registry:{scope}", limit, seconds)

"""Per-address limits for the register's public endpoints, counted in the shared cache so
they hold across web workers. (scope: (requests, seconds))"""

from django.core.cache import cache
from django.http import HttpRequest

from eservice.lib.audit import client_ip

LIMITS = {
    "claim": (10, 3600),  # each claim sends an e-mail
    "export": (60, 3600),  # the whole register each time
    "search": (300, 300),  # the directory page and the API
}


def exceeded(request: HttpRequest, scope: str) -> bool:
    limit, seconds = LIMITS[scope]
    key = f"registry:{scope}:{client_ip(request)}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False

"""Per-address limits for public endpoints (sign-in has its own lock-out). Counts live in
the shared database cache, so a limit holds across every web worker."""

from django.core.cache import cache
from django.http import HttpRequest

from eservice.lib.audit import client_ip


def allow(request: HttpRequest, scope: str, limit: int, per_seconds: int = 60) -> bool:
    """Count this hit; False once the address has used `limit` hits in the window."""
    key = f"ratelimit:{scope}:{per_seconds}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=per_seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=per_seconds)
        return True

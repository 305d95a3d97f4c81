"""Per-address limits for public endpoints (sign-in has its own lock-out), and per-caller
limits such as an API key's. Counts live in the shared database cache, so a limit holds
across every web worker."""

from django.core.cache import cache
from django.http import HttpRequest

from eservice.lib.audit import client_ip


def allow(request: HttpRequest, scope: str, limit: int, per_seconds: int = 60) -> bool:
    """Count this hit; False once the address has used `limit` hits in the window."""
    return allow_for(f"{scope}:{client_ip(request) or 'unknown'}", limit, per_seconds)


def allow_for(who: str, limit: int, per_seconds: int = 60) -> bool:
    """Count a hit for `who`; False once it has used `limit` hits in the window."""
    key = f"ratelimit:{per_seconds}:{who}"
    if cache.add(key, 1, timeout=per_seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=per_seconds)
        return True

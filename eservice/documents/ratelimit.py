"""A per-address limit for public endpoints that cost real work (checking a signature)."""

from django.core.cache import cache
from django.http import HttpRequest

from eservice.lib.audit import client_ip


def allow(request: HttpRequest, scope: str, per_hour: int) -> bool:
    """Count this hit; False once the address has used its allowance this hour."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=3600):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return True
    return count <= per_hour

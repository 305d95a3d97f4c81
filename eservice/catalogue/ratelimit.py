"""A per-address allowance per minute for public catalogue endpoints that cost real work
(search, PDF manuals, the portal feed). Counts live in the shared database cache, so the
limit holds across web workers."""

from django.core.cache import cache
from django.http import HttpRequest

from eservice.lib.audit import client_ip


def allow(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count this hit; False once the address has used its allowance this minute."""
    key = f"ratelimit:catalogue:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=60):
        return True
    try:
        return cache.incr(key) <= per_minute
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)
        return True

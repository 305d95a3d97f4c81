"""Long-running processes load, before they take any work, what the first piece of work
would otherwise load while someone waits."""

from django.urls import get_resolver


def load_the_platform() -> None:
    """The URLconf imports every app's views and the libraries behind them; the first link
    an acknowledgement needs would load it, which takes seconds on a busy machine (the first
    message by e-mail was accepted in 4.7 s, the next in 0.05 s)."""
    get_resolver().reverse_dict  # noqa: B018 - reading it loads and indexes every URL

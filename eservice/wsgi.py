import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eservice.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Import every view and template library now, in gunicorn's master under --preload,
    not in each worker's first request (seconds on a small machine)."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's views
    get_template("front/home.html")


_warm_up()

"""Every PDF the platform makes is laid out here: WeasyPrint with a URL fetcher that answers
only for our own static files and data: URLs (docs/adr/0010).

WeasyPrint fetches whatever the HTML or CSS names (<img>, <a rel="attachment">, @import,
@font-face, url(), <object>, SVG <image> …) and embeds it. With its own fetcher a document
template could put var/secret_key, the database or /proc/self/environ into a signed
document, or make the server call 169.254.169.254. Ours reads our static files from disk
and nothing else; a refusal is logged and the document is laid out without the resource.

Imports WeasyPrint (about two seconds): import this module where a PDF is made.
"""

import logging
import mimetypes
import ssl
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Where every PDF is laid out. Nothing is ever fetched from it over the network (.invalid
# never resolves, RFC 6761): the fetcher answers for it from disk. So a PDF template names
# our files relatively, url("fonts/sarabun/Sarabun-Regular.ttf"), and a relative URL in
# anything else lands here too, not on the file system.
ORIGIN = "https://static.invalid/"

# Never used (the fetcher opens no connection); given so that each fetcher does not load
# the system's certificates, which costs 20 ms.
_NO_TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def base_url() -> str:
    return urljoin(ORIGIN, settings.STATIC_URL)


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        roots += [Path(s.location) for s in getattr(finder, "storages", {}).values()]
    return [root.resolve() for root in roots]


def static_file(url: str) -> Path | None:
    """The file on disk behind a URL under base_url(), or None when there is none or the
    URL tries to leave the static files (.., a symlink out, an encoded slash)."""
    base, asked = urlsplit(base_url()), urlsplit(url)
    if (asked.scheme, asked.netloc) != (base.scheme, base.netloc):
        return None
    if not asked.path.startswith(base.path):
        return None
    name = unquote(asked.path.removeprefix(base.path))
    if not name or "\\" in name or "\0" in name:
        return None
    if any(part in ("", ".", "..") for part in name.split("/")):
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    candidates = [Path(found)] if isinstance(found, str) else []
    candidates.append(Path(settings.STATIC_ROOT) / name)
    roots = _static_roots()
    for candidate in candidates:
        real = candidate.resolve()
        if real.is_file() and any(real.is_relative_to(root) for root in roots):
            return real
    return None


class Refused(ValueError):
    """WeasyPrint catches it, warns, and lays the document out without the resource."""


class Fetcher(URLFetcher):
    """Answers for our static files, data: URLs and the resources a caller hands over
    (e.g. a QR code made for this one document); refuses everything else."""

    def __init__(self, resources: dict[str, tuple[bytes, str]] | None = None) -> None:
        # data: is decoded by the parent, which would open nothing else either.
        super().__init__(allowed_protocols={"data"}, ssl_context=_NO_TLS, allow_redirects=False)
        self.resources = resources or {}

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.resources:
            body, content_type = self.resources[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = static_file(url)
        if path is None:
            logger.warning("A PDF asked for %s; refused: only our static files", url[:200])
            raise Refused(f"Only the platform's static files may be fetched: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def stylesheet(css: str, font_config: FontConfiguration) -> weasyprint.CSS:
    """A stylesheet parsed once and reused; its @font-face fonts come through the Fetcher."""
    return weasyprint.CSS(
        string=css, base_url=base_url(), url_fetcher=Fetcher(), font_config=font_config
    )


def render_pdf(
    html: str,
    *,
    stylesheets: Iterable[weasyprint.CSS] = (),
    font_config: FontConfiguration | None = None,
    resources: dict[str, tuple[bytes, str]] | None = None,
    pdf_variant: str | None = None,
) -> bytes:
    """The PDF of html, laid out at base_url() with the Fetcher."""
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=Fetcher(resources))
    pdf: bytes = document.write_pdf(
        stylesheets=list(stylesheets), font_config=font_config, pdf_variant=pdf_variant
    )
    return pdf

"""Serving files people uploaded. A file goes out as the type its content was checked as
when it was stored, never a type guessed from its name, so a page disguised as a PDF
cannot run as a page of this site."""

from typing import IO

from django.http import FileResponse

# What a browser shows safely in the page; anything else is only ever downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def upload_response(
    file: IO[bytes], *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    """The stored file with its checked type (octet-stream when none was recorded), shown
    inline only when asked and safe; nosniff stops the browser second-guessing the type,
    and the sandbox stops a crafted PDF or image from scripting the site."""
    shown = inline and content_type in INLINE_TYPES
    response = FileResponse(
        file,
        as_attachment=not shown,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

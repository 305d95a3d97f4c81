"""For tests that check what a PDF holds: everything a reader could get out of it, and a
real HTTP server that counts what the renderer asked of it."""

import base64
import http.server
import re
import subprocess
import threading
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# A 1×1 PNG: what a data: image or a fetched image would put on the page.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)


def everything_in(pdf: bytes, tmp_path: Path) -> bytes:
    """All a reader could get out of the PDF: its text, its attachments, every stream."""
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    attached = tmp_path / f"attached-{path.stem}"
    attached.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(attached), str(path)], check=True)
    files = b"".join(f.read_bytes() for f in attached.iterdir())
    streams = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            streams += zlib.decompressobj().decompress(stream)
        except zlib.error:
            streams += stream
    return b"\n".join([pdf, text, files, streams])


def fonts_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout


def images_in(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]  # under two heading lines
    return sum(1 for row in rows if row[2] == "image")  # not their transparency masks


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    """A file the server can read and nobody may see: it holds a marker no PDF may contain."""
    marker = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(marker)
    return path, marker


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        body = b"@import url(x); p { color: red }" if self.path.endswith(".css") else PNG
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback that serves anything and counts every request."""
    hits: list[str] = []
    handler = type("Handler", (Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()

"""The PDF renderer fetches our static files and data: URLs, and nothing else, whatever tag
or CSS names the resource (docs/adr/0010)."""

import base64
from pathlib import Path

import pytest
import weasyprint
from django.conf import settings

from eservice.lib.pdf import Fetcher, render_pdf, static_file
from eservice.lib.testing import PNG, everything_in, fonts_of, images_in


def ways_to_fetch(url: str) -> list[str]:
    """Every way we know for HTML and CSS to make WeasyPrint fetch url."""
    return [
        f'<a rel="attachment" href="{url}">a</a>',
        f'<link rel="attachment" href="{url}">',
        f'<link rel="stylesheet" href="{url}">',
        f'<img src="{url}">',
        f'<img srcset="{url} 1x" src="{url}#src">',
        f'<object data="{url}" type="image/png"></object>',
        f'<embed src="{url}" type="image/png">',
        f'<iframe src="{url}"></iframe>',
        f'<svg width="10" height="10"><image href="{url}" width="10" height="10"/></svg>',
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        f'<image xlink:href="{url}" width="10" height="10"/></svg>',
        f"<style>@import url({url});</style>",
        f'<style>@import "{url}";</style>',
        f"<style>@font-face {{ font-family: Stolen; src: url({url}); }}"
        " .stolen { font-family: Stolen; }</style><p class=stolen>x</p>",
        f'<div style="background-image: url({url}); height: 1cm">b</div>',
        f'<ul style="list-style-image: url({url})"><li>c</li></ul>',
        f"<style>.before::before {{ content: url({url}); }}</style><p class=before>d</p>",
        f'<p style="content: url({url})">e</p>',
        f"<style>@page {{ background: url({url}); }}</style>",
        f'<table background="{url}"><tr><td>f</td></tr></table>',
        f'<video poster="{url}"></video>',
        # Through a data: URL, which is allowed: what it names is still refused.
        '<img src="data:image/svg+xml,'
        + f"%3Csvg xmlns='http://www.w3.org/2000/svg' width='9' height='9'%3E"
        f"%3Cimage href='{url}' width='9' height='9'/%3E%3C/svg%3E\">",
        f'<link rel="stylesheet" href="data:text/css,@import url({url});">',
    ]


def attacks(targets: list[str]) -> str:
    body = "\n".join(way for target in targets for way in ways_to_fetch(target))
    return f"<html><head></head><body><p>ok</p>{body}</body></html>"


def test_the_check_would_see_a_file_weasyprint_embeds_by_default(secret, tmp_path):
    """The checks below can fail: WeasyPrint on its own embeds a file: attachment."""
    path, marker = secret
    html = f'<a rel="attachment" href="{path.as_uri()}">a</a>'
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert marker.encode() in everything_in(pdf, tmp_path)


def test_no_file_on_the_server_gets_into_a_pdf(secret, tmp_path, caplog):
    path, marker = secret
    key_file = Path(settings.VAR_DIR) / "secret_key"
    database = Path(settings.DATABASES["default"]["NAME"] or "db.sqlite3")
    targets = [
        path.as_uri(),
        f"file://{path}",
        f"file://localhost{path}",
        f"FILE://{path}",
        key_file.as_uri(),
        database.absolute().as_uri(),
        "file:///proc/self/environ",
        str(path),  # a bare path: relative to our base URL, not the disk
        "../" * 12 + str(path).lstrip("/"),
        "fonts/sarabun/" + "../" * 12 + str(path).lstrip("/"),
        "fonts/sarabun/" + "%2e%2e/" * 12 + str(path).lstrip("/"),
        "fonts%2fsarabun%2f" + "%2e%2e%2f" * 12 + str(path).lstrip("/"),
    ]
    pdf = render_pdf(f"<base href='file:///'>{attacks(targets)}<img src='{path.name}'>")
    contents = everything_in(pdf, tmp_path)
    assert b"ok" in contents  # the document was still laid out
    assert marker.encode() not in contents
    assert settings.SECRET_KEY.encode() not in contents
    refused = "\n".join(r.getMessage() for r in caplog.records if r.name == "eservice.lib.pdf")
    assert str(path) in refused and "/proc/self/environ" in refused


def test_nothing_is_fetched_over_the_network(local_server, tmp_path, caplog):
    origin, hits = local_server
    port = origin.rsplit(":", 1)[1]
    targets = [
        f"{origin}/x.png",
        f"{origin}/s.css",
        f"http://localhost:{port}/x.png",
        f"http://[::1]:{port}/x.png",
        f"//127.0.0.1:{port}/x.png",
        f"https://127.0.0.1:{port}/x.png",
        f"ftp://127.0.0.1:{port}/x.png",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "https://static.invalid.example.com/static/fonts/sarabun/Sarabun-Regular.ttf",
    ]
    pdf = render_pdf(attacks(targets))
    assert b"ok" in everything_in(pdf, tmp_path)
    assert hits == []
    assert images_in(pdf, tmp_path) == 0
    refused = "\n".join(r.getMessage() for r in caplog.records if r.name == "eservice.lib.pdf")
    assert "169.254.169.254" in refused and f"127.0.0.1:{port}" in refused


def test_our_static_files_and_data_urls_still_load(tmp_path):
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    html = f"""<style>
    @font-face {{ font-family: Sarabun; src: url("fonts/sarabun/Sarabun-Regular.ttf"); }}
    body {{ font-family: Sarabun; }}
    </style>
    <p>สวัสดี</p>
    <img src="uswds/img/circle-124.png" style="width: 1cm">
    <img src="{data_url}" style="width: 1cm">
    """
    pdf = render_pdf(html)
    assert "Sarabun" in fonts_of(pdf, tmp_path)
    assert images_in(pdf, tmp_path) == 2


def test_a_static_file_is_found_on_disk_only_inside_the_static_files(secret, tmp_path, settings):
    path, _marker = secret
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "logo.png").write_bytes(PNG)
    (settings.STATIC_ROOT / "link.png").symlink_to(path)
    (settings.STATIC_ROOT / "dir").symlink_to(path.parent, target_is_directory=True)
    base = "https://static.invalid/static/"
    font = static_file(base + "fonts/sarabun/Sarabun-Regular.ttf")
    assert font is not None and font.name == "Sarabun-Regular.ttf"
    assert static_file(base + "logo.png") == (settings.STATIC_ROOT / "logo.png").resolve()
    for refused in [
        base + "link.png",  # a symlink out of the static files
        base + f"dir/{path.name}",
        base + "fonts/sarabun/../../" + path.name,
        base + "fonts/sarabun/%2e%2e/%2e%2e/secret.txt",
        base + "fonts%2Fsarabun%2F..%2F..%2Fsecret.txt",
        base + "fonts/sarabun/..%5c..%5csecret.txt",
        base + "fonts/sarabun/Sarabun-Regular.ttf%00.png",
        base + "fonts/sarabun/",  # a directory
        base + "/etc/passwd",
        base + path.as_uri(),
        "https://static.invalid/etc/passwd",
        "http://static.invalid/static/fonts/sarabun/Sarabun-Regular.ttf",
        "https://static.invalid:8443/static/fonts/sarabun/Sarabun-Regular.ttf",
        "https://user@static.invalid/static/fonts/sarabun/Sarabun-Regular.ttf",
    ]:
        assert static_file(refused) is None, refused


def test_a_refused_url_is_an_error_weasyprint_survives(secret):
    path, _marker = secret
    with pytest.raises(ValueError, match="static files"):
        Fetcher().fetch(path.as_uri())

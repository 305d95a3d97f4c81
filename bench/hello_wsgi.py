"""The baseline: the smallest WSGI application, served exactly like eservice."""


def application(environ, start_response):
    body = b"<!doctype html><title>hello</title><p>hello"
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]

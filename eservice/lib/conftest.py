from eservice.lib.testing import local_server, secret  # noqa: F401 - fixtures

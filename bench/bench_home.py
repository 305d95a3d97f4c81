"""Home page: requests/s and p99 against a bare WSGI "hello", both under gunicorn, 2 workers."""

from common import gunicorn, report, setup_django, wrk


def main() -> None:
    database_url = setup_django()
    env = {"DATABASE_URL": database_url}
    with gunicorn("bench.hello_wsgi:application", env=env) as url:
        wrk(url + "/", seconds=2)  # warm up
        base_rps, base_p99 = wrk(url + "/")
    with gunicorn("eservice.wsgi:application", env=env) as url:
        wrk(url + "/", seconds=2)
        rps, p99 = wrk(url + "/")
    report("home page throughput", rps, "req/s", base_rps)
    report("home page p99 latency", p99, "ms", base_p99, higher_is_better=False)


if __name__ == "__main__":
    main()

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_sync[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """pyHanko works asynchronously. Run it on a fresh loop, in another thread when the
    caller already runs one (a test driving a browser does)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

"""gunicorn settings of the web workers (deploy/systemd/jobportal-web.service runs
``gunicorn -c deploy/gunicorn.conf.py ... wsgi:app``).

A new worker computes its search caches before it takes a request
(``jobportal.search.warm_search``): the occupations' masks, the column masks and orders,
the stored fields. At 100,000 listings a worker's first search took 3.3-3.6 s without it
and ~4 ms after it; the warm-up itself takes 3.9-4.5 s of the worker's start
(bench/first_search.py, bench/RESULTS.md session 23). gunicorn kills a worker that is
silent for ``timeout`` seconds (30) while it starts too, so the warm-up must stay well
below that: it would reach ~40 s near a million listings.
"""

import time


def post_worker_init(worker):
    """Warm the worker's searcher of the live index (none yet: nothing to do)."""
    from jobportal.search import warm_search

    worker.notify()
    started = time.perf_counter()
    try:
        warmed = warm_search(worker.wsgi)
    except Exception:  # noqa: BLE001 - the worker serves anyway; its searches report the fault
        worker.log.exception("search warm-up failed")
        return
    if warmed:
        worker.log.info("search warmed up in %.1f s", time.perf_counter() - started)

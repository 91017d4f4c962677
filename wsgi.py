"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

import gc

from jobportal import create_app

# The cyclic garbage collector, at Python's default threshold of 700 new container
# objects, ran about once per search page (which allocates tens of thousands and frees
# nearly all by reference counting) and took ~8 % of its CPU; at 10,000 it runs every
# ~40 pages for ~2 %. Garbage with cycles waits a little longer: a few MB at most.
gc.set_threshold(10_000, 10, 10)

app = create_app()

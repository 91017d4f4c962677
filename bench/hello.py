"""A bare Flask app: the ceiling bench/http_bench.py compares /jobs with (same server, wrk)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello, world."""
    return "Hallo Welt"

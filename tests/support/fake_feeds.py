"""A fake web server for the feed tests: serves recorded feeds (tests/data/feeds/) and
hostile answers (slow drip, huge bodies, redirects) on a loopback address."""

import threading
import time
from pathlib import Path

from flask import Flask, Response, redirect, request
from werkzeug.serving import make_server

DATA = Path(__file__).resolve().parents[1] / "data" / "feeds"
TYPES = {
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
}


def load(name: str) -> bytes:
    """A recorded feed file."""
    return (DATA / name).read_bytes()


class FakeFeeds:
    """Serves ``pages[path] = (body, content_type, status)``; special paths below."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.pages: dict[str, tuple[bytes, str, int]] = {}
        self.log: list[str] = []
        self.app = self._make_app()

    def serve(self, path: str, body, content_type: str | None = None, status: int = 200) -> str:
        """Serve ``body`` (bytes, text or a file name in tests/data/feeds) at ``path``;
        returns the full URL."""
        if isinstance(body, str) and (DATA / body).is_file():
            content_type = content_type or TYPES[Path(body).suffix]
            body = load(body)
        if isinstance(body, str):
            body = body.encode()
        self.pages[path] = (body, content_type or "application/xml", status)
        return self.url(path)

    def url(self, path: str) -> str:
        """The URL of a path on this server."""
        return f"http://{self.host}:{self.server.server_port}{path}"

    def _make_app(self) -> Flask:
        app = Flask("fake_feeds")

        @app.get("/drip")
        def drip():
            """A slow answer: a few bytes every 0.2 s, for about 2 seconds."""

            def chunks():
                for _ in range(10):
                    yield b"<rss>" + b" " * 10
                    time.sleep(0.2)

            return Response(chunks(), content_type="application/xml")

        @app.get("/huge")
        def huge():
            """A body larger than any limit of the tests, without Content-Length."""

            def chunks():
                for _ in range(64):
                    yield b"<" + b"x" * 65_535

            return Response(chunks(), content_type="application/xml")

        @app.get("/redirect")
        def redirect_to():
            """A redirect to wherever ``to`` says."""
            return redirect(request.args["to"], code=302)

        @app.get("/<path:path>")
        def page(path):
            self.log.append("/" + path)
            found = self.pages.get("/" + path)
            if found is None:
                return Response("<html><body>Page not found</body></html>", 404)
            body, content_type, status = found
            return Response(body, status=status, content_type=content_type)

        return app

    def start(self) -> "FakeFeeds":
        """Serve on a free port in a thread."""
        self.server = make_server(self.host, 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

"""German error pages (HTML, or JSON for the API) and the body-size check before CSRF."""

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l

log = logging.getLogger(__name__)

ERROR_TITLES = {
    400: _l("Ungültige Anfrage"),
    403: _l("Zugriff verweigert"),
    404: _l("Seite nicht gefunden"),
    405: _l("Methode nicht erlaubt"),
    413: _l("Anfrage zu groß"),
    429: _l("Zu viele Anfragen"),
    500: _l("Interner Fehler"),
}
ERROR_TEXTS = {
    400: _l("Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben."),
    403: _l("Sie haben keine Berechtigung für diese Seite."),
    404: _l("Diese Seite gibt es nicht (mehr). Vielleicht wurde die Stelle bereits besetzt."),
    405: _l("Diese Aktion ist auf diesem Weg nicht möglich."),
    413: _l(
        "Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Eingaben oder "
        "wählen Sie eine kleinere Datei."
    ),
    429: _l("Sie haben zu viele Anfragen gestellt. Bitte warten Sie einen Moment."),
    500: _l("Auf unserer Seite ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut."),
}


JSON_PATHS = ("/api/", "/orte/vorschlaege")


def wants_json() -> bool:
    """Whether the client should get a JSON error (the API and the JSON place suggestions)."""
    return request.path.startswith(JSON_PATHS)


def error_response(code: int, message: str | None = None):
    """A German error page (or JSON for the API) with the given status."""
    title = ERROR_TITLES.get(code, "Fehler")
    text = message or ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if wants_json():
        body = jsonify({"error": title, "message": text, "status": code})
    else:
        body = render_template("errors/error.html", code=code, title=title, text=text)
    return make_response(body, code)


def _limit_urlencoded_bodies(app: Flask) -> None:
    """413 for url-encoded bodies over MAX_FORM_MEMORY_SIZE (Werkzeug checks only multipart).

    Runs first among the before-request hooks, before CSRFProtect parses the form.
    """

    def _check_form_size():
        limit = app.config.get("MAX_FORM_MEMORY_SIZE")
        if (
            limit
            and request.mimetype == "application/x-www-form-urlencoded"
            and (request.content_length or 0) > limit
        ):
            raise RequestEntityTooLarge()

    app.before_request_funcs.setdefault(None, []).insert(0, _check_form_size)


def register_error_handlers(app: Flask) -> None:
    """German error pages without tracebacks."""
    _limit_urlencoded_bodies(app)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return error_response(
            400,
            _(
                "Das Formular ist abgelaufen oder unvollständig. Bitte laden Sie die Seite neu "
                "und senden Sie es erneut."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        message = error.description if getattr(error, "german", False) else None
        response = error_response(error.code, message)
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(error):
        original = getattr(error, "original_exception", None) or error
        log.error("internal error on %s %s", request.method, request.path, exc_info=original)
        return error_response(500)

    @app.errorhandler(UnicodeDecodeError)
    def _bad_encoding(error):
        return error_response(400, _("Die Anfrage enthält ungültige Zeichen (kein UTF-8)."))

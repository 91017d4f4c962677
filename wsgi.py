"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

from jobportal import create_app

app = create_app()

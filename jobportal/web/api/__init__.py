"""The public JSON API for partner sites (/api/v1), described in docs/openapi.yaml."""

"""DSGVO: the export of a person's data, erasure and retention.

This module is the package's public API: code outside the package imports from here.
"""

from .retention import retention_run
from .rights import (
    ERASED_SENDER,
    NOT_EXPORTED,
    SECTION_TABLES,
    erase_user,
    export_data,
    pseudonym,
)

__all__ = [
    "ERASED_SENDER",
    "NOT_EXPORTED",
    "SECTION_TABLES",
    "erase_user",
    "export_data",
    "pseudonym",
    "retention_run",
]

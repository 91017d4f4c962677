"""The Whoosh adapter: German analysis, the schema and codec, where the index lives, the
indexer that applies the feed, rebuilds, the searcher pool and the worker loop.

The engine reads analysis and document encodings from here; the facade the rest.

Indexes built before the engine/adapter split name their analyzers and codec classes in
their pickled TOC by the old module paths (``jobportal.search.analysis``,
``jobportal.search.formats``): those names stay importable, so existing indexes open
without a rebuild (a rebuild writes the new paths). Likewise segments written by
``formats.IndexCodec`` (pickled posting blocks) stay readable next to those of
``packed.PackedCodec``, which new segments use.
"""

import sys

from . import analysis, formats
from .analysis import WORD_PATTERN, analyze, edge_grams, fold, normalize_token
from .binding import Visibility, index_context, install_visibility
from .builder import build_index, rebuild
from .formats import PACKED_FORMATS, SHORT_FORMATS, index_terms
from .indexer import (
    DOCUMENT_LOADS,
    FEED_FLAG,
    drain,
    drain_after_commit,
    note_company_changed,
    note_job_changed,
    note_member_changed,
    record_change,
    status,
)
from .nodes import RebuildRequired, node_name, nodes
from .schema import (
    FACET_FIELDS,
    FLAG_FIELDS,
    INT_FIELDS,
    KIND_JOB,
    PAIR_FIELDS,
    POINTS_FIELD,
    decode_points,
    epoch_days,
    job_document,
)
from .searcher import pool_for, reset_pools
from .storage import IndexBusy, index_root
from .stored import read_stored
from .worker import run_worker

sys.modules.setdefault("jobportal.search.analysis", analysis)
sys.modules.setdefault("jobportal.search.formats", formats)

__all__ = [
    "DOCUMENT_LOADS",
    "FEED_FLAG",
    "FACET_FIELDS",
    "FLAG_FIELDS",
    "INT_FIELDS",
    "IndexBusy",
    "KIND_JOB",
    "PACKED_FORMATS",
    "PAIR_FIELDS",
    "RebuildRequired",
    "SHORT_FORMATS",
    "POINTS_FIELD",
    "Visibility",
    "WORD_PATTERN",
    "analyze",
    "build_index",
    "decode_points",
    "drain",
    "drain_after_commit",
    "edge_grams",
    "epoch_days",
    "fold",
    "index_context",
    "index_root",
    "install_visibility",
    "index_terms",
    "job_document",
    "node_name",
    "nodes",
    "normalize_token",
    "note_company_changed",
    "note_job_changed",
    "note_member_changed",
    "pool_for",
    "read_stored",
    "rebuild",
    "record_change",
    "reset_pools",
    "run_worker",
    "status",
]

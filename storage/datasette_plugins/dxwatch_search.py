"""Datasette plugin loaded by `dxwatch serve`: the archive's folding as SQL functions, so the
canned search query is as diacritic-insensitive and đ-aware as `dxwatch search`."""
from datasette import hookimpl

from pipelines.textnorm import fold
from storage.search import fts5_query, parse, snippet


def _match(q):
    """The FTS5 query for what the user typed ('' matches nothing instead of failing)."""
    return fts5_query(parse(q or "")) or '""'


def _snippet(body, q):
    return snippet(body or "", parse(q or ""))


@hookimpl
def prepare_connection(conn):
    conn.create_function("dx_fold", 1, lambda t: fold(t or ""), deterministic=True)
    conn.create_function("dx_match", 1, _match, deterministic=True)
    conn.create_function("dx_snippet", 2, _snippet, deterministic=True)

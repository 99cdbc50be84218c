"""Datasette plugin loaded by `dxwatch serve`: the archive's folding and search rules as SQL
functions, so the canned search query finds, orders and marks exactly as `dxwatch search` does:
dx_match (the FTS5 expression), dx_tier (0: the words typed side by side stand side by side,
1: apart, NULL: a tone mark typed is not in the text), dx_snippet (what matched, marked)."""
from datasette import hookimpl

from pipelines.textnorm import fold
from storage.search import fts5_query, parse_query, snippet, tier


def _match(q):
    """The FTS5 query for what the user typed ('' matches nothing instead of failing)."""
    return fts5_query(parse_query(q or "").terms) or '""'


def _tier(q, title, body):
    parsed = parse_query(q or "")
    return tier(parsed, title or "", body or "") if parsed.terms else None


def _snippet(body, q):
    return snippet(body or "", parse_query(q or ""))


@hookimpl
def prepare_connection(conn):
    conn.create_function("dx_fold", 1, lambda t: fold(t or ""), deterministic=True)
    conn.create_function("dx_match", 1, _match, deterministic=True)
    conn.create_function("dx_tier", 3, _tier, deterministic=True)
    conn.create_function("dx_snippet", 2, _snippet, deterministic=True)

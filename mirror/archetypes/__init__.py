"""The mirror's portal archetypes, found here rather than listed: every module of this package
(but base and static) is one archetype, its data and its renderer (`ARCHETYPE = ...`); every
folder of mirror/sites/ with a site.toml is one static site. Adding either touches one place.

ARCHETYPES maps each key to its archetype, template archetypes first (in address order), then
the static sites. The content articles are given their URL by their archetype here."""
from __future__ import annotations

import importlib
import ipaddress
import pkgutil
from functools import lru_cache

from common.strict import FixtureError
from mirror.archetypes.base import Archetype, Response, Site
from mirror.archetypes.static import StaticSite, static_sites
from mirror.content import MirrorArticle, read_articles

_NOT_ARCHETYPES = {"base", "static"}


def _template_archetypes() -> list[Archetype]:
    found = [importlib.import_module(f"{__name__}.{m.name}").ARCHETYPE
             for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_ARCHETYPES]
    return sorted(found, key=lambda a: ipaddress.ip_address(a.address))


TEMPLATES: dict[str, Archetype] = {a.key: a for a in _template_archetypes()}
STATIC: dict[str, StaticSite] = {s.key: s for s in static_sites()}
ARCHETYPES: dict[str, Archetype] = {**TEMPLATES, **STATIC}


@lru_cache(maxsize=4)
def load_articles(directory: str | None = None) -> tuple[MirrorArticle, ...]:
    """The content articles (or another folder of them, e.g. the held-out set), newest first,
    each located at its archetype's URL shape."""
    arts = read_articles(directory)
    for a in arts:
        if a.site not in TEMPLATES:
            raise FixtureError(f"{directory or 'mirror/content/articles'}/{a.id}.toml", "site",
                               f"expected one of {', '.join(TEMPLATES)}, got {a.site!r}")
        a.located(TEMPLATES[a.site].path_for(a))
    return tuple(arts)


def articles_of(key: str, category: str | None = None) -> list[MirrorArticle]:
    """An archetype's content articles, newest first (optionally one category)."""
    return [a for a in load_articles() if a.site == key and (category is None or a.category == category)]


def site(key: str, base: str, edits: dict[str, str] | None = None) -> Site:
    """An archetype as served at `base`, with its articles."""
    arche = ARCHETYPES[key]
    return Site(arche, base, articles_of(key) if arche.has_articles else [], edits if edits is not None else {})


def render_article(archetype: Archetype | str, base: str, a: MirrorArticle, variant: str = "", *,
                   scripts: bool = True, added: str = "") -> Response:
    """An article page as its archetype serves it at `base` (the golden set, the held-out set)."""
    key = archetype if isinstance(archetype, str) else archetype.key
    return ARCHETYPES[key].article_page(site(key, base), a, variant, scripts=scripts, added=added)

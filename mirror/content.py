"""The mirror's articles: content/articles/*.toml (and the held-out set, tests/gold_heldout), read
strictly. Each file is an article's text, the team's annotations of what extraction should find
(content/SCHEMA.md), and its provenance. An unknown or misspelt key is an error naming the file
and the key (a `[[metric]]` table would otherwise count as "no metrics expected"). Which site an
article is served by, and so its URL, is the archetype's business (mirror/archetypes)."""
from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr, field_validator

from common.strict import FixtureError, Strict, read_toml, validate

CONTENT_DIR = Path(__file__).with_name("content") / "articles"


class Provenance(Strict):
    """Where a fixture comes from: who wrote it (the team, or written blind to the code it
    measures), when, and the real page it was modelled on (a URL), if any."""
    author: str
    written_on: date
    modelled_on: str | None = None


class _Table(Strict):
    """An annotation table, read like the dict of the keys its file gives (m["held_on"],
    m.get("chair")), as the recognisers' output is."""

    def keys(self) -> list[str]:
        return [k for k in type(self).model_fields if k in self.model_fields_set]

    def __getitem__(self, key: str) -> Any:
        if key not in self.model_fields_set:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self.model_fields_set else default


class Meeting(_Table):
    # the recogniser's kinds (pipelines.meetings.KINDS, documented in docs/sql.md)
    kind: Literal["phien_hop", "hop_ban_chi_dao", "hoi_nghi", "cuoc_hop", "dien_dan", "hoi_thao", "chuong_trinh"]
    body: str
    ordinal: int | None = None
    held_on: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    chair: str | None = None
    scope: str = "national"
    format: str | None = None


class Metric(_Table):
    indicator: str
    value: float
    unit: str
    out_of: int | None = None
    period: str | None = None
    scope: str = "national"
    qualifier: str | None = None


class Attachment(_Table):
    label: str
    file: str
    inline: bool = False


class MirrorArticle(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    site: str                          # the archetype that serves it (a key of mirror.archetypes.ARCHETYPES)
    category: Literal["chuyen-doi-so", "thoi-su"]
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    lead: str
    body: list[str]
    published: datetime
    author: str = ""
    source_credit: str = ""
    relevant: bool = False
    encoding: Literal["utf-8", "windows-1258"] = "utf-8"
    nfd: bool = False
    eth: bool = False
    zero_width: bool = False
    amp: bool = False
    print: bool = False
    utm: bool = False
    syndicated_from: str = ""
    script_body: bool = False  # the page ships an empty body that a script fills (needs a browser)
    must_contain: list[str] = []
    traps: list[str] = []
    meetings: list[Meeting] = []        # the CĐS meetings it reports
    metrics: list[Metric] = []          # the CĐS metrics it reports
    attachments: list[Attachment] = []  # documents it links to, served under /uploads/<file>
    provenance: Provenance
    _path: str = PrivateAttr("")

    @field_validator("published", mode="before")
    @classmethod
    def _iso(cls, v):
        return datetime.fromisoformat(v) if isinstance(v, str) else v

    @field_validator("published")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("expected a time with its offset, e.g. 2024-04-24T14:32:00+07:00")
        return v

    @property
    def path(self) -> str:
        """The article's path on its site (the archetype's URL shape; set when loaded)."""
        return self._path

    def located(self, path: str) -> "MirrorArticle":
        self._path = path
        return self

    @property
    def archetype(self) -> str:
        return self.site

    @property
    def number(self) -> int:
        """A stable numeric id derived from the article id (for nid=, -<id>.html, hex ids)."""
        return int(hashlib.sha1(self.id.encode()).hexdigest()[:8], 16) % 900_000 + 100_000

    @property
    def hexid(self) -> str:
        return hashlib.sha1(self.id.encode()).hexdigest()[:10]


def read_article(f: Path) -> MirrorArticle:
    """One article file, strictly (FixtureError names the file and the key)."""
    art = validate(MirrorArticle, read_toml(f), f)
    if art.id != f.stem:
        raise FixtureError(str(f), "id", f"expected the file name {f.stem!r}, got {art.id!r}")
    for name in ("title", "lead", "author", "source_credit"):
        setattr(art, name, unicodedata.normalize("NFC", getattr(art, name)))
    art.body = [unicodedata.normalize("NFC", b) for b in art.body]
    for att in art.attachments:
        att.label = unicodedata.normalize("NFC", att.label)
    return art


def read_articles(directory: str | Path | None = None) -> list[MirrorArticle]:
    """Every article of a folder (default: the mirror's content), newest first."""
    d = Path(directory) if directory else CONTENT_DIR
    return sorted((read_article(f) for f in sorted(d.glob("*.toml"))), key=lambda a: a.published, reverse=True)

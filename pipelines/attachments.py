"""The attachments of an article: the documents it links to ("Tải về", "File đính kèm").

Government articles publish the decision, the plan or the report they are about as a PDF, Word or
Excel file linked from the body or from an attachments box under it. These links are recorded as
links of their article (URL, label, kind); the files themselves are never fetched or parsed.

Pure: a function of the parsed page and its URL. Links in navigation, footers, sidebars, related
or "newest" boxes are not the article's: a portal's "Văn bản mới" sidebar lists the same PDFs on
every page.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from lxml.cssselect import CSSSelector
from w3lib.url import safe_url_string

from pipelines.textnorm import normalize_line

MAX_ATTACHMENTS = 50
# What a document link's path ends with, and the kind recorded for it.
_KINDS = {
    "pdf": "pdf", "doc": "doc", "docx": "doc", "odt": "doc", "rtf": "doc",
    "xls": "xls", "xlsx": "xls", "ods": "xls", "csv": "xls",
    "ppt": "ppt", "pptx": "ppt", "odp": "ppt",
    "zip": "archive", "rar": "archive", "7z": "archive",
}
_EXT_RE = re.compile(r"\.([a-z0-9]{2,4})$", re.I)
# Download handlers that name the file in the query (DownloadFile.aspx?file=QD-749.pdf).
_QUERY_FILE_RE = re.compile(r"[=/]([^=&/?#]+\.([a-z0-9]{2,4}))(?:&|$)", re.I)
# Containers whose links are not the article's own.
_NOT_ARTICLE = re.compile(
    r"footer|related|relate-|tin-?lien-?quan|tinlienquan|(?<!has-)(?<!with-)side-?bar|widget|menu|\bnav|"
    r"breadcrumb|tin-?khac|other-?news|same-?category|cung-?chuyen-?muc|most-?view|xem-?nhieu|"
    r"tin-?moi|newest|van-?ban-?moi|latest|banner|advert|header|top-?bar|comment|binh-?luan", re.I)
# ... unless the container says it holds attachments.
_ATTACHMENT_BOX = re.compile(r"attach|dinh-?kem|dinhkem|file-?kem|tai-?lieu|download|tep-?tin", re.I)
_NOT_ARTICLE_TAGS = {"nav", "header", "footer", "aside"}


def attachment_kind(url: str) -> str | None:
    """The kind of document a URL points to ('pdf', 'doc', 'xls', 'ppt', 'archive'), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    match = _EXT_RE.search(unquote(parts.path))
    kind = _KINDS.get(match.group(1).lower()) if match else None
    if kind is None and parts.query:            # DownloadFile.aspx?file=QD-749.pdf
        match = _QUERY_FILE_RE.search(unquote(parts.query))
        kind = _KINDS.get(match.group(2).lower()) if match else None
    return kind


def _attrs(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))


def _belongs_to_article(a, stop=None, removed=frozenset()) -> bool:
    """False when the link sits in navigation, a box of other pages' links, or an element the
    source's `remove_selectors` drop. A nav, header, footer or aside element always excludes; for
    class names (fuzzier) the nearest of "not the article's" and "attachments" decides. The walk
    ends at the page's main region or the source's content element: what wraps them is layout."""
    if a in removed:
        return False
    decided = None
    for el in a.iterancestors():
        if el is stop:
            break
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        if el in removed or el.tag in _NOT_ARTICLE_TAGS:
            return False
        attrs = _attrs(el)
        if decided is None and attrs:
            if _NOT_ARTICLE.search(attrs):
                decided = False
            elif _ATTACHMENT_BOX.search(attrs):
                decided = True
        if el.tag == "main" or el.get("role") == "main":
            break
    return decided is not False


def _in_box(a) -> bool:
    return any(_ATTACHMENT_BOX.search(_attrs(el)) for el in a.iterancestors() if isinstance(el.tag, str))


def _absolute(base: str, href: str) -> str | None:
    """The link as an absolute http(s) URL without its #fragment, percent-encoded (so a long
    Vietnamese file name stays within index limits), or None (broken, other schemes)."""
    try:
        target = urldefrag(urljoin(base, href))[0]
        return safe_url_string(target) if urlsplit(target).scheme in ("http", "https") else None
    except ValueError:
        return None


def _label(a, url: str) -> str:
    text = normalize_line(a.text_content() or a.get("title") or "")
    if not text or re.fullmatch(r"(?i)(tải về|tải xuống|download|tại đây|xem|tệp đính kèm|file đính kèm|\W*)", text):
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        return normalize_line(a.get("title") or "") or normalize_line(name) or text
    return text[:300]


def _select(tree, selector: str) -> list:
    try:
        return CSSSelector(selector)(tree)
    except Exception:                          # a bad selector is reported by config checks
        return []


def find_attachments(tree, url: str, content_selector: str | None = None,
                     remove_selectors: list[str] | tuple = ()) -> list[dict]:
    """The documents an article links to, in page order, each once:
    [{"url": absolute URL, "label": link text (or the file name), "kind": "pdf"|"doc"|…}].
    With a content selector, links inside it count, and so do links in attachment boxes
    elsewhere on the page; links inside `remove_selectors` never count."""
    if tree is None:
        return []
    for base in tree.xpath("//base[@href]/@href")[:1]:
        url = _absolute(url, base.strip()) or url
    removed = {el for sel in remove_selectors for el in _select(tree, sel)}
    roots = _select(tree, content_selector) if content_selector else []
    found: dict[str, dict] = {}

    def consider(a, stop=None, need_box: bool = False) -> None:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return
        kind = attachment_kind(href)            # on the raw href first: most links are not documents
        target = _absolute(url, href) if kind else None
        if target is None or target in found or len(found) >= MAX_ATTACHMENTS:
            return
        if _belongs_to_article(a, stop, removed) and (not need_box or _in_box(a)):
            found[target] = {"url": target[:1000], "label": _label(a, target), "kind": kind}

    for root in roots:
        for a in root.iter("a"):
            consider(a, stop=root)
    for a in tree.iter("a"):                   # with a selector: only attachment boxes outside it
        consider(a, need_box=bool(roots))
    return list(found.values())

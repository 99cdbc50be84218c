"""Clean body text: trafilatura plus Vietnamese portal rules (boilerplate, lead, byline, credit)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura
from lxml import etree, html as lxml_html
from lxml.cssselect import CSSSelector
from trafilatura.settings import Extractor

from common import platforms
from pipelines.textnorm import fold, normalize_line, normalize_text

# Built once: trafilatura's own dedup keeps a process-global LRU, so it stays off (dedup is ours).
_OPTIONS = Extractor(output_format="txt", comments=False, tables=True, dedup=False, formatting=False)
_OPTIONS_FAST = Extractor(output_format="txt", fast=True, comments=False, tables=True, dedup=False)

# Nodes removed before extraction: related boxes inside the body, voice pickers, share bars,
# comment areas, counters. Matched on class/id/type/data-role (case-insensitive substrings).
_NOISE_ATTR = re.compile(
    r"RelatedNews|related|relate-|tin-?lien-?quan|tinlienquan|box-?relate|"
    r"voice|giong-?doc|audio-?player|text-?to-?speech|tts|"
    r"social|share|sharing|print-?tool|font-?size|fontsize|tool-?bar|toolbar|"
    r"comment|binh-?luan|y-?kien|feedback|rating|"
    r"counter|visit|luot-?xem|view-?count|statistic|thong-?ke|"
    r"tag-?list|tags|keyword|breadcrumb|app-?download|download-?app|banner|advert|ads\b|"
    r"footer|copyright|ban-?quyen|cung-?chuyen-?muc|same-?category|tin-?khac|other-?news|"
    r"box-stream|most-?view|xem-?nhieu|newsletter", re.I)
# Body containers: generic names, and each platform's own (common/platforms.toml, body_keep).
_KEEP_ATTR = re.compile("|".join([r"article-?body", r"content-?detail", r"news-?content",
                                  *(re.escape(k) for k in platforms.body_keep())]), re.I)
_LEAD_SELECTORS = [CSSSelector(s) for s in (
    "h2.detail-sapo", ".detail-sapo", ".sapo", ".article-sapo", ".lead", ".summary", ".chapeau",
    ".news-sapo", ".article__sapo", ".hometext", ".desc", ".teaser", "p.lead", ".tomtat",
)]

# Whole lines that are boilerplate wherever they appear (folded comparison).
_BOILER_LINE = re.compile(
    r"^(?:tai ung dung.*|giong (?:nu|nam) mien (?:nam|bac|trung).*|luot xem:?\s*[\d.,]*|"
    r"xem voi co chu.*|tang co chu.*|giam co chu.*|co chu:?.*|in bai viet|in trang|chia se:?|"
    r"binh luan.*|y kien ban doc.*|gui y kien.*|tin cung chuyen muc.*|tin lien quan.*|"
    r">+ ?xem them.*|xem them:?.*|dang online:?\s*[\d.,]*|tat ca:?\s*[\d.,]*|"
    r"truy cap:?\s*[\d.,]*|hom nay:?\s*[\d.,]*|luot truy cap.*|"
    r"giay phep so.*|giay phep.*gp-bt.*|co quan chu quan.*|tong bien tap.*|"
    r".*ghi ro nguon.*phat hanh lai.*|ban quyen.*|copyright.*|© .*|"
    r"nghe doc bai|nghe bai viet|doc bai viet|tam dung|dung|phat|"
    r"(?:bao )?dien tu chinh phu$|tai ung dung bao dien tu chinh phu.*|"
    r"chon giong doc.*|toc do doc.*|"
    r"(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)?,? ?\d{1,2}/\d{1,2}/\d{4}( ?[|,-]? ?\d{1,2}:\d{2})?( gmt ?\+ ?7)?"
    r"( ?[·|] ?luot xem:? ?[\d.,]*)?)$",
    re.I)
_CREDIT_RE = re.compile(r"^\(?\s*(?:Nguồn|Theo)\s*:?\s*(.{2,80}?)\s*\)?\.?$", re.I)
_ENDMARK_RE = re.compile(r"\s*\./\.\s*$")
# A byline: a short last line, 1-4 words, capitalised names ("TẤN PHÁT", "Minh Huệ", "Hoàng Anh - Thu Hà")
_BYLINE_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?:[ \-–,][A-ZĐÀ-Ỹ][\wÀ-ỹ.]*){0,6}\.?$")


@dataclass
class CleanResult:
    title: str
    lead: str
    text: str                 # lead as the first paragraph, then the body, NFC
    author: str | None
    source_credit: str | None


def parse_tree(html: str):
    """An lxml tree of the page; never raises for broken markup (empty html: None)."""
    if not html or not html.strip():
        return None
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_blank_text=False, huge_tree=False)
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return tree


def _attrs(el) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("type"), el.get("data-role"))))


def _drop(el) -> None:
    """Remove an element but keep its tail text (lxml would drop it with the element)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_link_list(el) -> bool:
    """A list whose text is (almost) all links to other pages: related/hot-news boxes."""
    items = [li for li in el if li.tag == "li"]
    if len(items) < 2:
        return False
    total = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return total > 0 and linked >= 0.9 * total


def remove_noise(tree, remove_selectors: list[str] | None = None) -> None:
    """Drop boilerplate containers in place (never the article body container itself)."""
    for sel in remove_selectors or []:
        for el in CSSSelector(sel)(tree):
            _drop(el)
    for el in list(tree.iter("ul", "ol")):
        if el.getparent() is not None and _is_link_list(el):
            _drop(el)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("script", "style", "noscript", "iframe", "form", "button", "select", "svg", "audio", "video"):
            if el.tag == "form" and (el.find(".//h1") is not None or len(el.xpath(".//p")) >= 3):
                continue        # ASP.NET Web Forms wrap the whole page, article included, in one <form>
            _drop(el)
            continue
        a = _attrs(el)
        if a and _NOISE_ATTR.search(a) and not _KEEP_ATTR.search(a) and el.tag not in ("html", "body"):
            _drop(el)


def unwrap_layout_tables(root) -> None:
    """Old portals lay the page out in a <table> whose cell holds the article; trafilatura would read
    it as one data table (a single "| … |" line). Such a table (one holding the title or paragraphs)
    becomes plain blocks; its own rows and cells only, so a data table inside the body stays."""
    for table in list(root.iter("table")):
        if table.find(".//h1") is None and len(table.xpath(".//td//p")) < 3:
            continue
        own = [table] + table.xpath("./tbody | ./thead | ./tfoot")
        rows = [r for part in own for r in part if r.tag == "tr"]
        for el in own + rows + [c for r in rows for c in r if c.tag in ("td", "th")]:
            el.tag = "div"


_BYLINE_NODE = re.compile(r"author|byline|tac-?gia|writer|signature|news-?author", re.I)


def take_byline(root) -> str | None:
    """The byline element at the end of the article (class author/byline, or a right-aligned
    short last paragraph), removed from the tree so it does not become body text."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "a", "html", "body"):
            continue
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))
        if attrs and _BYLINE_NODE.search(attrs):
            text = normalize_line(el.text_content())
            # a node marked as the author: any short name-like text ("Ban Biên tập", "TẤN PHÁT")
            if 2 <= len(text) <= 60 and len(text.split()) <= 8 and not re.search(r"[\d:@/]", text):
                _drop(el)
                return text.rstrip(".")
    for p in reversed(root.xpath("//p[contains(translate(@style,'RIGHT','right'),'right')][strong or b]")):
        text = normalize_line(p.text_content())
        if 2 <= len(text) <= 60 and _BYLINE_RE.match(text.rstrip(".")):
            _drop(p)
            return text.rstrip(".")
    return None


def find_title(tree) -> str:
    for xp in ("//h1", '//meta[@property="og:title"]/@content', "//title"):
        for node in tree.xpath(xp):
            text = node if isinstance(node, str) else node.text_content()
            text = normalize_line(text)
            if text:
                if xp == "//title":
                    text = re.split(r"\s+[|–-]\s+(?=[^|–-]{2,60}$)", text)[0]
                return text
    return ""


def find_lead(tree) -> str:
    for sel in _LEAD_SELECTORS:
        for el in sel(tree):
            text = normalize_line(el.text_content())
            if len(text) >= 30:
                return text
    return ""


def _content_root(tree, content_selector: str | None):
    if content_selector:
        found = CSSSelector(content_selector)(tree)
        if found:
            return found[0]
    return tree


def _is_boiler(line: str) -> bool:
    f = fold(line).strip(" .:|-")
    return not f or bool(_BOILER_LINE.match(f))


def _same(a: str, b: str, fb: str | None = None) -> bool:
    """Is line a the same text as b (folded; one inside the other when long)? fb: b already folded."""
    fa, fb = fold(a), fb if fb is not None else fold(b)
    return fa == fb or (len(fa) > 40 and (fa in fb or fb in fa))


def clean_page(tree, *, title: str | None = None, content_selector: str | None = None,
               remove_selectors: list[str] | None = None, fast: bool = False) -> CleanResult:
    """Extract the clean article from a parsed page. Mutates the tree (noise removed)."""
    title = title if title is not None else find_title(tree)
    lead = find_lead(tree)
    root = _content_root(tree, content_selector)
    byline = take_byline(root)
    remove_noise(root, remove_selectors)
    unwrap_layout_tables(root)
    raw = trafilatura.extract(root, options=_OPTIONS_FAST if fast else _OPTIONS) or ""
    lines = [normalize_line(l) for l in normalize_text(raw).split("\n")]
    lines = [l for l in lines if l and not _is_boiler(l)]
    # the title and lead echoed inside the body
    if lines and title and _same(lines[0], title):
        lines.pop(0)
    lead_clean = lead
    if lead:
        lead_folded = fold(lead)
        lines = [l for l in lines if not _same(l, lead, lead_folded)]
    author, credit = byline, None
    # trailing credit / byline lines, in either order, at most three lines deep
    for _ in range(3):
        if not lines:
            break
        last = _ENDMARK_RE.sub("", lines[-1]).strip()
        m = _CREDIT_RE.match(last)
        if m and credit is None:
            credit = m.group(1).strip()
            lines.pop()
            continue
        if author is None and len(last) <= 50 and len(last.split()) <= 7 and _BYLINE_RE.match(last) \
                and not last.endswith(":"):
            author = last.rstrip(".")
            lines.pop()
            continue
        break
    if lines:
        lines[-1] = _ENDMARK_RE.sub(".", lines[-1]) if lines[-1].endswith("./.") else lines[-1]
    paragraphs = ([lead_clean] if lead_clean else []) + lines
    text = "\n\n".join(paragraphs)
    return CleanResult(title=title, lead=lead_clean, text=text, author=author, source_credit=credit)

"""Canonical article URLs: tracking parameters, fragments, AMP/mobile/print variants folded."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAM = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|zarsrc|zalo_?\w*|_ga|_gl|mc_cid|mc_eid|igshid|"
    r"cmpid|icid|ref_src|share|sharetype|print|amp|outputtype|jsessionid|phpsessid|aspsessionid\w*|sid|sessionid)$",
    re.I)
_SESSION_PATH = re.compile(r";(jsessionid|sessionid|phpsessid)=[^/?#]*", re.I)
_DEFAULT_DOC = re.compile(r"/(index|default)\.(html?|php|aspx?)$", re.I)
_AMP_SUFFIX = re.compile(r"(\.amp|/amp)$", re.I)


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def canonical_url(url: str) -> str:
    """Fold the variants of one article URL to one form (idempotent)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "http"
    host = _host(parts.hostname or "")
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = _SESSION_PATH.sub("", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if path.lower().startswith("/print/"):
        path = path[len("/print"):]
    path = re.sub(r"/amp/", "/", path, flags=re.I) if path.lower().startswith("/amp/") else path
    path = _AMP_SUFFIX.sub("", path) or "/"
    path = _DEFAULT_DOC.sub("/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAM.match(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def site_of(url: str) -> str:
    """The host without www./m. prefixes: the unit 'same site' is judged on."""
    host = _host(urlsplit(url).hostname or "")
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    sa, sb = site_of(a), site_of(b)
    return sa == sb or sa.endswith("." + sb) or sb.endswith("." + sa)


def page_canonical(page_url: str, canonical_href: str | None) -> str:
    """The canonical URL of a fetched page: its rel=canonical when on the same site and not the
    home page (a bad canonical is ignored), else the folded page URL."""
    folded = canonical_url(page_url)
    if not canonical_href:
        return folded
    target = urljoin(page_url, canonical_href.strip())
    if not target.startswith(("http://", "https://")) or not same_site(target, page_url):
        return folded
    if urlsplit(target).path in ("", "/") and urlsplit(page_url).path not in ("", "/"):
        return folded
    return canonical_url(target)

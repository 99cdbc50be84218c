"""The source file `sources add` writes: each choice made from what was seen, with a comment
saying what that was; or OnboardError with one line when nothing usable was found."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from lxml import html as lxml_html

from dataclasses import dataclass

from pipelines.canonical import canonical_url

MAX_START_URLS = 6


class OnboardError(Exception):
    """Nothing usable (or the homepage itself failed): one line saying why."""


@dataclass
class Report:
    source_id: str
    toml: str
    summary: list[str]


def _q(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def site_name(html: str, fallback: str) -> str:
    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return fallback
    for v in tree.xpath('//meta[@property="og:site_name"]/@content') + tree.xpath("//title/text()"):
        name = " ".join(v.split())
        if name:
            return max(re.split(r"\s+[|–-]\s+", name), key=len)[:200]     # "Trang chủ - Cổng TTĐT tỉnh …": the site
    return fallback


def _province_in(name: str) -> tuple[str, str] | None:
    """(the province the site's name says, the province it belongs to after 2025), or None."""
    from pipelines.places import find_provinces, scope_now
    from pipelines.textnorm import fold
    found = find_provinces(fold(name))
    return (found[0][1], scope_now(found[0][1]) or found[0][1]) if found else None


def choose_listings(listings: dict[str, list[str]], scores: dict[str, tuple[int, str]], home: str) -> list[tuple[str, int, int]]:
    """(url, links, new links) of the listing pages to crawl: the CĐS section(s) when they list
    articles, then, greedily, the pages that add the most links not yet covered."""
    chosen, covered = [], set()
    if home in listings:          # a homepage start URL: the crawl follows its sections (spiders/portal.py)
        chosen.append((home, len(listings[home]), len(listings[home])))
        covered |= {canonical_url(x) for x in listings[home]}
    cds = [u for u in listings if scores.get(u, (0, ""))[0] >= 10 and listings[u] and u != home]
    for u in sorted(cds, key=lambda u: -len(listings[u]))[:2]:
        new = {canonical_url(x) for x in listings[u]} - covered
        chosen.append((u, len(listings[u]), len(new)))
        covered |= new
    rest = [u for u in listings if u not in cds and u != home]
    while home not in listings and len(chosen) < MAX_START_URLS:
        gains = {u: {canonical_url(x) for x in listings[u]} - covered for u in rest}
        best = max(gains, key=lambda u: (len(gains[u]), u == home), default=None)
        if best is None or not gains[best]:
            break
        chosen.append((best, len(listings[best]), len(gains[best])))
        covered |= gains[best]
        rest.remove(best)
    return chosen


def compose(seen, url: str, source_id: str, province: str | None) -> Report:
    home = seen.home
    base = home.url
    plain = {canonical_url(x) for u in seen.rendered for x in seen.listings.get(u, [])}
    extra = {canonical_url(x) for links in seen.rendered.values() for x in links} - plain
    render = "browser" if extra and (len(extra) >= 2 or not plain or seen.more_button) else "http"
    listings = seen.rendered if render == "browser" else {u: links for u, links in seen.listings.items() if links}
    if render == "http" and listings and base in seen.listings:
        listings[base] = seen.listings[base]          # the homepage leads to the sections, links or not
    chosen = choose_listings(listings, seen.candidates, base)
    origin = f"{urlsplit(base).scheme}://{urlsplit(base).netloc}"
    robots = origin + "/robots.txt"
    roots = [robots] if seen.sitemaps.get(robots) else [u for u in seen.sitemaps if seen.sitemaps[u]]
    feeds = [u for u, links in seen.feeds.items() if links]
    all_links = {canonical_url(u) for group in [*listings.values(), *seen.sitemaps.values(), *seen.feeds.values()] for u in group}
    looked = f"the homepage and {len(seen.tried)} other URL(s) looked at"
    if not all_links:
        scripted = bool(re.search(rb"<script\b", home.body, re.I))
        hint = " (the page carries scripts and no Chromium rendered a list)" if scripted and not seen.rendered else ""
        raise OnboardError(f"{url}: no article link found: {looked} gave no listing, feed or sitemap with articles{hint}; "
                           f"nothing written")
    good = [a for a in seen.articles if a.good]
    if not good:
        first = seen.articles[0].line() if seen.articles else "no article page could be sampled"
        raise OnboardError(f"{url}: {len(all_links)} article link(s) found, but no sampled article gave a title, a date "
                           f"and a body ({first}); nothing written")
    name = site_name(home.text(), urlsplit(base).hostname or source_id)
    lines = [f"# Written by `dxwatch sources add {url}`; every choice below says what was seen.",
             f"# Run `dxwatch sources check {source_id}` to verify it live, and `dxwatch crawl --source {source_id}`.",
             f"id = {_q(source_id)}", f"name = {_q(name)}"]
    if canonical_url(base).rstrip("/") != canonical_url(url).rstrip("/"):
        lines.append(f"# the homepage {url} redirected to {base}")
    lines.append(f"homepage = {_q(base)}")
    lines.append("# listing pages: the homepage (the crawl follows its menu and category links, CĐS first), "
                 "then the CĐS section itself:")
    for u, n, new in chosen:
        label = seen.candidates.get(u, (0, "homepage" if u == base else ""))[1] or u
        cds = " (the CĐS section)" if seen.candidates.get(u, (0, ""))[0] >= 10 else ""
        lines.append(f"#   {u}: {_q(label)}{cds}, {n} article link(s), {new} not on the pages above")
    lines.append(f"start_urls = {_q([u for u, _, _ in chosen])}")
    for u in feeds:
        lines.append(f"#   feed {u}: {len(seen.feeds[u])} article link(s)")
    if not feeds:
        lines.append("# no feed found (advertised <link rel=alternate> and the usual feed paths were tried)")
    lines.append(f"feeds = {_q(feeds)}")
    for u in roots:
        lines.append(f"#   sitemap {u}: {len(seen.sitemaps[u])} article link(s)"
                     + (f" from {len(seen.robots_sitemaps)} sitemap(s) it names" if u == robots else ""))
    if not roots:
        lines.append("# no sitemap with articles found (robots.txt, /sitemap.xml and /sitemap_index.xml were tried)")
    lines.append(f"sitemaps = {_q(roots)}")
    if render == "browser":
        lines.append(f"# the listing is filled by script: rendered in Chromium it shows {len(extra)} article link(s) "
                     f"that plain HTTP does not ({len(plain)} over HTTP)")
        ready = set(seen.ready.values())
        if len(ready) == 1 and None not in ready:
            lines.append(f"wait_for = {_q(ready.pop())}   # the list's container on every rendered page")
        if seen.more_button:
            lines += [f"# a \"Xem thêm\" control ({seen.more_button}) loads more items", f"click_more = {_q(seen.more_button)}"]
        fuller = [a for a in seen.rendered_articles if a.good]
        if fuller:
            lines += [f"# {len(fuller)} sampled article(s) gave a body only once rendered (drawn by script), e.g. {fuller[0].url}",
                      "render_articles = true"]
    elif seen.rendered:
        lines.append("# rendered in Chromium, the listing shows no more article links than plain HTTP: no browser needed")
    else:
        lines.append("# plain HTTP shows the article links: no browser needed")
    lines.append(f"render = {_q(render)}")
    lines.append(f"# platform: {seen.platform or 'not recognised (the generic path needs none)'}")
    if seen.platform:
        lines.append(f"platform = {_q(seen.platform)}")
    named = _province_in(name)
    if province:
        lines += ['scope = "province"', f"province = {_q(province)}   # as given (--province)"]
    elif named:
        was, now = named
        lines.append(f"# the site's name says {was}" + (f", part of {now} since 1 July 2025" if now != was else ""))
        lines += ['scope = "province"', f"province = {_q(now)}"]
    else:
        lines.append('scope = "national"   # the name names no province; --province P for a provincial source')
    lines.append('interval = "1h"')
    lines.append(f"# sampled articles ({len(good)} of {len(seen.articles)} gave a title, a date and a body):")
    lines += [f"#   {a.line()}" for a in seen.articles]
    lines.append("verified = false   # `dxwatch sources check` records when a check passes")
    summary = [f"{source_id}: {name}", f"  platform: {seen.platform or 'not recognised'}; render: {render}",
               f"  listings: {len(chosen)} ({', '.join(u for u, _, _ in chosen) or 'none'})",
               f"  feeds: {len(feeds)}; sitemaps: {len(roots)}; article links seen: {len(all_links)}",
               f"  sampled articles: {len(good)}/{len(seen.articles)} with title, date and body"]
    return Report(source_id, "\n".join(lines) + "\n", summary)

"""crawler.runner: the one patch of Scrapy's private API. Scrapy's cookie middleware splits cookie
domains with a module-level TLDExtract (`_split_domain`) that downloads the public-suffix list on
first use; crawler.runner.offline_public_suffixes replaces it with one that reads tldextract's
bundled snapshot. These tests fail if a Scrapy upgrade moves that name, instead of the patch
silently doing nothing."""
import scrapy.downloadermiddlewares.cookies as cookies
from tldextract import TLDExtract

from crawler.runner import offline_public_suffixes


def test_scrapy_splits_cookie_domains_through_the_name_we_replace():
    assert isinstance(cookies._split_domain, TLDExtract)
    assert "_split_domain" in cookies._is_public_domain.__code__.co_names


def test_the_replacement_reads_the_bundled_list_only(monkeypatch):
    monkeypatch.setattr(cookies, "_split_domain", cookies._split_domain)    # restored after the test
    offline_public_suffixes()
    assert isinstance(cookies._split_domain, TLDExtract) and cookies._split_domain.suffix_list_urls == ()
    assert cookies._is_public_domain("gov.vn") and not cookies._is_public_domain("baochinhphu.vn")

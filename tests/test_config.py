"""crawler.config: strict validation with file/key messages, layering, the shipped sources."""
from pathlib import Path

import pytest

from common.secrets import mask_url
from crawler.config import ConfigError, load_config, parse_duration

ROOT = Path(__file__).resolve().parent.parent

GOOD = """
[storage]
url = "sqlite:///var/x.db"
[crawl]
allow_private_networks = true
sources_dir = "srcs"
[[sources]]
id = "a"
name = "Nguồn A"
start_urls = ["https://a.example.vn/chuyen-doi-so"]
interval = "30m"
"""


def write(tmp_path, text, name="dxwatch.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_config_with_inline_and_directory_sources(tmp_path):
    (tmp_path / "srcs").mkdir()
    write(tmp_path / "srcs", 'id = "b"\nname = "B"\nfeeds = ["https://b.vn/rss"]\n', "b.toml")
    cfg = load_config(write(tmp_path, GOOD), environ={})
    assert [s.id for s in cfg.settings.sources] == ["a", "b"]
    assert cfg.settings.crawl.allow_private_networks is True
    assert cfg.settings.sources[0].interval_seconds == 1800
    assert cfg.settings.digest.timezone == "Asia/Ho_Chi_Minh"   # default kept where the file is silent


@pytest.mark.parametrize("text,key,expect", [
    (GOOD.replace("allow_private_networks = true", "allow_privat_networks = true"), "crawl.allow_privat_networks", "unknown key"),
    (GOOD.replace('interval = "30m"', 'interval = "soon"'), "sources[0].interval", "duration"),
    (GOOD.replace("allow_private_networks = true", 'allow_private_networks = "maybe"'), "crawl.allow_private_networks", "bool"),
    (GOOD.replace('name = "Nguồn A"\n', ""), "sources[0].name", "required"),
    (GOOD.replace('start_urls = ["https://a.example.vn/chuyen-doi-so"]', "start_urls = []"), "sources[0]", "at least one"),
    (GOOD.replace('url = "sqlite:///var/x.db"', 'url = "mysql://x"'), "storage.url", "sqlite"),
    ("[crawl\nx=1", "(syntax)", "TOML"),
])
def test_config_errors_name_file_key_and_expectation(tmp_path, text, key, expect):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as ei:
        load_config(path, environ={})
    e = ei.value
    assert e.file == str(path)
    assert e.key == key
    assert expect.lower() in e.expected.lower()


def test_duplicate_source_id_across_files_names_the_second_file(tmp_path):
    (tmp_path / "srcs").mkdir()
    dup = write(tmp_path / "srcs", 'id = "a"\nname = "A again"\nfeeds = ["https://a.vn/rss"]\n', "a.toml")
    with pytest.raises(ConfigError) as ei:
        load_config(write(tmp_path, GOOD), environ={})
    assert ei.value.file == str(dup) and "duplicate source id 'a'" in ei.value.expected


def test_source_file_id_must_match_file_name(tmp_path):
    (tmp_path / "srcs").mkdir()
    write(tmp_path / "srcs", 'id = "zzz"\nname = "Z"\nfeeds = ["https://z.vn/rss"]\n', "b.toml")
    with pytest.raises(ConfigError, match="expected the file name 'b'"):
        load_config(write(tmp_path, GOOD), environ={})


def test_environment_overrides_file_which_overrides_defaults(tmp_path):
    (tmp_path / "srcs").mkdir()
    path = write(tmp_path, GOOD)
    cfg = load_config(path, environ={"DXWATCH_STORAGE_URL": "postgresql+psycopg://u:secret@h/db",
                                     "DXWATCH_CRAWL_DOWNLOAD_DELAY": "2.5"})
    assert cfg.settings.storage.url.startswith("postgresql+psycopg://")
    assert cfg.settings.crawl.download_delay == 2.5
    assert cfg.settings.crawl.allow_private_networks is True          # from the file
    assert cfg.settings.crawl.retry_times == 2                         # built-in default


def test_bad_environment_value_is_a_config_error(tmp_path):
    (tmp_path / "srcs").mkdir()
    with pytest.raises(ConfigError) as ei:
        load_config(write(tmp_path, GOOD), environ={"DXWATCH_CRAWL_RETRY_TIMES": "many"})
    assert ei.value.file == "environment" and ei.value.key == "DXWATCH_CRAWL_RETRY_TIMES"


def test_missing_config_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", environ={})


def test_durations():
    assert parse_duration("1h30m") == 5400 and parse_duration("2d") == 172800
    for bad in ("", "0m", "30", "m30"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_mask_url_hides_password():
    assert mask_url("postgresql+psycopg://dx:s3cr3t@db:5432/dx") == "postgresql+psycopg://dx:***@db:5432/dx"


def test_shipped_sources_are_valid_and_cover_the_required_portals():
    from crawler.config import _read_toml, _validate_source
    files = sorted((ROOT / "sources").glob("*.toml"))
    sources = [_validate_source(_read_toml(f), str(f), "") for f in files]
    ids = [s.id for s in sources]
    assert len(ids) == len(set(ids)) and all(f.stem == s.id for f, s in zip(files, sources))
    hosts = " ".join(u for s in sources for u in s.start_urls + s.feeds + s.sitemaps + [s.homepage or ""])
    for needed in ("baochinhphu.vn", "chinhphu.vn", "mst.gov.vn", "dx.gov.vn"):
        assert needed in hosts
    assert sum(1 for s in sources if s.scope == "province") >= 20
    assert not any(s.verified for s in sources)      # nobody has proven them live from here


def test_misspelt_environment_key_is_an_error(tmp_path):
    (tmp_path / "srcs").mkdir()
    with pytest.raises(ConfigError) as ei:
        load_config(write(tmp_path, GOOD), environ={"DXWATCH_CRAWL_ALLOW_PRIVAT_NETWORKS": "true"})
    assert ei.value.key == "DXWATCH_CRAWL_ALLOW_PRIVAT_NETWORKS" and "unknown key" in ei.value.expected


def test_explicit_sources_dir_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="no such directory"):
        load_config(write(tmp_path, GOOD.replace('sources_dir = "srcs"', 'sources_dir = "missing"')), environ={})


def test_relative_sqlite_path_is_relative_to_the_config_file(tmp_path):
    (tmp_path / "srcs").mkdir()
    cfg = load_config(write(tmp_path, GOOD), environ={})
    assert cfg.settings.storage.url == f"sqlite:///{tmp_path.resolve() / 'var' / 'x.db'}"


def test_retry_policy_reaches_the_crawler(tmp_path):
    from crawler.runner import scrapy_settings
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text('[crawl]\nsources_dir = ""\nretry_backoff = 0.5\nretry_backoff_max = 4\nretry_after_max = 10\n')
    s = scrapy_settings(load_config(cfg, environ={}), browser=False)
    assert (s.getfloat("DXWATCH_RETRY_BACKOFF_BASE"), s.getfloat("DXWATCH_RETRY_BACKOFF_MAX"),
            s.getfloat("DXWATCH_RETRY_AFTER_MAX")) == (0.5, 4.0, 10.0)
    cfg.write_text('[crawl]\nsources_dir = ""\nretry_after_max = -1\n')
    with pytest.raises(ConfigError, match="crawl.retry_after_max"):
        load_config(cfg, environ={})

"""Secrets: the database password and the SMTP password never show in output, errors, status,
the daemon's job store or the .eml files; a config file holding a password that other users
can read gets a warning. PostgreSQL here trusts loopback, so any password is accepted: the test
can use a distinctive one and look for it everywhere."""
import os
import signal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.conftest import free_port, query, run_cli, write_mirror_config
from tests.test_daemon import start_daemon, wait_for
from tests.test_digest import Sink

DB_PW = "Pw-db-7f3Kq9"
SMTP_PW = "Pw-smtp-Zx81"


def test_passwords_never_show(mirror, tmp_path, pg_url):
    url = pg_url.replace("postgres@", f"postgres:{DB_PW}@")
    port = free_port()
    ctl = Controller(Sink(), hostname="127.0.0.1", port=port, auth_require_tls=False,
                     authenticator=lambda *a: AuthResult(success=a[4].password == SMTP_PW.encode(), handled=False))
    ctl.start()
    cfg = write_mirror_config(mirror, tmp_path, db_url=url, only=["vgp"], extra=(
        f'[mail]\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\nusername = "dx"\n'
        f'password_env = "DX_SMTP_PW"\nrecipients = ["an@example.org"]\noutbox_dir = "{tmp_path / "outbox"}"\n'))
    os.chmod(cfg, 0o600)
    env = {"DX_SMTP_PW": SMTP_PW}
    said = []
    try:
        for args in (["crawl"], ["status"], ["status", "--format", "json"], ["sql", "SELECT nope FROM v_articles"],
                     ["search", "de an 06"], ["digest", "--send"], ["sources", "list"]):
            res = run_cli(*args, config=cfg, env=env)
            said.append(res.stdout + res.stderr)
        wrong = run_cli("digest", "--send", config=cfg, env={"DX_SMTP_PW": SMTP_PW + "-old"})
        said.append(wrong.stdout + wrong.stderr)
        bad_db = run_cli("status", config=cfg, env={"DXWATCH_STORAGE_URL": url.replace("5432", "1")})
        assert bad_db.returncode == 3
        said.append(bad_db.stdout + bad_db.stderr)
        daemon = start_daemon(cfg)
        try:
            assert wait_for(lambda: _jobs(url) >= 3, 60)
        finally:
            daemon.send_signal(signal.SIGTERM)
            out, errs = daemon.communicate(timeout=60)
        said.append(out + errs)
        jobs = b"".join(bytes(r[0]) for r in query(url, "SELECT job_state FROM apscheduler_jobs"))
    finally:
        ctl.stop()
    text = "\n".join(said)
    assert "sent" in text and "***@" in text                      # the commands did run, and masked
    for secret in (DB_PW, SMTP_PW):
        assert secret not in text
        assert secret.encode() not in jobs
        for eml in (tmp_path / "outbox").glob("*.eml"):
            assert secret.encode() not in eml.read_bytes()
    assert list((tmp_path / "outbox").glob("*.eml"))


def _jobs(url: str) -> int:
    try:
        return query(url, "SELECT COUNT(*) FROM apscheduler_jobs")[0][0]
    except Exception:  # noqa: BLE001 - the daemon has not created its job store yet
        return 0


def test_a_readable_config_with_a_password_gets_a_warning(tmp_path):
    cfg = tmp_path / "dxwatch.toml"
    cfg.write_text(f'[storage]\nurl = "postgresql+psycopg://dx:{DB_PW}@127.0.0.1:1/dx"\n[crawl]\nsources_dir = ""\n')
    os.chmod(cfg, 0o644)
    res = run_cli("sources", "list", config=cfg)
    assert res.returncode == 0 and "warning:" in res.stderr and "chmod 600" in res.stderr and "storage.url" in res.stderr
    assert DB_PW not in res.stderr + res.stdout
    os.chmod(cfg, 0o600)
    assert "warning:" not in run_cli("sources", "list", config=cfg).stderr
    cfg.write_text('[storage]\nurl = "sqlite:///x.db"\n[crawl]\nsources_dir = ""\n')
    os.chmod(cfg, 0o644)
    assert "warning:" not in run_cli("sources", "list", config=cfg).stderr          # nothing secret in it

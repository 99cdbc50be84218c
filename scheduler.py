"""The dxwatch daemon (APScheduler): scheduled crawls and the daily digest.

Not built yet (issue: the daemon and the daily digest); until then `make run` runs one crawl
cycle with `dxwatch crawl`.
"""

"""Cluster mode: `dxwatch worker` processes on any number of machines share one PostgreSQL archive
and its procrastinate job queue (docs/cluster.md). Single-machine `dxwatch run` stays the default."""

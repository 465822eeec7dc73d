"""The servers one run of the listings shares: at most one PostgreSQL 18 and one Redis.

A post folder declares what it needs in its records.toml (``services = ["postgresql", "redis"]``).
The runner starts each needed server once, before the first step, and stops it after the last,
however the run ends. It passes them to every step of the folders that declared them, in any
language, through the environment:

- PostgreSQL: libpq's ``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGPASSWORD``, ``PGDATABASE``, and the same
  as a URL in ``DATABASE_URL``. A test creates its own database (connected to ``PGDATABASE``);
  a producer gets a fresh, empty database of its own in ``PGDATABASE`` and ``DATABASE_URL``.
- Redis: ``REDIS_URL``. Redis is emptied before each producer.

The folders that did not declare a service get none of these variables (those of the caller's own
shell are removed too), so a folder that forgets its declaration fails instead of quietly using
some other server. The PostgreSQL server preloads ``pg_stat_statements``, which the book teaches.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from tools.listings.postgres18 import PostgresError, Server, postgres18
from tools.listings.redis import RedisError, RedisServer, redis_server

# Every variable through which a step could reach a server: removed, then set from the services
# the step's folder declared.
SERVICE_VARIABLES = (
    "PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGPASSFILE",
    "DATABASE_URL", "REDIS_URL",
)
# wal_level = logical (a startup setting; the default is replica): "OLTP vs OLAP" reads the shared
# server's changes through a logical replication slot with the pgoutput plugin.
POSTGRES_SETTINGS = {"shared_preload_libraries": "pg_stat_statements", "wal_level": "logical"}


class ServiceError(RuntimeError):
    """A server the run needs could not be started; the message says why and what to do."""


@dataclass
class Services:
    """The running servers of one run."""

    postgresql: Server | None = None
    redis: RedisServer | None = None

    def environment(self, needed: tuple[str, ...], database: str = "postgres") -> dict[str, str | None]:
        """The variables of a step whose folder needs ``needed``; None means: remove it."""
        env: dict[str, str | None] = {name: None for name in SERVICE_VARIABLES}
        if "postgresql" in needed and self.postgresql is not None:
            pg = self.postgresql
            env.update(PGHOST=pg.host, PGPORT=str(pg.port), PGUSER=pg.user, PGPASSWORD=pg.password,
                       PGDATABASE=database,
                       DATABASE_URL=f"postgresql://{pg.user}:{pg.password}@{pg.host}:{pg.port}/{database}")
        if "redis" in needed and self.redis is not None:
            env["REDIS_URL"] = self.redis.url
        return env

    @contextmanager
    def for_producer(self, needed: tuple[str, ...], label: str,
                     settings: tuple[tuple[str, str], ...] = ()) -> Iterator[dict[str, str | None]]:
        """The environment of one producer run: a fresh database, an empty Redis, and the server
        settings it asked for (reset afterwards, whatever happens)."""
        with self._postgresql_settings(settings):
            with self._fresh(needed, label) as environment:
                yield environment

    @contextmanager
    def _postgresql_settings(self, settings: tuple[tuple[str, str], ...]) -> Iterator[None]:
        if not settings or self.postgresql is None:
            yield
            return
        with psycopg.connect(self.postgresql.dsn(), autocommit=True) as admin:
            for name, value in settings:
                admin.execute(sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value)))
            self._reload(admin, dict(settings))
            try:
                yield
            finally:
                for name, _ in settings:
                    admin.execute(sql.SQL("ALTER SYSTEM RESET {}").format(sql.Identifier(name)))
                self._reload(admin, None)

    def _reload(self, admin: psycopg.Connection, wanted: dict[str, str] | None) -> None:
        """Reload the configuration and wait until new sessions see it (a reload is asynchronous)."""
        admin.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while wanted and time.monotonic() < deadline:
            with psycopg.connect(self.postgresql.dsn()) as probe:
                seen = {name: probe.execute("SELECT current_setting(%s)", (name,)).fetchone()[0] for name in wanted}
            if seen == wanted:
                return
            time.sleep(0.05)
        if wanted:
            raise ServiceError(f"PostgreSQL did not take the settings {wanted} within 10 s (it has {seen})")
        time.sleep(0.2)  # a reset: give the server a moment to re-read its files

    @contextmanager
    def _fresh(self, needed: tuple[str, ...], label: str) -> Iterator[dict[str, str | None]]:
        database = None
        if "postgresql" in needed and self.postgresql is not None:
            # Named after the record, not numbered: a producer that prints its database's name
            # prints the same name on every run.
            database = "record_" + re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:50]
            with psycopg.connect(self.postgresql.dsn(), autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
        if "redis" in needed and self.redis is not None:
            self.redis.flush()
        try:
            yield self.environment(needed, database or "postgres")
        finally:
            if database is not None:
                self.postgresql.drop_database(database)

    def versions(self, needed: tuple[str, ...]) -> dict[str, str]:
        versions = {}
        if "postgresql" in needed and self.postgresql is not None:
            with psycopg.connect(self.postgresql.dsn()) as conn:
                versions["postgresql"] = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        if "redis" in needed and self.redis is not None:
            versions["redis"] = self.redis.version()
        return versions

    def secrets(self) -> tuple[str, ...]:
        return tuple(s.password for s in (self.postgresql, self.redis) if s is not None)

    def ports(self) -> Mapping[str, int]:
        ports = {}
        if self.postgresql is not None:
            ports["PGPORT"] = self.postgresql.port
        if self.redis is not None:
            ports["REDIS_PORT"] = self.redis.port
        return ports


@contextmanager
def started(needed: set[str], on_start=lambda service, seconds: None) -> Iterator[Services]:
    """Start each service of ``needed`` once; stop all of them when the block ends."""
    with ExitStack() as stack:
        services = Services()
        try:
            if "postgresql" in needed:
                began = time.monotonic()
                services.postgresql = stack.enter_context(postgres18(settings=POSTGRES_SETTINGS))
                on_start("postgresql", time.monotonic() - began)
            if "redis" in needed:
                began = time.monotonic()
                services.redis = stack.enter_context(redis_server())
                on_start("redis", time.monotonic() - began)
        except (PostgresError, RedisError) as error:
            raise ServiceError(str(error)) from None
        yield services


def apply(environment: Mapping[str, str | None], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (the runner's own environment) with ``environment``'s settings and removals."""
    result = dict(os.environ if base is None else base)
    for name, value in environment.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result

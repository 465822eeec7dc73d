"""Structured logs: one JSON object per line, so that a log pipeline filters on fields, not regexes."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any


# ANCHOR: formatter
class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Logs `event` with `fields` as top-level JSON keys (job_id, kind, attempt...)."""
    logger.log(level, event, extra={"fields": fields})
# ANCHOR_END: formatter


def configure(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)

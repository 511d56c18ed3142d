"""Logging for the server and its workers: plain text, or with ``IAMGRAPH_LOG_FORMAT=json`` one JSON object
per line for every record (uvicorn's included), each quoting the request id of the request it belongs to.

The configuration is a ``logging.config.dictConfig`` mapping handed to uvicorn, which applies it in every
worker process it starts."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from core import runtime

ACCESS = logging.getLogger("iamgraph.access")

# Attributes every LogRecord has; anything else on a record was passed through ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the request id when serving one, the
    fields given as ``extra``, and the traceback of an exception as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = runtime.request_id()
        if request_id != "-":
            entry["request_id"] = request_id
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


def config(log_format: str, level: str) -> dict[str, Any]:
    """The dictConfig of the server: uvicorn's loggers and iamgraph's in one format, on standard output.
    uvicorn's own access line is replaced by ``iamgraph.access``'s, which carries the request id."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stdout"}
    upper = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": "WARNING"},
        "loggers": {
            "uvicorn": {"handlers": ["main"], "level": upper, "propagate": False},
            "uvicorn.error": {"level": upper},
            "uvicorn.access": {"handlers": ["main"], "level": upper, "propagate": False},
            "iamgraph": {"handlers": ["main"], "level": upper, "propagate": False},
            "rest_compat": {"handlers": ["main"], "level": upper, "propagate": False},
            "resolvers": {"handlers": ["main"], "level": upper, "propagate": False},
        },
    }


def access(
    *, request_id: str, method: str, route: str, path: str, status: int, seconds: float, notes: dict[str, str]
) -> None:
    """The one line per answered request. Only what the server itself learnt: never a header's or a
    body's text, so no token or password reaches the log."""
    if not ACCESS.isEnabledFor(logging.INFO):
        return
    duration_ms = round(seconds * 1000, 3)
    ACCESS.info(
        "%s %s %s %.1fms",
        method,
        path,
        status,
        duration_ms,
        extra={
            "request_id": request_id,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            **notes,
        },
    )

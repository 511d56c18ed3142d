"""The ``iamgraph`` command."""

from __future__ import annotations

import argparse
import os
import sys

import uvicorn

from core.settings import Settings
from iamgraph.db import unreachable


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="iamgraph", description="GraphQL identity administration API")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the server (GraphQL and every REST dialect)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    serve.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    if args.command == "serve":
        url = Settings.from_env().database_url
        if problem := unreachable(url):
            hint = "" if url.startswith("sqlite") else "; without IAMGRAPH_DATABASE_URL it runs on SQLite"
            sys.exit(f"iamgraph: {problem}{hint}")
        uvicorn.run(
            "iamgraph.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            proxy_headers=True,
        )


if __name__ == "__main__":
    main()

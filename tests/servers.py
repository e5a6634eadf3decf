"""What the remote-store tests share: free loopback ports, waiting for a server, and the
named queries compared row by row between two stores."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request

import pyoxigraph as ox

from builder.queries import Table, catalogue, get_query, query_results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def rows(store, name: str, **params: str) -> list[tuple[str, ...]]:
    results = query_results(store, get_query(name), params)
    if isinstance(results, ox.QueryTriples):
        return sorted((str(t),) for t in results)
    return sorted(Table.from_solutions(results).values())


# Every named query that needs no parameter, and those that do with a value that selects.
SELECTING = {"statements-by": {"speaker": "Observatory"}, "statements-about": {"entity": "Latakia"}}
# Optional parameters, each with a value that selects some of the examples' rows: on a server
# they arrive as VALUES blocks, which must select there what they select here.
SELECTED = [
    ("events", {"type": "ambush"}),
    ("document-events", {"type": "killing"}),
    ("timeline", {"place": "Latakia"}),
    ("timeline", {"place": "https://w3id.org/newsgraph/id/place/latakia-173576"}),
    ("casualty-claims", {"source": "Observatory"}),
    ("entities", {"type": "Place"}),
    ("statements", {"speaker": "Observatory"}),
    ("who-blamed-whom", {"blamer": "Observatory"}),
    ("entity-nodes", {"entity": "Latakia"}),
    ("graph-edges", {"document": "feed.jsonl"}),
    ("graph-edges", {"since": "2025-03-10", "until": "2025-03-11"}),
]


def named_queries() -> list[tuple[str, dict[str, str]]]:
    chosen = []
    for query in catalogue().values():
        required = [p.name for p in query.params if p.required]
        if not required:
            chosen.append((query.name, {}))
        elif query.name in SELECTING:
            chosen.append((query.name, SELECTING[query.name]))
    return chosen + SELECTED

"""`newsgraph serve` under load, beside the Oxigraph server on the same data.

    python bench/serve.py [--store DIR | --articles DIR] [--clients 50] [--duration 60] [--workers N]

Builds --articles (default examples/) into a fresh store unless --store names one, then for
each server in turn: starts it on a free port of 127.0.0.1, and has --clients concurrent
clients (threads, one keep-alive connection each) send mixed named queries for --duration
seconds: `/named/NAME?PARAMS` to `newsgraph serve`, and the same queries, their parameters
bound as VALUES of RDF terms, to the Oxigraph server's `/query` (`oxigraph serve
--union-default-graph` over a copy of the store loaded from N-Quads; skipped with a message
when no `oxigraph` command is installed: `pip install oxigraph`). Before the load both must
give the same number of rows for every query of the mix. Prints requests/s, p50 and p99
latency and errors side by side. The clients run on the same machine as the servers, so
both figures include the cost of the load generator.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.queries import bind, catalogue, lexical_rows, run  # noqa: E402
from builder.store import QUERY_PREFIXES, GraphStore, inline_params, to_oxigraph  # noqa: E402

# The mix: listings of each kind, and the selecting queries with a value found in the store
# (the parameter, and the column of the listing whose first value to give it).
LISTINGS = ("who-blamed-whom", "statements", "casualty-claims", "events", "entities", "timeline", "documents")
SELECTING = {"who-blamed-whom": ("blamer", "blamerLabel"), "statements-by": ("speaker", "speakerLabel")}
SELECTING_FROM = {"who-blamed-whom": "who-blamed-whom", "statements-by": "statements"}
JSON_RESULTS = "application/sparql-results+json"


@dataclass(frozen=True)
class Request:
    label: str
    path: str  # to newsgraph serve
    sparql: str  # to the Oxigraph server: the same query, self-contained


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def mix(store: GraphStore) -> list[Request]:
    """The requests of the mix, each checked to run on the embedded store."""
    queries = catalogue()
    chosen: list[tuple[str, dict[str, str]]] = [(name, {}) for name in LISTINGS if name in queries]
    for name, (param, column) in SELECTING.items():
        if name not in queries:
            continue
        rows = list(lexical_rows(run(store, queries[SELECTING_FROM[name]].text)))
        value = next((row[column] for row in rows if row.get(column)), None)
        if value is not None:
            chosen.append((name, {param: value}))
    prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in QUERY_PREFIXES.items())
    requests = []
    for name, values in chosen:
        terms = {key: to_oxigraph(term) for key, term in bind(queries[name], values).items()}
        query = f"?{urllib.parse.urlencode(values)}" if values else ""
        requests.append(
            Request(
                name + (" (selecting)" if values else ""),
                f"/named/{name}{query}",
                prologue + inline_params(queries[name].text, terms),
            )
        )
    return requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_newsgraph(store: Path, workers: int | None) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "builder.cli", "serve", "--store", str(store), "--port", "0"]
    command += ["--workers", str(workers)] if workers else []
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = process.stderr.readline()
    if "serving" not in line:
        process.kill()
        sys.exit(f"newsgraph serve did not start: {line}{process.stderr.read()}")
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, line.split(" at ")[1].split("/ ")[0]


def oxigraph_command() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(command: str, store: Path, folder: Path) -> tuple[subprocess.Popen, str]:
    """The Oxigraph server over a copy of the store, loaded from its N-Quads."""
    dump = folder / "store.nq"
    with GraphStore(store, read_only=True) as source:
        source.dump(dump, "nq")
    location = folder / "oxigraph"
    subprocess.run([command, "load", "--location", str(location), "--file", str(dump)], check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _ = get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/query?query=ASK%7B%7D")
            if status == 200:
                return process, base
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            sys.exit("the Oxigraph server did not start")
        time.sleep(0.2)


def get(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept": JSON_RESULTS})
    response = connection.getresponse()
    return response.status, response.read()


def rows(connection: http.client.HTTPConnection, path: str) -> int:
    status, body = get(connection, path)
    if status != 200:
        raise RuntimeError(f"{path[:80]}: HTTP {status}: {body[:200]!r}")
    return len(json.loads(body)["results"]["bindings"])


def load(base: str, paths: list[str], clients: int, duration: float) -> Tally:
    """`clients` threads sending `paths` in a shuffled round for `duration` seconds."""
    host, port = base.removeprefix("http://").split(":")
    tallies = [Tally() for _ in range(clients)]
    start = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        tally, order = tallies[k], random.Random(k)
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        start.wait()
        deadline = time.monotonic() + duration
        while time.monotonic() < deadline:
            path = order.choice(paths)
            began = time.perf_counter()
            try:
                status, body = get(connection, path)
            except (OSError, http.client.HTTPException) as error:
                status, body = 0, str(error).encode()
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=120)
            if status == 200:
                tally.latencies.append(time.perf_counter() - began)
            else:
                tally.errors += 1
                tally.first_error = tally.first_error or f"HTTP {status}: {body[:120]!r}"
        connection.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    total = Tally()
    for tally in tallies:
        total.latencies += tally.latencies
        total.errors += tally.errors
        total.first_error = total.first_error or tally.first_error
    return total


def figures(tally: Tally, duration: float) -> dict[str, str]:
    ordered = sorted(tally.latencies)

    def at(share: float) -> str:
        return f"{ordered[min(int(len(ordered) * share), len(ordered) - 1)] * 1000:.1f}" if ordered else "-"

    return {
        "requests/s": f"{len(ordered) / duration:.1f}",
        "p50 ms": at(0.50),
        "p99 ms": at(0.99),
        "answered": str(len(ordered)),
        "errors": str(tally.errors),
    }


def measure(name: str, started: Callable[[], tuple[subprocess.Popen, str]], paths: list[str], args) -> dict:
    process, base = started()
    try:
        connection = http.client.HTTPConnection(*base.removeprefix("http://").split(":"), timeout=120)
        counts = [rows(connection, path) for path in paths]
        connection.close()
        print(f"{name}: {base}, {args.clients} clients for {args.duration:g} s…", file=sys.stderr)
        tally = load(base, paths, args.clients, args.duration)
    finally:
        process.terminate()
        process.wait(timeout=60)
    if tally.first_error:
        print(f"{name}: first error: {tally.first_error}", file=sys.stderr)
    return {"counts": counts, **figures(tally, args.duration)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store folder (default: build --articles)")
    parser.add_argument(
        "--articles", type=Path, default=ROOT / "examples", help="articles to build (default examples/)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per server (default 60)")
    parser.add_argument("--workers", type=int, help="newsgraph serve --workers (default its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        folder = Path(scratch)
        store = args.store
        if store is None:
            store = folder / "store"
            print(f"building {args.articles}…", file=sys.stderr)
            subprocess.run(
                [sys.executable, "-m", "builder.cli", "build", str(args.articles), "--store", str(store), "--quiet"],
                check=True,
                cwd=ROOT,
            )
        with GraphStore(store, read_only=True) as reader:
            requests = mix(reader)
            triples = len(reader)
        print(f"store: {triples:,} quads; mix: {', '.join(r.label for r in requests)}", file=sys.stderr)
        results = {
            "newsgraph serve": measure(
                "newsgraph serve", lambda: start_newsgraph(store, args.workers), [r.path for r in requests], args
            )
        }
        command = oxigraph_command()
        if command is None:
            print("oxigraph serve: skipped, no `oxigraph` command (pip install oxigraph)", file=sys.stderr)
        else:
            paths = [f"/query?{urllib.parse.urlencode({'query': r.sparql})}" for r in requests]
            results["oxigraph serve"] = measure(
                "oxigraph serve", lambda: start_oxigraph(command, store, folder), paths, args
            )
    names = list(results)
    if len(names) == 2 and results[names[0]]["counts"] != results[names[1]]["counts"]:
        print(f"warning: the servers' row counts differ: {[r['counts'] for r in results.values()]}", file=sys.stderr)
    width = max(len(n) for n in names)
    print(f"{'':12} " + " ".join(f"{n:>{width}}" for n in names))
    for key in ("requests/s", "p50 ms", "p99 ms", "answered", "errors"):
        print(f"{key:12} " + " ".join(f"{results[n][key]:>{width}}" for n in names))


if __name__ == "__main__":
    main()

"""Named queries at scale: p50 on a store of about a million triples, Oxigraph beside rdflib.

    python bench/queries.py [--triples 1000000] [--articles DIR] [--repeat 5] [--rdflib-timeout 60] [--skip QUERY]

Builds DIR (default ../shared/dev/articles, else examples/) once, then makes a store of about
--triples triples reproducibly: copy k of every document graph gets its own document IRI
(and so its own sentences, mentions and facts) while named actors and places keep theirs, as
they would across many reports of the same conflict. The store is resolved across documents
as a build would. For every named query it prints rows, p50 wall time of --repeat runs
through `GraphStore.query` (rows read to the end), rows/s, and, for queries with a selecting
parameter (blamer, speaker, source, type, ...), the p50 with the most frequent value given.
With --rdflib-timeout > 0 the same query runs on rdflib's engine over the same quads (one
run each, stopped after the timeout) and the ratio is printed.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset, URIRef  # noqa: E402

from builder.build import build, resolve_store  # noqa: E402
from builder.ingest import read_inputs  # noqa: E402
from builder.iris import IriMinter  # noqa: E402
from builder.nlp import load_model  # noqa: E402
from builder.queries import bind, lexical_rows, named_queries  # noqa: E402
from builder.store import QUERY_PREFIXES, GraphStore, inline_params, to_rdflib  # noqa: E402
from builder.validate import Validator  # noqa: E402

# The parameter each query is most often asked with, and the result column whose most frequent
# value to ask it with.
SELECTING = {
    "who-blamed-whom": ("blamer", "blamerLabel"),
    "calls-to-action": ("caller", "callerLabel"),
    "casualty-claims": ("source", "sourceLabel"),
    "statements": ("speaker", "speakerLabel"),
    "statements-by": ("speaker", "speakerLabel"),
    "statements-about": ("entity", "entityLabel"),
    "events": ("type", "type"),
    "entities": ("type", "type"),
    "condemnations": ("condemner", "condemnerLabel"),
    "denials": ("denier", "denierLabel"),
    "timeline": ("place", "placeLabel"),
    "entity-merges": ("entity", "label"),
    "entity-nodes": ("entity", "label"),
}
# Queries that need a parameter to run at all, with the listing that supplies its value.
NEEDS = {"statements-by": "statements", "statements-about": "statements-about"}


def replicated(seed: GraphStore, triples: int) -> tuple[list[ox.Quad], int]:
    """Quads of `seed`'s document graphs copied until about `triples`, each copy its own documents."""
    base = IriMinter().base
    documents = [g.value for g in seed.document_graphs()]
    quads = [q for q in seed.quads() if q.graph_name.value in documents]
    copies = max(1, round(triples / max(len(quads), 1)))

    def moved(term, k: int):
        if isinstance(term, ox.NamedNode) and term.value.startswith(f"{base}doc/"):
            head, _, rest = term.value[len(base) + 4 :].partition("/")
            return ox.NamedNode(f"{base}doc/{head}{k:04d}" + (f"/{rest}" if rest else ""))
        return term

    out = []
    for k in range(copies):
        for q in quads:
            out.append(ox.Quad(moved(q.subject, k), q.predicate, moved(q.object, k), moved(q.graph_name, k)))
    return out, copies


def p50(run, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


class _Timeout(Exception):
    pass


def rdflib_seconds(dataset: Dataset, text: str, timeout: int) -> float | None:
    """One run of the query on rdflib's engine over the union of graphs; None past the timeout."""

    def stop(*_):
        raise _Timeout

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(timeout)
    started = time.perf_counter()
    try:
        result = dataset.query(text, initNs=QUERY_PREFIXES)
        sum(1 for _ in result)
        return time.perf_counter() - started
    except _Timeout:
        return None
    finally:
        signal.alarm(0)


def main() -> None:
    shared = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--articles", type=Path, default=shared if shared.is_dir() else ROOT / "examples")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=int, default=0, metavar="SECONDS")
    parser.add_argument("--skip", action="append", default=[], metavar="QUERY", help="leave this query out")
    args = parser.parse_args()

    nlp = load_model()
    validator = Validator()
    with GraphStore(None) as seed:
        build(read_inputs([str(args.articles)]), nlp, [seed], validator, report=print)
        quads, copies = replicated(seed, args.triples)
    with tempfile.TemporaryDirectory() as tmp, GraphStore(Path(tmp) / "store") as store:
        started = time.perf_counter()
        store._store.bulk_extend(quads)  # a bench may fill the store directly: these are built graphs
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        resolution = resolve_store(store, validator)
        resolved = time.perf_counter() - started
        print(
            f"store: {len(store):,} quads ({copies} copies of {args.articles}); loaded in {loaded:.1f} s; "
            f"resolved in {resolved:.1f} s ({resolution})"
        )
        dataset = None
        if args.rdflib_timeout:
            dataset = Dataset(default_union=True)
            for q in store.quads():
                terms = [to_rdflib(t) for t in (q.subject, q.predicate, q.object)]
                dataset.graph(URIRef(q.graph_name.value)).add(tuple(terms))
        print(
            f"{'query':<22} {'rows':>7} {'p50 ms':>9} {'rows/s':>9}  {'selected':<30} {'p50 ms':>8}  {'rdflib/ox':>9}"
        )
        catalogue = named_queries()
        for name, query in sorted(catalogue.items()):
            if name in NEEDS or name in args.skip:
                continue
            seconds, rows = p50(lambda q=query: _count(store, q.text), args.repeat)
            rate = f"{rows / seconds:,.0f}" if seconds and rows else "-"
            selected, selected_ms = "", ""
            if name in SELECTING:
                param, column = SELECTING[name]
                values = Counter(r[column] for r in lexical_rows(store.query(query.text)) if r.get(column))
                if values:
                    value = values.most_common(1)[0][0]
                    params = bind(query, {param: value})
                    sel, _ = p50(lambda q=query, p=params: _count(store, q.text, p), args.repeat)
                    selected, selected_ms = f"{param}={value[:22]}", f"{sel * 1000:,.0f}"
            ratio = ""
            if dataset is not None:
                other = rdflib_seconds(dataset, inline_params(query.text, {}), args.rdflib_timeout)
                ratio = f">{args.rdflib_timeout / seconds:,.0f}" if other is None else f"{other / seconds:,.1f}"
            print(
                f"{name:<22} {rows:>7,} {seconds * 1000:>9,.0f} {rate:>9}  {selected:<30} {selected_ms:>8}  {ratio:>9}",
                flush=True,
            )


def _count(store: GraphStore, text: str, params=None) -> int:
    """Rows (or triples, for a CONSTRUCT), read to the end."""
    return sum(1 for _ in store.query(text, params))


if __name__ == "__main__":
    main()

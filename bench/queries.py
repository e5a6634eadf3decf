"""Named queries at scale: p50 on a store of about a million triples, Oxigraph beside rdflib.

    python bench/queries.py [--triples 1000000] [--articles DIR] [--repeat 5] [--rdflib-timeout 60] [--skip QUERY]
                            [--only QUERY] [--store PATH] [--baseline QUERIES_DIR]

Builds DIR (default ../shared/dev/articles, else examples/) once, then makes a store of about
--triples triples reproducibly: copy k of every document graph gets its own document IRI
(and so its own sentences, mentions and facts) while named actors and places keep theirs, as
they would across many reports of the same conflict. The store is resolved across documents
as a build would. For every named query it prints rows, p50 wall time of --repeat runs
through `GraphStore.query` (rows read to the end), rows/s, and, for queries with a selecting
parameter (blamer, speaker, source, type, ...), the p50 with the most frequent value given.
With --rdflib-timeout > 0 the same query runs on rdflib's engine over the same quads (one
run each, stopped after the timeout) and the ratio is printed.

--store PATH keeps the replicated store at PATH and reuses it when it is already there (the
build and resolution are the slow part; a store is the same for the same articles and size).
--baseline DIR times the .rq files of DIR (e.g. an earlier commit's `queries/`) beside ours on
the same store, run for run in turn, and says where the two give different rows: a rewrite
must keep every query's answer.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
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
from builder.store import QUERY_PREFIXES, SNAPSHOTS, GraphStore, inline_params, to_rdflib  # noqa: E402
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


class _Timeout(Exception):
    pass


def rdflib_seconds(dataset: Dataset, text: str, timeout: int) -> float | str | None:
    """One run of the query on rdflib's engine over the union of graphs; None past the timeout,
    rdflib's error where it cannot run the query (it fails on some that are valid SPARQL)."""

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
    except Exception as error:  # rdflib's own failure on valid SPARQL, e.g. NotBoundError
        return type(error).__name__
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
    parser.add_argument("--only", action="append", default=[], metavar="QUERY", help="run only this query")
    parser.add_argument("--store", type=Path, help="keep the store here, and reuse it when it is there")
    parser.add_argument("--baseline", type=Path, metavar="DIR", help="time DIR's .rq files beside ours")
    args = parser.parse_args()

    catalogue = named_queries()
    baseline = named_queries(args.baseline) if args.baseline else {}
    chosen = sorted(n for n in catalogue if n not in NEEDS and n not in args.skip and (not args.only or n in args.only))
    with _replicated_store(args) as (store, note):
        print(note)
        dataset = _rdflib_dataset(store) if args.rdflib_timeout else None
        print(
            f"{'query':<22} {'rows':>7} {'p50 ms':>9} {'rows/s':>9}  {'selected':<30} {'p50 ms':>8}  {'rdflib/ox':>9}"
            + ("  before: p50 ms, selected p50 ms, same rows" if baseline else "")
        )
        for name in chosen:
            query, old = catalogue[name], baseline.get(name)
            texts = [query.text] + ([old.text] if old else [])
            (seconds, before), rows = _p50s(store, texts, None, args.repeat)
            rate = f"{rows / seconds:,.0f}" if seconds and rows else "-"
            selected, selected_ms, selected_before, params = "", "", "", None
            if name in SELECTING:
                param, column = SELECTING[name]
                values = Counter(r[column] for r in lexical_rows(store.query(query.text)) if r.get(column))
                if values:
                    value = values.most_common(1)[0][0]
                    params = bind(query, {param: value})
                    (sel, sel_before), _ = _p50s(store, texts, params, args.repeat)
                    selected, selected_ms = f"{param}={value[:22]}", f"{sel * 1000:,.0f}"
                    selected_before = f"{sel_before * 1000:,.0f}" if old else ""
            ratio = ""
            if dataset is not None:
                other = rdflib_seconds(dataset, inline_params(query.text, {}), args.rdflib_timeout)
                if isinstance(other, str):
                    ratio = other[:9]
                else:
                    ratio = f">{args.rdflib_timeout / seconds:,.0f}" if other is None else f"{other / seconds:,.1f}"
            compared = ""
            if old:
                same = _rows(store, query.text) == _rows(store, old.text)
                same = same and (params is None or _rows(store, query.text, params) == _rows(store, old.text, params))
                compared = f"  {before * 1000:>9,.0f} {selected_before:>8}  {'yes' if same else 'NO'}"
            print(
                f"{name:<22} {rows:>7,} {seconds * 1000:>9,.0f} {rate:>9}  {selected:<30} {selected_ms:>8}  {ratio:>9}"
                + compared,
                flush=True,
            )


@contextmanager
def _replicated_store(args) -> Iterator[tuple[GraphStore, str]]:
    """The store of about --triples triples: reused from --store when built there before."""
    kept = args.store is not None and (args.store / SNAPSHOTS).is_dir()
    with tempfile.TemporaryDirectory() as tmp, GraphStore(args.store or Path(tmp) / "store") as store:
        if kept:
            yield store, f"store: {len(store):,} quads, reused from {args.store}"
            return
        validator = Validator()
        with GraphStore(None) as seed:
            build(read_inputs([str(args.articles)]), load_model(), [seed], validator, report=print)
            quads, copies = replicated(seed, args.triples)
        started = time.perf_counter()
        store._store.bulk_extend(quads)  # a bench may fill the store directly: these are built graphs
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        resolution = resolve_store(store, validator)
        resolved = time.perf_counter() - started
        yield store, (
            f"store: {len(store):,} quads ({copies} copies of {args.articles}); loaded in {loaded:.1f} s; "
            f"resolved in {resolved:.1f} s ({resolution})"
        )


def _rdflib_dataset(store: GraphStore) -> Dataset:
    dataset = Dataset(default_union=True)
    for q in store.quads():
        terms = [to_rdflib(t) for t in (q.subject, q.predicate, q.object)]
        dataset.graph(URIRef(q.graph_name.value)).add(tuple(terms))
    return dataset


def _p50s(store: GraphStore, texts: list[str], params, repeat: int) -> tuple[list[float], int]:
    """p50 of each text, run in turn so that a busy machine slows them alike, and the rows of the first."""
    times, rows = [[] for _ in texts], 0
    for _ in range(repeat):
        for i, text in enumerate(texts):
            started = time.perf_counter()
            n = _count(store, text, params)
            times[i].append(time.perf_counter() - started)
            rows = n if i == 0 else rows
    medians = [statistics.median(t) for t in times]
    return [*medians, 0.0][:2], rows


def _rows(store: GraphStore, text: str, params=None) -> list:
    """Every row (or triple) as sorted text: what must stay the same when a query is rewritten.
    Blank nodes are named per result, so they compare as one."""
    results = store.query(text, params)
    if isinstance(results, ox.QuerySolutions):
        columns = [v.value for v in results.variables]
        return sorted(tuple(_text(s[c]) for c in columns) for s in results)
    return sorted(tuple(_text(t) for t in (x.subject, x.predicate, x.object)) for x in results)


def _text(term) -> str:
    return "" if term is None else "_:b" if isinstance(term, ox.BlankNode) else str(term)


def _count(store: GraphStore, text: str, params=None) -> int:
    """Rows (or triples, for a CONSTRUCT), read to the end."""
    return sum(1 for _ in store.query(text, params))


if __name__ == "__main__":
    main()

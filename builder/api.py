"""newsgraph from Python: what `newsgraph build` and `newsgraph query` do, as functions.

    from builder import api

    records = api.extract_text(text, outlet="Reuters", published="2025-03-11")
    graph = api.build_graph(text, outlet="Reuters")           # one document, validated
    summary = api.build_store(["examples/"], "newsgraph-store")
    rows = api.query("newsgraph-store", "who-blamed-whom", blamer="ministry")

Each goes through the same functions as the command line (`builder.build`, `builder.queries`),
so it finds, validates and refuses exactly what they do. The spaCy model and the shapes are
loaded once per process, on first use. Problems that do not stop a build (a bad input, a
withheld fact) go to `report`, by default the "newsgraph" logger. `rules_dir` names a folder of
rule files to use instead of the packaged ones (`newsgraph build --rules DIR`); the files it
lacks are the packaged ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from spacy.language import Language

from .build import BuildOptions, BuildSummary, build, extract
from .extract.rules import load_rules
from .ingest import Article, check_published, read_inputs
from .nlp import load_model
from .queries import Table, bind, get_query, run
from .rdf import PREFIXES, IriMinter, content_hash
from .records import DocumentRecords
from .store import DEFAULT_STORE, GraphStore
from .validate import Validator

_log = logging.getLogger("newsgraph")


class BuildError(Exception):
    """A document was refused (it fails the shapes where nothing can be withheld): the reasons."""


@cache
def _model() -> Language:
    return load_model()


@cache
def _validator() -> Validator:
    return Validator()


def article(
    text: str,
    *,
    title: str | None = None,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    key: str | None = None,
) -> Article:
    """An article from its text and metadata, its date checked as `newsgraph build` checks one
    (ValueError when it is no YYYY-MM-DD date between 1800 and a year ahead).

    Which document it is (a new text under the same name replaces the old one in a store): its
    url, else `key`, else its text itself."""
    if not text.strip():
        raise ValueError("no text (empty or only whitespace)")
    name = url or key or f"text:{content_hash(text)[:16]}"
    return Article(
        text=text,
        source=name,
        key=name,
        title=title,
        published=check_published(published.isoformat() if isinstance(published, date) else published),
        outlet=outlet,
        url=url,
    )


def extract_text(
    text: str,
    *,
    title: str | None = None,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    rules_dir: str | Path | None = None,
) -> DocumentRecords:
    """Everything newsgraph extracts from one text, as plain records (`builder.records`); an
    entity, statement or claim points at others by its index in these lists."""
    item = article(text, title=title, published=published, outlet=outlet, url=url)
    return extract(_model()(item.text), item, load_rules(rules_dir))


def build_graph(
    text: str,
    *,
    title: str | None = None,
    published: date | str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    report: Callable[[str], None] | None = None,
    rules_dir: str | Path | None = None,
) -> Graph:
    """The RDF graph of one text, validated against the shapes as `newsgraph build` validates it:
    facts the shapes reject are withheld (each named to `report`); BuildError when the document
    itself is refused."""
    item = article(text, title=title, published=published, outlet=outlet, url=url)
    problems: list[str] = []
    # Through an in-memory store, so that extraction, validation and withholding are the build's own.
    with GraphStore(None) as store:
        options = BuildOptions(rules=load_rules(rules_dir))
        summary = build([item], _model(), [store], _validator(), problems.append, options)
        if summary.failed:
            raise BuildError("\n".join(problems))
        graph = store.graph(ox.NamedNode(str(IriMinter().document(item))))
    for problem in problems:
        (report or _log.warning)(problem)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def build_store(
    paths: Iterable[str | Path],
    store: GraphStore | str | Path = DEFAULT_STORE,
    *,
    strict: bool = False,
    report: Callable[[str], None] | None = None,
    rules_dir: str | Path | None = None,
) -> BuildSummary:
    """`newsgraph build PATH... --store STORE`: files and folders into a store (opened and closed
    here when given as a path), each problem to `report`; the summary says what was done."""
    with _opened(store) as target:
        inputs = read_inputs([str(path) for path in paths])
        options = BuildOptions(strict=strict, rules=load_rules(rules_dir))
        return build(inputs, _model(), [target], _validator(), report or _log.warning, options)


def query(store: GraphStore | str | Path, name: str, **params: str | None) -> list[dict[str, str]]:
    """`newsgraph query NAME --param KEY=VALUE ...`: the rows of a named SELECT query, each a
    dict of its columns' lexical values ('' where unbound). A parameter given as None is left
    out; unknown or missing parameters raise QueryError, as on the command line."""
    named = get_query(name)
    values = bind(named, {key: value for key, value in params.items() if value is not None})
    with _opened(store, must_exist=True) as source:
        table = Table.from_solutions(run(source, named.text, values))
    return [dict(zip(table.columns, row, strict=True)) for row in table.values()]


@contextmanager
def _opened(store: GraphStore | str | Path, must_exist: bool = False) -> Iterator[GraphStore]:
    """An open store as given, or the store at a path, closed again when done."""
    if isinstance(store, GraphStore):
        yield store
        return
    with GraphStore(store, must_exist=must_exist) as opened:
        yield opened

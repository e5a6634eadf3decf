"""newsgraph from Python: what `newsgraph build` and `newsgraph query` do, as functions.

    from builder import api

    records = api.extract_text(text, outlet="Reuters", published="2025-03-11")
    graph = api.build_graph(text, outlet="Reuters")           # one document, validated
    summary = api.build_store(["examples/"], "newsgraph-store")   # built, then resolved
    rows = api.query("newsgraph-store", "who-blamed-whom", blamer="ministry")

The command line itself runs these functions (`build_inputs`, `query_results`), so they find,
validate and refuse exactly what it does. The spaCy model and the shapes are
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

from .build import BuildOptions, BuildSummary, build, extract, resolve_store
from .extract.rules import load_rules
from .identity import AuthorityEntry
from .ingest import Article, InputError, check_published, read_inputs
from .iris import IriMinter, content_hash
from .nlp import load_model
from .queries import Table, get_query, query_results
from .records import DocumentRecords
from .store import DEFAULT_STORE, GraphStore
from .validate import Validator
from .vocab import PREFIXES

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
    authority: Iterable[AuthorityEntry] = (),
) -> BuildSummary:
    """`newsgraph build PATH... --store STORE`: files and folders into a store (opened and closed
    here when given as a path), each problem to `report`, then the store's entities and events
    resolved across documents (`authority`: the analyst's names, `read_authority`). The summary
    says what was done; ResolutionError when the resolution fails the shapes."""
    with _opened(store) as target:
        options = BuildOptions(strict=strict, rules=load_rules(rules_dir))
        return build_inputs(read_inputs([str(path) for path in paths]), [target], options, report, authority)


def build_inputs(
    inputs: Iterable[Article | InputError],
    stores: list[GraphStore],
    options: BuildOptions | None = None,
    report: Callable[[str], None] | None = None,
    authority: Iterable[AuthorityEntry] = (),
    model: Language | None = None,
) -> BuildSummary:
    """Articles already read (`builder.ingest.read_inputs`, or `article`) into open stores, each
    then resolved across documents; `model` in place of the packaged one (`--model`). What
    `newsgraph build` runs once it has read its options."""
    options = options or BuildOptions()
    authority = list(authority)
    summary = build(inputs, model or _model(), stores, _validator(), report or _log.warning, options)
    resolved = [resolve_store(target, _validator(), authority, options.minter) for target in stores]
    summary.resolution = resolved[0] if resolved else None
    return summary


def query(store: GraphStore | str | Path, name: str, **params: str | None) -> list[dict[str, str]]:
    """`newsgraph query NAME --param KEY=VALUE ...`: the rows of a named SELECT query, each a
    dict of its columns' lexical values ('' where unbound). A parameter given as None is left
    out; unknown or missing parameters raise QueryError, as on the command line."""
    given = {key: value for key, value in params.items() if value is not None}
    with _opened(store, must_exist=True, read_only=True) as source:
        table = Table.from_solutions(query_results(source, get_query(name), given))
    return [dict(zip(table.columns, row, strict=True)) for row in table.values()]


@contextmanager
def _opened(store: GraphStore | str | Path, must_exist: bool = False, read_only: bool = False) -> Iterator[GraphStore]:
    """An open store as given, or the store at a path (its newest snapshot, to read), closed again
    when done."""
    if isinstance(store, GraphStore):
        yield store
        return
    with GraphStore(store, must_exist=must_exist, read_only=read_only) as opened:
        yield opened

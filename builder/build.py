"""The build pipeline: read → NLP → extract → RDF → validate → store, one document at a time.

A document is committed only when its graph conforms to the shapes. One bad fact does not
cost the article: the facts the shapes reject are withheld (with the facts that depend on
them), reported, and the rest is committed; `strict` refuses such a document whole instead.
A bad input or a refused document is reported and the others go on.

The work on each document (parse, extraction, RDF, validation: `build_documents`) runs in
this process, or where an `Executor` sends it (`builder.parallel`: worker processes, Dask);
reading, the check that skips unchanged articles, and every write stay here, in input order,
so that a store has one writer and its content does not depend on where the work ran.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from . import __version__
from .extract.attribution import extract_attribution, frame_statements
from .extract.claims import extract_claims
from .extract.context import DocumentContext
from .extract.entities import extract_entities, extract_sentences, find_datelines
from .extract.events import extract_events
from .extract.places import locate_places
from .extract.rules import FILES as RULE_FILES
from .extract.rules import Rules, load_rules
from .extract.statements import extract_statements
from .identity import (
    AuthorityEntry,
    Decision,
    DecisionKind,
    local_entities,
    local_events,
    resolve,
    resolve_events,
)
from .ingest import Article, InputError
from .iris import IriMinter
from .nlp import DEFAULT_BATCH_SIZE, model_id, parse
from .queries import get_query, lexical_rows
from .rdf import decision_triples, document_graph, identity_graph, input_hash
from .records import DocumentRecords
from .store import GraphStore, Outcome, StoreError, ntriples, oxigraph_triples
from .validate import Report, Validator, Withheld


@dataclass
class BuildSummary:
    """What a build did, counted per document."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    tokens: int = 0
    # Documents committed without some of their facts, and how many facts that left out.
    partial: int = 0
    withheld: int = 0
    # Documents committed with only their text, sentences and entities: an extractor failed.
    incomplete: int = 0
    # What resolving the first target across documents did afterwards (None: not resolved).
    resolution: Resolution | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.withheld == 0 and self.incomplete == 0

    def __str__(self) -> str:
        held = f", {self.partial} of them with {self.withheld} facts withheld" if self.partial else ""
        held += f", {self.incomplete} without extracted facts" if self.incomplete else ""
        return (
            f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged{held}, "
            f"{self.failed} failed{f', {self.skipped} skipped' if self.skipped else ''} ({self.tokens:,} tokens)"
        )


@dataclass
class BuildOptions:
    batch_size: int = DEFAULT_BATCH_SIZE
    # Where the work on each document runs: None for here; `builder.parallel` has the others.
    executor: Executor | None = None
    # A bar on a terminal; elsewhere (a log, a pipe) one plain line every `log_every` documents.
    progress: bool = False
    log_every: int = 0
    log: Callable[[str], None] | None = None
    # Refuse a document whole when any of its facts fails the shapes, as before withholding.
    strict: bool = False
    minter: IriMinter = field(default_factory=IriMinter)
    # The rules extraction obeys (`--rules DIR`); the packaged ones by default.
    rules: Rules = field(default_factory=load_rules)
    # How many inputs there are, when known beforehand: progress then shows a total and an ETA.
    total: int | None = None


@dataclass(frozen=True)
class Work:
    """What the work on each document needs besides the model and the validator (which each
    process loads once): small and picklable, so that it travels to worker processes."""

    rules: Rules
    minter: IriMinter
    strict: bool
    # Who built the graph (newsgraph, rules, model), as each document's provenance records it.
    extractor: str


@dataclass
class Built:
    """What the work on one parsed document gives the writer: the graph to commit, as the store
    writes it (its triples in Oxigraph's terms; None: it is refused), the lines to report, and
    what to count."""

    tokens: int
    graph: set[ox.Triple] | None
    reports: tuple[str, ...] = ()
    incomplete: bool = False
    partial: bool = False
    withheld: int = 0

    def __getstate__(self) -> dict[str, Any]:
        # Across processes a graph travels as N-Triples, written and read by Oxigraph: one string
        # to pickle, where a list of rdflib terms cost the writer (the serial part of a parallel
        # build) ~10 ms a document to load and convert.
        graph = None if self.graph is None else ox.serialize(self.graph, format=ox.RdfFormat.N_TRIPLES)
        return {**vars(self), "graph": graph}

    def __setstate__(self, state: dict[str, Any]) -> None:
        data = state["graph"]
        graph = None if data is None else {q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
        self.__dict__.update(state, graph=graph)


class Executor(Protocol):
    """Runs the work on each document somewhere (`build_documents` there) and gives back each
    article with what came of it, in the order of the articles."""

    def map(self, work: Work, articles: Iterable[Article], validator: Validator) -> Iterator[tuple[Article, Built]]: ...


def extract(doc: Doc, article: Article, rules: Rules | None = None) -> DocumentRecords:
    """Everything newsgraph extracts from one parsed article, floor by floor: each reads the
    document's context and what the floors above it found (`builder.extract.context`)."""
    context = DocumentContext.read(doc, article, rules or load_rules())
    context.statements = extract_statements(context)
    context.attribution = extract_attribution(context)
    context.statements += frame_statements(context)
    # Places are located before events and claims, which prefer a located place for the scene.
    context.resolver.add_places(locate_places(context))
    context.events = extract_events(context)
    claims = extract_claims(context)
    return DocumentRecords(
        article=article,
        sentences=extract_sentences(doc),
        entities=context.entities,
        statements=context.statements,
        attribution=context.attribution,
        events=context.events,
        claims=claims,
    )


def build(
    inputs: Iterable[Article | InputError],
    nlp: Language,
    targets: list[GraphStore],
    validator: Validator,
    report: Callable[[str], None],
    options: BuildOptions | None = None,
) -> BuildSummary:
    """Build every article into every target store; `report` gets one line per problem."""
    options = options or BuildOptions()
    summary = BuildSummary()
    work = Work(options.rules, options.minter, options.strict, extractor_id(nlp, options.rules))

    # Inputs done without being parsed (stored already, refused at ingest, skipped): progress counts them.
    passed_over = 0

    def articles() -> Iterator[Article]:
        nonlocal passed_over
        for item in inputs:
            if (
                isinstance(item, Article)
                and targets
                and all(t.holds(options.minter.document(item), input_hash(item, work.extractor)) for t in targets)
            ):
                # Stored from this very input by this very extractor: nothing to parse or check.
                summary.unchanged += 1
                passed_over += 1
                continue
            if isinstance(item, InputError):
                passed_over += 1
                # A file of a type newsgraph does not read, inside a folder, is named, not failed.
                summary.failed += not item.skipped
                summary.skipped += item.skipped
                report(str(item))
            else:
                yield item

    if options.executor is None:
        results = build_documents(articles(), nlp, validator, work, options.batch_size)
    else:
        results = options.executor.map(work, articles(), validator)
    minter = options.minter

    def commit(article: Article, graph: set[ox.Triple]) -> Outcome:
        iri = minter.document(article)
        identity, revisions = minter.identity_graph(), minter.revisions_graph()
        outcomes = [t.put_document(iri, graph, article.key, identity, revisions) for t in targets]
        # The first target is the one the user keeps (the store, else the output file).
        return outcomes[0]

    def committed(write: Future[Outcome] | None) -> None:
        if write is not None:
            outcome = write.result()
            setattr(summary, outcome.value, getattr(summary, outcome.value) + 1)

    started = time.monotonic()
    bar = tqdm(total=options.total, unit="doc", disable=not options.progress, desc="building")
    # One writer thread commits each document while the next is worked on: a store's write runs
    # in Oxigraph's Rust code without the GIL (~30 ms a document on disk, a fifth of the parse),
    # so on a second core it costs the build no time. Writes stay one at a time, in input order,
    # and a failed one stops the build before the next is sent.
    with ThreadPoolExecutor(1, thread_name_prefix="newsgraph-writer") as writer:
        write: Future[Outcome] | None = None
        for done, (article, built) in enumerate(results):
            # Unchanged and bad inputs are passed over between two parsed ones: they count as done too.
            bar.update(passed_over + done - bar.n)
            if options.log is not None and options.log_every and done and done % options.log_every == 0:
                committed(write)
                write = None
                options.log(_progress(done, passed_over, summary, options.total, time.monotonic() - started))
            summary.tokens += built.tokens
            for line in built.reports:
                report(line)
            summary.incomplete += built.incomplete
            summary.partial += built.partial
            summary.withheld += built.withheld
            if built.graph is None:
                summary.failed += 1
                continue
            committed(write)
            write = writer.submit(commit, article, built.graph)
        committed(write)
    bar.close()
    return summary


def build_documents(
    articles: Iterable[Article], nlp: Language, validator: Validator, work: Work, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[tuple[Article, Built]]:
    """The work on each document, wherever it runs: parse, extract, map to RDF, validate."""
    for doc, article in parse(nlp, ((a.text, a) for a in articles), batch_size=batch_size):
        yield article, _built(doc, article, work, validator)


def _built(doc: Doc, article: Article, work: Work, validator: Validator) -> Built:
    """One parsed document's graph, validated: whole, with the facts the shapes reject withheld,
    or refused."""
    reports: list[str] = []
    graph, complete = _graph_of(doc, article, work, reports.append)
    if graph is None:
        return Built(len(doc), None, tuple(reports))
    # Converted once, for the validator's fast engine and for the store.
    triples = oxigraph_triples(graph)
    verdict = validator.validate(graph, ntriples(triples))
    partial, count = False, 0
    if not verdict.conforms and not work.strict:
        kept = validator.withhold(graph, work.minter.document(article), verdict)
        if kept.conforms:
            triples, partial, count = oxigraph_triples(kept.graph), True, kept.count
            reports.append(withheld(article.source, kept))
            verdict = Report(conforms=True, violations=())
    if not verdict.conforms:
        reports.append(rejection(article.source, verdict))
    triples = triples if verdict.conforms else None
    return Built(len(doc), triples, tuple(reports), incomplete=not complete, partial=partial, withheld=count)


def extractor_id(nlp: Language, rules: Rules) -> str:
    """What builds a graph (newsgraph's code, the rules, the model), as provenance records it."""
    return f"newsgraph {__version__} (rules {rules_fingerprint(rules)}); {model_id(nlp)}"


def _progress(built: int, passed_over: int, summary: BuildSummary, total: int | None, seconds: float) -> str:
    """One plain progress line: documents built, their rate, and with a known total how far and how long."""
    rate = built / seconds if seconds else 0.0
    line = f"{built:,} documents built, {rate:.1f} a second ({summary})"
    if total:
        handled = min(passed_over + built, total)
        left = (total - handled) / rate if rate else 0.0
        line = f"{handled:,} of {total:,} inputs, ETA {int(left // 60)} min {int(left % 60):02d} s; {line}"
    return line


@dataclass(frozen=True)
class Resolution:
    """What resolving a store's entities across documents did."""

    nodes: int
    entities: int
    merged: int
    event_nodes: int
    events: int
    changed: bool

    def __str__(self) -> str:
        if not self.changed:
            return "entities and events across documents: already resolved"
        nodes, entities = f"{self.nodes:,} document nodes", f"{self.entities:,} entities ({self.merged:,} merges)"
        events = f"{self.event_nodes:,} event mentions are {self.events:,} events"
        return f"across documents: {nodes} are {entities}; {events}"


def resolve_store(
    store: GraphStore,
    validator: Validator,
    authority: Iterable[AuthorityEntry] = (),
    minter: IriMinter | None = None,
) -> Resolution:
    """Resolve every entity and event node of the store into one identity graph, in one
    transaction, unless the documents, decisions, authority and rules are those it was last
    resolved from."""
    minter = minter or IriMinter()
    graph, resolution = resolution_graph(store, validator, authority, minter)
    if graph is not None:
        store.put_graph(minter.identity_graph(), graph)
    return resolution


def remove_documents(
    store: GraphStore,
    names: list[str],
    validator: Validator,
    authority: Iterable[AuthorityEntry] = (),
    minter: IriMinter | None = None,
) -> Resolution:
    """Remove documents (IRIs or sources, every version of each) and resolve the rest again,
    all in one transaction. StoreError names what matches no document."""
    minter = minter or IriMinter()
    rows = list(lexical_rows(store.query(_DOCUMENT_KEYS)))
    graphs: set[str] = set()
    for name in names:
        keys = {r["key"] for r in rows if name in (r["document"], r["source"], r["key"])}
        if not keys:
            raise StoreError(f"{name}: no document of the store has this IRI, source or key")
        graphs |= {r["document"] for r in rows if r["key"] in keys}
    graph, resolution = resolution_graph(store, validator, authority, minter, excluding=frozenset(graphs), force=True)
    store.remove_documents(sorted(graphs), minter.revisions_graph(), (minter.identity_graph(), graph))
    return resolution


def resolution_graph(
    store: GraphStore,
    validator: Validator,
    authority: Iterable[AuthorityEntry],
    minter: IriMinter,
    excluding: frozenset[str] = frozenset(),
    force: bool = False,
) -> tuple[Graph | None, Resolution]:
    """The identity graph of the store's documents but those `excluding`, validated; None when
    the stored one was resolved from the same inputs (unless `force`)."""
    authority = list(authority)
    decisions = stored_decisions(store)
    digest = hashlib.sha256()
    digest.update(rules_fingerprint().encode("utf-8"))
    for row in lexical_rows(store.query(_DOCUMENT_HASHES)):
        if row["document"] not in excluding:
            digest.update(f"{row['document']} {row['hash']}\n".encode())
    digest.update(repr((authority, decisions)).encode("utf-8"))
    identity = minter.identity_graph()
    known = store.query(_RESOLUTION_HASH, {"graph": identity})
    if not force and any(row["hash"].value == digest.hexdigest() for row in known):
        return None, Resolution(0, 0, 0, 0, 0, changed=False)

    def rows(query: str) -> Iterator[dict[str, str]]:
        return (row for row in lexical_rows(store.query(get_query(query).text)) if row["document"] not in excluding)

    nodes = local_entities(rows("local-entities"))
    resolved = resolve(nodes, authority, decisions, minter)
    canonical = {member: entity.iri for entity in resolved for member in entity.members}
    events = local_events(rows("local-events"), canonical)
    resolved_events = resolve_events(events, minter)
    graph = identity_graph(resolved + resolved_events, digest.hexdigest(), minter)
    verdict = validator.validate(graph)
    if not verdict.conforms:
        raise ResolutionError(rejection(str(identity), verdict))
    merged = sum(len(r.links) for r in resolved)
    return graph, Resolution(len(nodes), len(resolved), merged, len(events), len(resolved_events), changed=True)


def stored_decisions(store: GraphStore) -> list[Decision]:
    """The analyst's decisions kept in the store, in the order they were made."""
    return [
        Decision(DecisionKind(row["action"]), tuple(row["subjects"].split()), row["value"] or None, row["made"])
        for row in lexical_rows(store.query(get_query("decisions").text))
    ]


def record_decision(store: GraphStore, decision: Decision, minter: IriMinter | None = None) -> None:
    """Add one analyst decision to the store's decisions graph (resolve again to apply it)."""
    minter = minter or IriMinter()
    graph = decision_triples(decision, len(stored_decisions(store)), minter)
    store.put_graph(minter.decisions_graph(), graph, replace=False)


class ResolutionError(Exception):
    """The identity graph failed the shapes: a bug of the resolver; the old one is kept."""


_DOCUMENT_KEYS = "SELECT ?document ?source ?key WHERE { GRAPH ?document { ?document ng:source ?source ; ng:key ?key } }"
_DOCUMENT_HASHES = (
    "SELECT ?document ?hash WHERE { GRAPH ?document { ?document ng:inputHash ?hash } } ORDER BY ?document"
)
_RESOLUTION_HASH = "SELECT ?hash WHERE { BIND (ngf:param('graph') AS ?g) GRAPH ?g { ?g ng:resolutionHash ?hash } }"


def rules_fingerprint(rules: Rules | None = None) -> str:
    """A digest of the code and data that extract, with the rule files actually read (a
    `--rules` folder's, else the packaged ones): a rebuild skips an article only when these
    are what built it, so new rules (even under the same version number) rebuild everything."""
    return hashlib.sha256(f"{_code_digest()} {(rules or load_rules()).digest}".encode()).hexdigest()[:12]


@cache
def _code_digest() -> str:
    """The package's code, and its data files that are no extraction rules (identity.json)."""
    package = Path(__file__).parent
    data = [path for path in (package / "data").glob("*.json") if path.name not in RULE_FILES]
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *(package / "extract").glob("*.py"), *data]):
        digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _graph_of(doc: Doc, article: Article, work: Work, report: Callable[[str], None]) -> tuple[Graph | None, bool]:
    """The document's graph, and whether it is complete: should an extractor fail on this text
    (a bug of ours), the text, its sentences and its entities still go in, and the failure is named."""
    minter, extractor = work.minter, work.extractor
    try:
        return document_graph(extract(doc, article, work.rules), minter, extractor), True
    # Any exception: an extractor bug must cost the facts it would have found, never the article.
    except Exception as error:
        where = _innermost(error)
        report(
            f"{article.source}: extraction failed ({type(error).__name__} at {where}: {error}); "
            "committed its text, sentences and entities only"
        )
    try:
        datelines = find_datelines(doc, work.rules.entities, work.rules.time)
        entities = extract_entities(doc, work.rules.entities, datelines)
        bare = DocumentRecords(article=article, sentences=extract_sentences(doc), entities=entities)
        return document_graph(bare, minter, extractor), False
    except Exception as error:
        report(f"{article.source}: not committed: {type(error).__name__} at {_innermost(error)}: {error}")
        return None, False


def _innermost(error: BaseException) -> str:
    """Where in newsgraph's code an error arose: file and line, for the report."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "builder" in f.filename] or frames
    return f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"


def rejection(source: str, verdict: Report) -> str:
    """The one-line reason a document was not committed, with its SHACL results below it."""
    lines = [f"{source}: not committed: fails SHACL validation ({len(verdict.violations)} results)"]
    lines += [f"    {violation}" for violation in verdict.violations]
    return "\n".join(lines)


def withheld(source: str, kept: Withheld) -> str:
    """The one-line note that a document was committed without some facts, and which."""
    lines = [f"{source}: committed with {kept.count} facts withheld (they fail SHACL validation)"]
    lines += [f"    withheld {violation}" for violation in kept.rejected]
    lines += [f"    withheld {node}: it depends on a withheld fact" for node in kept.dependants]
    return "\n".join(lines)

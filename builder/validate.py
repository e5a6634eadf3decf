"""SHACL validation of one document's graph (or any RDF): pyshacl is the reference, and a fast
engine answers first.

Each document is validated on its own triples plus the ontology's class hierarchy and
event-type scheme, never against the whole store: that keeps the cost flat however large the
store grows. The Rust engine (the `shacl` package) compiles the shapes once and checks a
document in a few milliseconds, against pyshacl's tens; it does not evaluate every SPARQL
constraint as pyshacl does, so the one we have (span offsets) is checked here in code. A
document both pass, with no result of any severity, conforms; for any other, pyshacl validates
again and its report is the verdict. So the reports are pyshacl's whenever anything is wrong,
and the fast engine only has to be right about graphs with nothing wrong, which
tests/test_shapes.py checks on every breakage. `NEWSGRAPH_SHACL=pyshacl` (or
`Validator("pyshacl")`) skips the fast engine.

A document that fails is not thrown away whole: `withhold` leaves out the nodes the shapes
reject, and what pointed at them, until the rest conforms. Only a violation on the document
node itself (its text, source or metadata) refuses the whole document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from .resources import ontology_file, shapes_file
from .vocab import NG


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which shape, on which node, and why."""

    shape: str
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"[{self.severity}] shape {self.shape}, focus {self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class Withheld:
    """What `withhold` left out of a document: the nodes the shapes rejected (with the
    violations that named them) and the nodes dropped because they pointed at one."""

    graph: Graph
    rejected: tuple[Violation, ...]
    dependants: tuple[str, ...]
    conforms: bool

    @property
    def count(self) -> int:
        return len({v.focus for v in self.rejected}) + len(self.dependants)


# A document whose facts keep failing after this many rounds of withholding is refused whole:
# each round removes at least one node, so the bound only stops a pathological cascade.
_MAX_WITHHOLD_ROUNDS = 8


# Which engine answers first: "fast" (the Rust engine, then pyshacl for whatever it flags) or "pyshacl".
ENGINE_ENV = "NEWSGRAPH_SHACL"
ENGINES = ("fast", "pyshacl")


class Validator:
    """Holds the shapes and the ontology context, parsed once, and validates graphs."""

    def __init__(self, engine: str | None = None) -> None:
        engine = engine or os.environ.get(ENGINE_ENV) or "fast"
        if engine not in ENGINES:
            raise ValueError(f"{ENGINE_ENV}={engine!r}: the SHACL engine is one of {', '.join(ENGINES)}")
        self.shapes = Graph().parse(shapes_file(), format="turtle")
        self.context = _ontology_context(Graph().parse(ontology_file(), format="turtle"))
        self._fast = _compiled_shapes(self.shapes) if engine == "fast" else None
        self._context_nt = self.context.serialize(format="nt")

    def add_shapes(self, turtle: str) -> None:
        """A stricter profile: more shapes, in Turtle, that both engines then obey."""
        self.shapes.parse(data=turtle, format="turtle")
        if self._fast is not None:
            self._fast = _compiled_shapes(self.shapes)

    @property
    def engine(self) -> str:
        return "pyshacl" if self._fast is None else "fast"

    def validate(self, data: Graph, ntriples: str | None = None) -> Report:
        """`ntriples`: the graph as N-Triples, when the caller has them (a build does, for the
        store), so that the fast engine need not serialize it again."""
        if self._fast is not None and self.passes_fast(data, ntriples):
            return Report(conforms=True, violations=())
        return self.validate_pyshacl(data)

    def passes_fast(self, data: Graph, ntriples: str | None = None) -> bool:
        """True only when the fast engine finds no result at all and the offsets hold: any doubt
        goes to pyshacl."""
        if self._fast is None or not _offsets_hold(data):
            return False
        text = data.serialize(format="nt") if ntriples is None else ntriples
        report = self._fast.validate_text(text + self._context_nt, format="ntriples")
        return report.conforms and not report.results

    def validate_pyshacl(self, data: Graph) -> Report:
        """The reference verdict, with every result."""
        graph = _PreparedQueries()
        graph += data
        graph += self.context
        # The graph is a copy made for this validation, so pyshacl need not copy it again.
        conforms, results, _ = shacl_validate(
            graph,
            shacl_graph=self.shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
        return Report(conforms=bool(conforms), violations=tuple(self._violations(results)))

    def withhold(self, data: Graph, document: URIRef, report: Report) -> Withheld:
        """`data` without the nodes `report` rejects, nor those that then fail because they
        pointed at one (a mention of a withheld entity), validated again until it conforms.
        The document node is never withheld: when it fails, the document is refused whole."""
        graph = Graph()
        for prefix, namespace in data.namespaces():
            graph.bind(prefix, namespace)
        for triple in data:
            graph.add(triple)
        rejected = report.violations
        dependants: list[str] = []
        for _ in range(_MAX_WITHHOLD_ROUNDS):
            focus = {v.focus for v in report.violations}
            if str(document) in focus:
                break
            for node in focus:
                graph.remove((URIRef(node), None, None))
                graph.remove((None, None, URIRef(node)))
            report = self.validate(graph)
            if report.conforms:
                break
            dependants += sorted({v.focus for v in report.violations} - set(dependants))
        return Withheld(graph, rejected, tuple(dependants), report.conforms)

    def _violations(self, results: Graph) -> list[Violation]:
        found = []
        for result in results.subjects(RDF.type, SH.ValidationResult):
            source = results.value(result, SH.sourceShape)
            path = results.value(result, SH.resultPath)
            found.append(
                Violation(
                    shape=self._shape_name(source),
                    focus=str(results.value(result, SH.focusNode)),
                    path=_short(path) if isinstance(path, URIRef) else None,
                    message=str(results.value(result, SH.resultMessage) or "does not conform"),
                    severity=_short(results.value(result, SH.resultSeverity)),
                )
            )
        return sorted(found, key=lambda v: (v.shape, v.focus, v.message))

    def _shape_name(self, shape: object) -> str:
        """The named node shape a (possibly blank) property shape belongs to."""
        if isinstance(shape, URIRef):
            return _short(shape)
        owner = self.shapes.value(predicate=SH.property, object=shape)
        if isinstance(owner, URIRef):
            return _short(owner)
        return "anonymous shape"


def _compiled_shapes(shapes: Graph):
    """The shapes compiled by the Rust engine; None (pyshacl alone) where it is not installed."""
    try:
        import shacl
    except ImportError:
        return None
    return shacl.Shapes.from_turtle(shapes.serialize(format="turtle"))


def _offsets_hold(data: Graph) -> bool:
    """SpanOffsetsShape's SPARQL constraint, in code, conservatively: every span of a document
    ends within the document's text and its anchor is the text between its offsets. Anything
    unusual (a second text, a second offset, a negative or non-integer one, begin after end) is
    False, for pyshacl to judge."""
    texts, begins, ends, anchors = (_values(data, p) for p in (NG.text, NG.beginIndex, NG.endIndex, NG.anchorOf))
    for values in (texts, begins, ends, anchors):
        if any(len(v) > 1 for v in values.values()):
            return False
    for span, documents in _values(data, NG.inDocument).items():
        text = next((texts[d][0] for d in documents if d in texts), None)
        if text is None or (span not in begins and span not in ends):
            continue
        begin, end = begins.get(span, [None])[0], ends.get(span, [None])[0]
        if not (_is_int(begin) and _is_int(end) and 0 <= int(begin) <= int(end) <= len(text)):
            return False
        if span in anchors and str(anchors[span][0]) != str(text)[int(begin) : int(end)]:
            return False
    return True


def _values(data: Graph, predicate: URIRef) -> dict[object, list[object]]:
    found: dict[object, list[object]] = {}
    for subject, _, value in data.triples((None, predicate, None)):
        found.setdefault(subject, []).append(value)
    return found


def _is_int(value: object) -> bool:
    return isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.toPython(), int)


class _PreparedQueries(Graph):
    """pyshacl hands every document's graph the same SPARQL constraint text, and rdflib would
    parse it anew each time (half of a document's validation, measured by bench/stages.py).
    Parsed once here, it is evaluated with each document's bindings."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _ontology_context(ontology: Graph) -> Graph:
    """What validation needs of the ontology: subclass links and the event-type concepts."""
    context = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        context.add(triple)
    for concept in ontology.subjects(RDF.type, NG.EventType):
        context.add((concept, RDF.type, NG.EventType))
        context.add((concept, SKOS.prefLabel, ontology.value(concept, SKOS.prefLabel)))
    return context


def _short(term: object) -> str:
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[1]
    return text

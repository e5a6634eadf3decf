"""SHACL validation of one document's graph (or any RDF) with pyshacl.

Each document is validated on its own triples plus the ontology's class hierarchy and
event-type scheme, never against the whole store: that keeps the cost flat (about 40 ms a
document) however large the store grows.

A document that fails is not thrown away whole: `withhold` leaves out the nodes the shapes
reject, and what pointed at them, until the rest conforms. Only a violation on the document
node itself (its text, source or metadata) refuses the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, Graph, URIRef
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


class Validator:
    """Holds the shapes and the ontology context, parsed once, and validates graphs."""

    def __init__(self) -> None:
        self.shapes = Graph().parse(shapes_file(), format="turtle")
        self.context = _ontology_context(Graph().parse(ontology_file(), format="turtle"))

    def validate(self, data: Graph) -> Report:
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

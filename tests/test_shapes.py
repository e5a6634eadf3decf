"""Every SHACL shape accepts a correct document and rejects a document broken its way."""

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from builder.resources import shapes_file
from builder.store import ntriples, oxigraph_triples
from builder.validate import Validator

FIXTURE = Path(__file__).parent / "fixtures" / "complete-document.ttl"
PREFIXES = """
PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX sentence: <https://w3id.org/newsgraph/id/doc/4d7ab16e0741b967be7e50aab03cad2b/sentence/>
PREFIX span: <https://w3id.org/newsgraph/id/doc/4d7ab16e0741b967be7e50aab03cad2b/span/>
PREFIX cue: <https://w3id.org/newsgraph/id/doc/4d7ab16e0741b967be7e50aab03cad2b/cue/>
PREFIX d: <https://w3id.org/newsgraph/id/doc/4d7ab16e0741b967be7e50aab03cad2b/fact/>
PREFIX org: <https://w3id.org/newsgraph/id/organization/>
PREFIX group: <https://w3id.org/newsgraph/id/group/>
PREFIX place: <https://w3id.org/newsgraph/id/place/>
"""

DOC = "<https://w3id.org/newsgraph/id/doc/4d7ab16e0741b967be7e50aab03cad2b>"


def swap(subject: str, predicate: str, new: str) -> str:
    """Replace the value of one property."""
    old = f"{subject} {predicate} ?old"
    return f"DELETE {{ {old} }} INSERT {{ {subject} {predicate} {new} }} WHERE {{ {old} }}"


def drop(subject: str, predicate: str, value: str = "?any") -> str:
    """Remove a property (one value, or all)."""
    return f"DELETE WHERE {{ {subject} {predicate} {value} }}"


def add(subject: str, predicate: str, value: str) -> str:
    return f"INSERT DATA {{ {subject} {predicate} {value} }}"


# (shape expected to complain, SPARQL Update that breaks the fixture in that shape's way)
BREAKAGES = [
    ("NewsArticleShape", drop(DOC, "ng:source")),
    ("NewsArticleShape", swap(DOC, "ng:published", '"11 March"')),
    ("NewsArticleShape", add(DOC, "ng:contentHash", '"not-a-hash"')),
    ("SpanOffsetsShape", swap("sentence:1", "ng:endIndex", "999")),
    ("SpanOffsetsShape", swap("span:46-50", "ng:anchorOf", '"Homs"')),
    ("TextSpanShape", swap("cue:13-17", "ng:beginIndex", "20")),
    ("TextSpanShape", swap("cue:13-17", "ng:beginIndex", "-1")),
    ("SentenceShape", drop("sentence:0", "ng:sentenceIndex")),
    ("MentionShape", swap("span:46-50", "ng:refersTo", "sentence:0")),
    ("MentionShape", drop("span:4-12", "ng:inSentence")),
    ("ActorShape", drop("group:militia", "rdfs:label")),
    ("PlaceShape", swap("place:hama", "ng:latitude", "123.0")),
    ("FactShape", drop("d:call-0", "ng:evidence")),
    ("FactShape", swap("d:statement-0", "ng:confidence", "1.5")),
    ("FactShape", drop("d:blame-0", "ng:inDocument", DOC)),
    ("StatementShape", drop("d:statement-0", "ng:speaker")),
    ("StatementShape", swap("d:statement-0", "ng:direct", '"yes"')),
    ("StatementShape", drop("d:statement-0", "ng:contentSpan")),
    ("BlameShape", drop("d:blame-0", "ng:blamed")),
    ("BlameShape", add("d:blame-0", "ng:blamer", "group:militia")),
    ("DenialShape", drop("d:denial-0", "ng:denier")),
    ("CondemnationShape", swap("d:condemnation-0", "ng:condemner", "place:hama")),
    ("CallToActionShape", drop("d:call-0", "ng:action")),
    ("CallToActionShape", swap("d:call-0", "ng:addressee", "sentence:1")),
    ("EventShape", swap("d:event-0", "ng:eventType", "place:hama")),
    ("EventShape", swap("d:event-0", "ng:startDate", '"2025-03-12"^^xsd:date')),
    ("CasualtyClaimShape", swap("d:claim-0", "ng:count", "-3")),
    ("CasualtyClaimShape", swap("d:claim-0", "ng:qualifier", '"roughly"')),
    ("CasualtyClaimShape", drop("d:claim-0", "ng:count")),
    ("CasualtyClaimShape", swap("d:claim-0", "ng:outcome", '"dead"')),
    ("CasualtyClaimShape", swap("d:claim-0", "ng:endDate", '"2025-03-01"^^xsd:date')),
    ("CasualtyClaimShape", drop("d:claim-0", "ng:claimedBy")),
    ("ActorTieShape", swap("<https://w3id.org/newsgraph/id/tie/fixture>", "ng:weight", "0")),
    ("ActorTieShape", swap("<https://w3id.org/newsgraph/id/tie/fixture>", "ng:tieKind", '"admired"')),
    # The identity graph and the analyst's decisions, checked on the same graph.
    ("CanonicalShape", add("group:militia", "ng:canonical", '"the militia"')),
    ("ResolvedShape", add("group:militia", "ng:canonical", "place:hama")),
    ("MergeShape", add("d:merge-0", "a", "ng:Merge")),
    ("DecisionShape", add("d:decision-0", "a", "ng:Decision")),
]


def fixture() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def test_complete_document_conforms(validator):
    report = validator.validate(fixture())
    assert report.conforms, [str(v) for v in report.violations]


@pytest.mark.parametrize(("shape", "update"), BREAKAGES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(BREAKAGES)])
def test_broken_document_is_rejected_by_its_shape(validator, shape, update):
    graph = fixture()
    before = len(graph)
    graph.update(PREFIXES + update)
    assert len(graph) != before or "INSERT" in update, "the breakage changed nothing"
    report = validator.validate(graph)
    assert not report.conforms
    assert shape in {v.shape for v in report.violations}, [str(v) for v in report.violations]
    assert all(v.focus and v.message for v in report.violations)


def test_every_node_shape_has_a_breakage():
    shapes = Graph().parse(shapes_file(), format="turtle")
    names = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert names == {shape for shape, _ in BREAKAGES}


def test_builder_output_conforms(examples_store, validator):
    graphs = list(examples_store.document_graphs())
    assert graphs
    for name in graphs:
        report = validator.validate(examples_store.graph(name))
        assert report.conforms, (name, [str(v) for v in report.violations])


@pytest.fixture(scope="module")
def reference():
    return Validator("pyshacl")


@pytest.fixture(scope="module")
def fast():
    validator = Validator("fast")
    assert validator.engine == "fast", "the Rust engine (package shacl) is a dependency: it must be installed"
    return validator


@pytest.mark.parametrize(("shape", "update"), BREAKAGES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(BREAKAGES)])
def test_the_fast_engine_flags_every_breakage_and_the_verdict_is_pyshacls(fast, reference, shape, update):
    graph = fixture()
    graph.update(PREFIXES + update)
    assert not fast.passes_fast(graph), "the fast engine let a broken document through"
    # A build hands the fast engine the graph as the store writes it (Oxigraph's N-Triples).
    assert not fast.passes_fast(graph, as_built(graph)), "the fast engine let a broken build through"
    ours, theirs = fast.validate(graph), reference.validate(graph)
    assert ours == theirs == fast.validate(graph, as_built(graph))
    assert {v.focus for v in ours.violations} == {v.focus for v in theirs.violations} != set()


def test_the_fast_engine_passes_what_pyshacl_passes(fast, reference, examples_store):
    graphs = [fixture()] + [examples_store.graph(name) for name in examples_store.document_graphs()]
    for graph in graphs:
        assert fast.passes_fast(graph) and fast.passes_fast(graph, as_built(graph))
        assert reference.validate(graph).conforms


def as_built(graph: Graph) -> str:
    """The graph's N-Triples as a build gives them to the validator: converted for the store."""
    return ntriples(oxigraph_triples(graph))


@pytest.mark.parametrize(
    "update",
    [
        # Offsets the SPARQL constraint judges, which the fast engine leaves to the code before it.
        swap("span:46-50", "ng:beginIndex", "-2"),
        swap("span:46-50", "ng:endIndex", '"50"'),
        add("span:46-50", "ng:anchorOf", '"another"'),
        add(DOC, "ng:text", '"a second text"'),
        swap("span:46-50", "ng:beginIndex", "51"),
    ],
)
def test_doubtful_offsets_go_to_pyshacl(fast, reference, update):
    graph = fixture()
    graph.update(PREFIXES + update)
    assert not fast.passes_fast(graph)
    assert fast.validate(graph) == reference.validate(graph)


def test_an_unknown_engine_is_named(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_SHACL", "jena")
    with pytest.raises(ValueError, match="NEWSGRAPH_SHACL='jena'"):
        Validator()

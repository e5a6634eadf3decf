"""Every SHACL shape accepts a correct document and rejects a document broken its way."""

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from builder.resources import shapes_file

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

# (shape expected to complain, SPARQL Update that breaks the fixture in that shape's way)
BREAKAGES = [
    ("NewsArticleShape", f"DELETE WHERE {{ {DOC} ng:source ?s }}"),
    ("NewsArticleShape", f'DELETE {{ {DOC} ng:published ?d }} INSERT {{ {DOC} ng:published "11 March" }} WHERE {{ {DOC} ng:published ?d }}'),
    ("NewsArticleShape", f'INSERT DATA {{ {DOC} ng:contentHash "not-a-hash" }}'),
    ("TextSpanShape", "DELETE { sentence:1 ng:endIndex ?e } INSERT { sentence:1 ng:endIndex 999 } WHERE { sentence:1 ng:endIndex ?e }"),
    ("TextSpanShape", 'DELETE { span:46-50 ng:anchorOf ?a } INSERT { span:46-50 ng:anchorOf "Homs" } WHERE { span:46-50 ng:anchorOf ?a }'),
    ("TextSpanShape", "DELETE { cue:13-17 ng:beginIndex ?b } INSERT { cue:13-17 ng:beginIndex 20 } WHERE { cue:13-17 ng:beginIndex ?b }"),
    ("TextSpanShape", "DELETE { cue:13-17 ng:beginIndex ?b } INSERT { cue:13-17 ng:beginIndex -1 } WHERE { cue:13-17 ng:beginIndex ?b }"),
    ("SentenceShape", "DELETE WHERE { sentence:0 ng:sentenceIndex ?i }"),
    ("MentionShape", "DELETE { span:46-50 ng:refersTo ?x } INSERT { span:46-50 ng:refersTo sentence:0 } WHERE { span:46-50 ng:refersTo ?x }"),
    ("MentionShape", "DELETE WHERE { span:4-12 ng:inSentence ?s }"),
    ("ActorShape", "DELETE WHERE { group:militia rdfs:label ?l }"),
    ("PlaceShape", "DELETE { place:hama ng:latitude ?l } INSERT { place:hama ng:latitude 123.0 } WHERE { place:hama ng:latitude ?l }"),
    ("FactShape", "DELETE WHERE { d:call-0 ng:evidence ?s }"),
    ("FactShape", "DELETE { d:statement-0 ng:confidence ?c } INSERT { d:statement-0 ng:confidence 1.5 } WHERE { d:statement-0 ng:confidence ?c }"),
    ("FactShape", f"DELETE WHERE {{ d:blame-0 ng:inDocument {DOC} }}"),
    ("StatementShape", "DELETE WHERE { d:statement-0 ng:speaker ?s }"),
    ("StatementShape", 'DELETE { d:statement-0 ng:direct ?x } INSERT { d:statement-0 ng:direct "yes" } WHERE { d:statement-0 ng:direct ?x }'),
    ("StatementShape", "DELETE WHERE { d:statement-0 ng:contentSpan ?s }"),
    ("BlameShape", "DELETE WHERE { d:blame-0 ng:blamed ?b }"),
    ("BlameShape", "INSERT DATA { d:blame-0 ng:blamer group:militia }"),
    ("DenialShape", "DELETE WHERE { d:denial-0 ng:denier ?d }"),
    ("CondemnationShape", "DELETE { d:condemnation-0 ng:condemner ?c } INSERT { d:condemnation-0 ng:condemner place:hama } WHERE { d:condemnation-0 ng:condemner ?c }"),
    ("CallToActionShape", "DELETE WHERE { d:call-0 ng:action ?a }"),
    ("CallToActionShape", "DELETE { d:call-0 ng:addressee ?a } INSERT { d:call-0 ng:addressee sentence:1 } WHERE { d:call-0 ng:addressee ?a }"),
    ("EventShape", "DELETE { d:event-0 ng:eventType ?t } INSERT { d:event-0 ng:eventType place:hama } WHERE { d:event-0 ng:eventType ?t }"),
    ("EventShape", 'DELETE { d:event-0 ng:startDate ?t } INSERT { d:event-0 ng:startDate "2025-03-12"^^xsd:date } WHERE { d:event-0 ng:startDate ?t }'),
    ("CasualtyClaimShape", "DELETE { d:claim-0 ng:count ?c } INSERT { d:claim-0 ng:count -3 } WHERE { d:claim-0 ng:count ?c }"),
    ("CasualtyClaimShape", 'DELETE { d:claim-0 ng:qualifier ?q } INSERT { d:claim-0 ng:qualifier "roughly" } WHERE { d:claim-0 ng:qualifier ?q }'),
    ("CasualtyClaimShape", "DELETE WHERE { d:claim-0 ng:count ?c }"),
    ("CasualtyClaimShape", 'DELETE { d:claim-0 ng:outcome ?o } INSERT { d:claim-0 ng:outcome "dead" } WHERE { d:claim-0 ng:outcome ?o }'),
    ("CasualtyClaimShape", 'DELETE { d:claim-0 ng:endDate ?o } INSERT { d:claim-0 ng:endDate "2025-03-01"^^xsd:date } WHERE { d:claim-0 ng:endDate ?o }'),
    ("CasualtyClaimShape", "DELETE WHERE { d:claim-0 ng:claimedBy ?s }"),
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

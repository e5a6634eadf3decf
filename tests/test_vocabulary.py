"""The ontology, the typed namespace in code, the shapes and the queries agree term for term."""

import json
import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from builder.build import extract
from builder.extract.rules import load_rules
from builder.identity import DecisionKind
from builder.ingest import Article
from builder.records import CasualtyOutcome, Qualifier, SourceKind, Stance
from builder.resources import load_data, ontology_file, queries_dir, shapes_file
from builder.vocab import NG, NGT

NG_NS = str(NG)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def ontology_terms(ontology: Graph) -> set[str]:
    return {str(s)[len(NG_NS) :] for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NG_NS)}


def test_namespace_in_code_matches_ontology(ontology):
    in_code = {name for name in NG.__annotations__}
    assert in_code == ontology_terms(ontology)


def test_misspelt_term_fails_loudly():
    with pytest.raises(AttributeError):
        NG.blammer  # noqa: B018


def test_every_term_has_label_and_comment(ontology):
    subjects = [s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith((NG_NS, str(NGT)))]
    missing = [s for s in set(subjects) if not ontology.value(s, RDFS.label) or not ontology.value(s, RDFS.comment)]
    assert missing == []


def test_every_class_and_property_is_aligned_with_a_known_vocabulary(ontology):
    """Each class and property, or a superclass/superproperty of ours, reaches an outside term."""

    def aligned(term, link, seen=()):
        for parent in ontology.objects(term, link):
            if not str(parent).startswith(NG_NS) or (parent not in seen and aligned(parent, link, (*seen, term))):
                return True
        return False

    unaligned = []
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if not aligned(cls, RDFS.subClassOf):
            unaligned.append(cls)
    # Properties specific to newsgraph (offsets, rule, confidence, ...) may stand alone, but the
    # core relations analysts query must reach PROV, SEM, schema.org or NIF.
    core = [
        "speaker",
        "blamer",
        "caller",
        "claimedBy",
        "beginIndex",
        "endIndex",
        "anchorOf",
        "inDocument",
        "published",
        "title",
        "url",
        "outlet",
        "agent",
        "place",
        "startDate",
        "endDate",
        "evidence",
    ]
    for name in core:
        if not aligned(URIRef(NG_NS + name), RDFS.subPropertyOf):
            unaligned.append(name)
    assert unaligned == []


def test_shapes_and_queries_use_only_ontology_terms(ontology):
    known = ontology_terms(ontology)
    texts = [shapes_file().read_text()] + [p.read_text() for p in queries_dir().glob("*.rq")]
    used = {m for text in texts for m in re.findall(r"\bng:([A-Za-z]+)", text)}
    assert used - known == set()


def test_event_type_scheme_covers_the_gold_types(ontology):
    labels = {str(o) for s in ontology.subjects(RDF.type, NG.EventType) for o in ontology.objects(s, RDFS.label)}
    gold_types = [
        "attack",
        "clash",
        "ambush",
        "killing",
        "massacre",
        "shelling",
        "strike",
        "bombing",
        "arrest",
        "abduction",
        "displacement",
        "looting",
        "arson",
        "protest",
        "investigation",
        "ceasefire",
    ]
    assert all(any(label.endswith(t) for label in labels) for t in gold_types)


def test_event_data_agrees_with_the_scheme(ontology):
    """Triggers name concepts of the scheme, and the data's narrower kinds are its skos:broader links."""
    from rdflib.namespace import SKOS

    from builder.resources import load_data

    rules = load_data("events.json")
    concepts = {str(s).rsplit("/", 1)[1] for s in ontology.subjects(RDF.type, NG.EventType)}
    assert set(rules["triggers"].values()) <= concepts
    broader = {str(s).rsplit("/", 1)[1]: str(o).rsplit("/", 1)[1] for s, o in ontology.subject_objects(SKOS.broader)}
    assert rules["broader"] == broader


def test_each_controlled_value_list_of_the_shapes_is_its_enum():
    """Every sh:in of the shapes, by the property it restricts: extraction writes the enum's
    values, and the actor-network query makes the tie kinds."""
    shapes = Graph().parse(shapes_file(), format="turtle")
    allowed = {
        shapes.value(constraint, SH.path): [str(v) for v in Collection(shapes, values)]
        for constraint, values in shapes.subject_objects(SH["in"])
    }
    query = (queries_dir() / "actor-network.rq").read_text()
    assert sorted(allowed.pop(NG.tieKind)) == sorted(set(re.findall(r'BIND \("([^"]+)" AS \?kind\)', query)))
    assert allowed == {
        NG.stance: [v.value for v in Stance],
        NG.sourceKind: [v.value for v in SourceKind],
        NG.qualifier: [v.value for v in Qualifier],
        NG.outcome: [v.value for v in CasualtyOutcome],
        NG.decision: [v.value for v in DecisionKind],
    }


@pytest.mark.parametrize(
    ("data", "bad"),
    [
        ("speech_cues.json", {"verbs": {"say": {"stance": "insinuation", "object": "clause"}}}),
        ("numbers.json", {"qualifiers": {"roughly": "roughly"}}),
        ("numbers.json", {"outcomes": {"dead": "dead"}}),
        ("places.json", {"kind_words": {"hamlet": "hamlet"}}),
    ],
)
def test_a_controlled_value_in_the_data_that_no_enum_holds_fails_loudly(nlp, tmp_path, data, bad):
    """As the data is read, before any record is made: not as a SHACL violation afterwards."""
    (tmp_path / data).write_text(json.dumps({**load_data(data), **bad}), encoding="utf-8")
    text = "The ministry said two people were killed in the village of Tal."
    with pytest.raises(ValueError, match="is not a valid"):
        extract(nlp(text), Article(text=text, source="t", key="t"), load_rules(tmp_path))

"""The newsgraph vocabulary as typed namespaces.

`NG` mirrors `ontology/newsgraph.ttl` term for term (a test keeps the two in step), so a
misspelt term raises AttributeError instead of minting a stray IRI.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/newsgraph/ns"


class NG(DefinedNamespace):
    """Classes and properties of the newsgraph ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Actor: URIRef
    ActorTie: URIRef
    Blame: URIRef
    CallToAction: URIRef
    CasualtyClaim: URIRef
    Condemnation: URIRef
    Decision: URIRef
    Denial: URIRef
    Event: URIRef
    EventType: URIRef
    EventTypes: URIRef
    Fact: URIRef
    Group: URIRef
    Mention: URIRef
    Merge: URIRef
    NewsArticle: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Sentence: URIRef
    Statement: URIRef
    TextSpan: URIRef
    acledEventType: URIRef
    action: URIRef
    addressee: URIRef
    affiliation: URIRef
    agent: URIRef
    anchorOf: URIRef
    anonymous: URIRef
    beginIndex: URIRef
    blamed: URIRef
    blamedImplied: URIRef
    blamer: URIRef
    byNarrator: URIRef
    caller: URIRef
    canonical: URIRef
    claimedBy: URIRef
    concerns: URIRef
    condemned: URIRef
    condemner: URIRef
    confidence: URIRef
    content: URIRef
    contentHash: URIRef
    contentSpan: URIRef
    count: URIRef
    country: URIRef
    cue: URIRef
    cueSpan: URIRef
    cueText: URIRef
    decision: URIRef
    decisionIndex: URIRef
    decisionSubject: URIRef
    decisionValue: URIRef
    denier: URIRef
    description: URIRef
    direct: URIRef
    endDate: URIRef
    endIndex: URIRef
    eventType: URIRef
    evidence: URIRef
    evidenceSpan: URIRef
    evidenceStatement: URIRef
    evidenceText: URIRef
    extractor: URIRef
    fromActor: URIRef
    geonamesId: URIRef
    hedged: URIRef
    inDocument: URIRef
    inSentence: URIRef
    inputHash: URIRef
    interval: URIRef
    key: URIRef
    latitude: URIRef
    locatedIn: URIRef
    longitude: URIRef
    mentions: URIRef
    mergeEvidence: URIRef
    mergeReason: URIRef
    merged: URIRef
    mergedInto: URIRef
    metadata: URIRef
    nerLabel: URIRef
    outcome: URIRef
    outlet: URIRef
    place: URIRef
    placeKind: URIRef
    ploverCategory: URIRef
    published: URIRef
    qualifier: URIRef
    reason: URIRef
    refersTo: URIRef
    reporter: URIRef
    resolutionHash: URIRef
    role: URIRef
    rule: URIRef
    sentenceIndex: URIRef
    source: URIRef
    sourceKind: URIRef
    speaker: URIRef
    stance: URIRef
    startDate: URIRef
    target: URIRef
    text: URIRef
    tieKind: URIRef
    timeExpression: URIRef
    title: URIRef
    toActor: URIRef
    trigger: URIRef
    url: URIRef
    victims: URIRef
    weight: URIRef


# Event-type concepts have hyphenated names, so they are looked up by string, not attribute.
NGT = Namespace("https://w3id.org/newsgraph/event-type/")

# Our SPARQL extension functions (named-query parameters); not RDF data terms.
NGF = Namespace("https://w3id.org/newsgraph/function#")

# The one prefix table: every query may use these without declaring them, and the RDF graphs
# we write bind them, so a prefixed name means the same in a query and in the data it reads.
PREFIXES = {
    "ng": str(NG),
    "ngf": str(NGF),
    "ngt": str(NGT),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
}

"""The one place where extracted records become RDF triples.

IRIs are stable: a document's IRI is derived from the SHA-256 of its text, an entity's from
its class and folded name, and everything inside a document (sentences, mentions) from the
document IRI and character offsets. Building the same article twice yields the same graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import GEO, OWL, PROV, SKOS

from .gazetteer import fold
from .identity import Decision, Resolved, is_institution
from .ingest import Article
from .records import (
    Attribution,
    CasualtyClaim,
    DocumentRecords,
    Entity,
    EntityType,
    Event,
    Mention,
    PlaceInfo,
    Sentence,
    Statement,
    TextSpan,
)
from .vocab import NG, NGT

DEFAULT_BASE_IRI = "https://w3id.org/newsgraph/id/"
BASE_IRI_ENV = "NEWSGRAPH_BASE_IRI"

PREFIXES = {"ng": str(NG), "ngt": str(NGT), "skos": str(SKOS), "xsd": str(XSD)}

_ENTITY_CLASS = {
    EntityType.PERSON: NG.Person,
    EntityType.ORGANIZATION: NG.Organization,
    EntityType.GROUP: NG.Group,
    EntityType.PLACE: NG.Place,
}


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_hash(article: Article, extractor: str) -> str:
    """Everything a build reads of an article, and what builds it: equal hashes, equal graphs."""
    fields = [
        article.text,
        article.source,
        article.key,
        article.title,
        article.published and article.published.isoformat(),
        article.outlet,
        article.url,
        article.metadata,
        extractor,
    ]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def slug(name: str) -> str:
    """A readable, IRI-safe form of a name; a hash where no readable form is left."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "-".join(words) if words else hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class IriMinter:
    """Mints every data IRI under one base (default from NEWSGRAPH_BASE_IRI, else ours)."""

    base: str = field(default_factory=lambda: os.environ.get(BASE_IRI_ENV) or DEFAULT_BASE_IRI)

    def document(self, article: Article) -> URIRef:
        return URIRef(f"{self.base}doc/{content_hash(article.text)[:32]}")

    def sentence(self, doc: URIRef, sentence: Sentence) -> URIRef:
        return URIRef(f"{doc}/sentence/{sentence.index}")

    def span(self, doc: URIRef, start: int, end: int) -> URIRef:
        return URIRef(f"{doc}/span/{start}-{end}")

    def entity(self, type_: EntityType, label: str) -> URIRef:
        return URIRef(f"{self.base}{type_.value.lower()}/{slug(label)}")

    def anonymous(self, doc: URIRef, type_: EntityType, label: str) -> URIRef:
        """An unnamed source ("a resident of Homs") is someone only within its document."""
        return URIRef(f"{doc}/{type_.value.lower()}/{slug(label)}")

    def statement(self, doc: URIRef, statement: Statement) -> URIRef:
        # Two cues may report the same words ("Reuters reported ..., with officials reporting ...").
        # Coordinated speakers ("Reuters and NBC reported ...") say the same words through one cue.
        cue = statement.cue_span.start if statement.cue_span is not None else "quote"
        return URIRef(f"{doc}/statement/{statement.content.start}-{statement.content.end}/{cue}/{statement.speaker}")

    def attribution(self, doc: URIRef, item: Attribution) -> URIRef:
        return URIRef(f"{doc}/{item.kind}/{item.evidence.start}-{item.evidence.end}/{item.agent}-{item.target}")

    def event(self, doc: URIRef, event: Event) -> URIRef:
        first = event.triggers[0]
        return URIRef(f"{doc}/event/{event.type}/{first.start}-{first.end}")

    def claim(self, doc: URIRef, claim: CasualtyClaim) -> URIRef:
        # One sentence may give several figures for the same outcome and place ("two each from
        # the Coast Guard and the National Police"): the victims tell them apart.
        # A figure may come twice with two qualifiers ("at least one killed, one confirmed").
        victims = slug(claim.victims) if claim.victims else "all"
        what = f"{claim.count}-{claim.qualifier}-{claim.outcome}-{claim.place}-{victims}"
        return URIRef(f"{doc}/claim/{claim.evidence.start}-{claim.evidence.end}/{what}")

    def text_span(self, doc: URIRef, kind: str, span: TextSpan) -> URIRef:
        return URIRef(f"{doc}/{kind}/{span.start}-{span.end}")

    def outlet(self, name: str) -> URIRef:
        return self.entity(EntityType.ORGANIZATION, name)

    def identity_graph(self) -> URIRef:
        """The store's resolution across documents, rebuilt from the document graphs."""
        return URIRef(f"{self.base}graph/identity")

    def revisions_graph(self) -> URIRef:
        """Which version of an updated article revised which (`prov:wasRevisionOf`)."""
        return URIRef(f"{self.base}graph/revisions")

    def decisions_graph(self) -> URIRef:
        """The analyst's merges, splits and renames: never rebuilt, only added to."""
        return URIRef(f"{self.base}graph/decisions")

    def merge(self, resolved: str, member: str) -> URIRef:
        digest = hashlib.sha256(f"{resolved}\n{member}".encode()).hexdigest()[:16]
        return URIRef(f"{self.base}merge/{digest}")

    def decision(self, index: int) -> URIRef:
        return URIRef(f"{self.base}decision/{index}")


def document_graph(records: DocumentRecords, minter: IriMinter, extractor: str) -> Graph:
    """All triples of one document, as they go into its named graph."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    article = records.article
    doc = minter.document(article)
    _add_article(graph, doc, article, minter, extractor)
    sentence_iris = {}
    for sentence in records.sentences:
        iri = minter.sentence(doc, sentence)
        sentence_iris[sentence.index] = iri
        _add_span(graph, iri, doc, sentence.start, sentence.end, sentence.text, NG.Sentence)
        graph.add((iri, NG.sentenceIndex, Literal(sentence.index)))
    entity_iris = [_entity_iri(doc, entity, minter) for entity in records.entities]
    # An affiliation names an actor and a containing place a place: a place and an organization
    # may share a name ("Mexico" the country and the national team), so each is looked up by type.
    by_type_label = {
        (entity.type is EntityType.PLACE, entity.label): iri
        for entity, iri in zip(records.entities, entity_iris, strict=True)
    }
    for entity, iri in zip(records.entities, entity_iris, strict=True):
        _add_entity(graph, doc, iri, entity, minter, sentence_iris, by_type_label)
    statement_iris = [minter.statement(doc, s) for s in records.statements]
    for item in records.attribution:
        _add_attribution(graph, doc, item, entity_iris, statement_iris, minter, sentence_iris)
    for event in records.events:
        _add_event(graph, doc, event, entity_iris, minter, sentence_iris)
    for claim in records.claims:
        _add_claim(graph, doc, claim, entity_iris, statement_iris, minter, sentence_iris)
    mentioned = {(m.start, m.end) for entity in records.entities for m in entity.mentions}
    for statement in records.statements:
        _add_statement(graph, doc, statement, records, entity_iris, minter, sentence_iris)
        words = statement.speaker_words
        if words is not None and (words.start, words.end) not in mentioned:
            # The speaker's words ("she", "the observatory") are a mention of the speaker: the
            # resolver's coreference link, kept where an analyst can click it.
            mentioned.add((words.start, words.end))
            sentence = next(x.index for x in records.sentences if x.start <= words.start < x.end)
            mention = Mention(words.start, words.end, words.text, sentence, ner_label="")
            _add_mention(graph, doc, entity_iris[statement.speaker], mention, minter, sentence_iris)
    return graph


def identity_graph(resolved: list[Resolved], resolution_hash: str, minter: IriMinter) -> Graph:
    """The identity graph: every document node's canonical node (entities and events), each
    canonical node's class and labels, and a record of every merge with its reason."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.add((minter.identity_graph(), NG.resolutionHash, Literal(resolution_hash)))
    for entity in resolved:
        iri = URIRef(entity.iri)
        for member in entity.members:
            graph.add((URIRef(member), NG.canonical, iri))
        if entity.type is not None:
            # An event has its class in the documents: a resolved event is only their meeting point.
            graph.add((iri, RDF.type, _ENTITY_CLASS[entity.type]))
            graph.add((iri, RDFS.label, Literal(entity.label)))
        graph.add((iri, SKOS.prefLabel, Literal(entity.label)))
        for alias in entity.alt_labels:
            graph.add((iri, SKOS.altLabel, Literal(alias)))
        for other in entity.same_as:
            graph.add((iri, OWL.sameAs, URIRef(other)))
        for link in entity.links:
            merge = minter.merge(entity.iri, link.member)
            graph.add((merge, RDF.type, NG.Merge))
            graph.add((merge, NG.mergedInto, iri))
            graph.add((merge, NG.merged, URIRef(link.member)))
            graph.add((merge, NG.mergeReason, Literal(link.reason)))
            if link.evidence:
                graph.add((merge, NG.mergeEvidence, Literal(link.evidence)))
    return graph


def decision_triples(decision: Decision, index: int, minter: IriMinter) -> Graph:
    """One analyst decision, as it is added to the decisions graph."""
    graph = Graph()
    iri = minter.decision(index)
    graph.add((iri, RDF.type, NG.Decision))
    graph.add((iri, NG.decision, Literal(decision.action.value)))
    graph.add((iri, NG.decisionIndex, Literal(index)))
    for subject in decision.subjects:
        graph.add((iri, NG.decisionSubject, URIRef(subject)))
    if decision.value:
        graph.add((iri, NG.decisionValue, Literal(decision.value)))
    if decision.made:
        graph.add((iri, PROV.endedAtTime, Literal(decision.made, datatype=XSD.dateTime)))
    return graph


def _entity_iri(doc: URIRef, entity: Entity, minter: IriMinter) -> URIRef:
    # An office every country has ("Ministry of Defence") is the office of this document's
    # country: it starts within its document, and resolution joins the same country's.
    if entity.anonymous or (entity.type is not EntityType.PLACE and is_institution(entity.label)):
        return minter.anonymous(doc, entity.type, entity.label)
    if entity.place is not None and entity.place.geonames_id:
        # Two places may share a name ("Hama", Syria and Japan): the gazetteer entry tells them apart.
        return URIRef(f"{minter.entity(entity.type, entity.label)}-{entity.place.geonames_id}")
    return minter.entity(entity.type, entity.label)


def _add_article(graph: Graph, doc: URIRef, article: Article, minter: IriMinter, extractor: str) -> None:
    graph.add((doc, RDF.type, NG.NewsArticle))
    graph.add((doc, NG.text, Literal(article.text)))
    graph.add((doc, NG.source, Literal(article.source)))
    graph.add((doc, NG.key, Literal(article.key)))
    graph.add((doc, NG.contentHash, Literal(content_hash(article.text))))
    graph.add((doc, NG.inputHash, Literal(input_hash(article, extractor))))
    graph.add((doc, NG.extractor, Literal(extractor)))
    if article.title:
        graph.add((doc, NG.title, Literal(article.title)))
    if article.published:
        graph.add((doc, NG.published, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.url:
        graph.add((doc, NG.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.outlet:
        outlet = minter.outlet(article.outlet)
        graph.add((doc, NG.outlet, outlet))
        graph.add((outlet, RDF.type, NG.Organization))
        graph.add((outlet, RDFS.label, Literal(article.outlet)))
    if article.metadata:
        graph.add((doc, NG.metadata, Literal(json.dumps(article.metadata, sort_keys=True, ensure_ascii=False))))


def _add_span(graph: Graph, iri: URIRef, doc: URIRef, start: int, end: int, text: str, cls: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, NG.inDocument, doc))
    graph.add((iri, NG.beginIndex, Literal(start)))
    graph.add((iri, NG.endIndex, Literal(end)))
    graph.add((iri, NG.anchorOf, Literal(text)))


def _add_entity(
    graph: Graph,
    doc: URIRef,
    iri: URIRef,
    entity: Entity,
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
    by_type_label: dict[tuple[bool, str], URIRef],
) -> None:
    graph.add((iri, RDF.type, _ENTITY_CLASS[entity.type]))
    graph.add((iri, RDFS.label, Literal(entity.label)))
    for alias in entity.aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    for role in entity.roles:
        graph.add((iri, NG.role, Literal(role)))
    if (False, entity.affiliation) in by_type_label:
        graph.add((iri, NG.affiliation, by_type_label[False, entity.affiliation]))
    if entity.anonymous:
        graph.add((iri, NG.anonymous, Literal(True)))
        graph.add((iri, NG.description, Literal(entity.label)))
    if entity.place is not None:
        _add_place(graph, iri, entity.place, minter)
        if (True, entity.place.within) in by_type_label:
            graph.add((iri, NG.locatedIn, by_type_label[True, entity.place.within]))
    for mention in entity.mentions:
        _add_mention(graph, doc, iri, mention, minter, sentence_iris)


def _add_place(graph: Graph, iri: URIRef, place: PlaceInfo, minter: IriMinter) -> None:
    if place.kind:
        graph.add((iri, NG.placeKind, Literal(place.kind)))
    if place.geonames_id:
        graph.add((iri, NG.geonamesId, Literal(place.geonames_id)))
    if place.latitude is not None and place.longitude is not None:
        graph.add((iri, NG.latitude, Literal(Decimal(str(place.latitude)))))
        graph.add((iri, NG.longitude, Literal(Decimal(str(place.longitude)))))
        geometry = URIRef(f"{iri}/geometry")
        graph.add((iri, GEO.hasGeometry, geometry))
        graph.add((geometry, RDF.type, GEO.Geometry))
        graph.add((geometry, GEO.asWKT, Literal(f"POINT({place.longitude} {place.latitude})", datatype=GEO.wktLiteral)))
    if place.country:
        # The same IRI the country gets where the text names it: class, name and GeoNames id.
        country = minter.entity(EntityType.PLACE, place.country)
        if place.country_geonames_id:
            country = URIRef(f"{country}-{place.country_geonames_id}")
        graph.add((iri, NG.country, country))
        graph.add((country, RDF.type, NG.Place))
        graph.add((country, RDFS.label, Literal(place.country)))
        graph.add((country, NG.placeKind, Literal("country")))
        # Administrative areas, smallest first, each inside the next and all in the country; named
        # within the country, since area names repeat across countries ("Northern Province").
        inner = iri
        levels = ("admin2", "admin1")[2 - len(place.areas) :]
        for level, area in zip(levels, place.areas, strict=True):
            area_iri = URIRef(f"{country}/{level}/{slug(area)}")
            graph.add((inner, NG.locatedIn, area_iri))
            graph.add((area_iri, RDF.type, NG.Place))
            graph.add((area_iri, RDFS.label, Literal(area)))
            graph.add((area_iri, NG.placeKind, Literal(level)))
            graph.add((area_iri, NG.country, country))
            inner = area_iri


def _add_statement(
    graph: Graph,
    doc: URIRef,
    statement: Statement,
    records: DocumentRecords,
    entity_iris: list[URIRef],
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
) -> None:
    iri = minter.statement(doc, statement)
    content = minter.text_span(doc, "content", statement.content)
    graph.add((iri, RDF.type, NG.Statement))
    graph.add((iri, NG.inDocument, doc))
    graph.add((iri, NG.evidence, sentence_iris[statement.sentence]))
    graph.add((iri, NG.speaker, entity_iris[statement.speaker]))
    graph.add((iri, NG.cue, Literal(statement.cue)))
    graph.add((iri, NG.content, Literal(statement.content.text)))
    graph.add((iri, NG.contentSpan, content))
    graph.add((iri, NG.direct, Literal(statement.direct)))
    graph.add((iri, NG.stance, Literal(statement.stance)))
    graph.add((iri, NG.rule, Literal(statement.rule)))
    graph.add((iri, NG.confidence, Literal(Decimal(str(statement.confidence)))))
    _add_span(graph, content, doc, statement.content.start, statement.content.end, statement.content.text, NG.TextSpan)
    if statement.cue_span is not None:
        cue = minter.text_span(doc, "cue", statement.cue_span)
        span = statement.cue_span
        _add_span(graph, cue, doc, span.start, span.end, span.text, NG.TextSpan)
        graph.add((iri, NG.cueSpan, cue))
        graph.add((iri, NG.cueText, Literal(statement.cue_span.text)))
    if statement.reporter is not None:
        graph.add((iri, NG.reporter, entity_iris[statement.reporter]))
    for entity, entity_iri in zip(records.entities, entity_iris, strict=True):
        if entity_iri != entity_iris[statement.speaker] and any(
            statement.content.start <= m.start and m.end <= statement.content.end for m in entity.mentions
        ):
            graph.add((iri, NG.mentions, entity_iri))


# kind → (class, agent property, target property, text property)
_ATTRIBUTION = {
    "blame": (NG.Blame, NG.blamer, NG.blamed, NG.reason),
    "denial": (NG.Denial, NG.denier, None, NG.reason),
    "condemnation": (NG.Condemnation, NG.condemner, NG.condemned, NG.reason),
    "call": (NG.CallToAction, NG.caller, NG.addressee, NG.action),
}


def _add_attribution(
    graph: Graph,
    doc: URIRef,
    item: Attribution,
    entity_iris: list[URIRef],
    statement_iris: list[URIRef],
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
) -> None:
    cls, agent, target, text = _ATTRIBUTION[item.kind]
    iri = minter.attribution(doc, item)
    graph.add((iri, RDF.type, cls))
    graph.add((iri, NG.inDocument, doc))
    graph.add((iri, NG.evidence, sentence_iris[item.sentence]))
    graph.add((iri, agent, entity_iris[item.agent]))
    if target is not None and item.target is not None:
        graph.add((iri, target, entity_iris[item.target]))
    if item.implied is not None:
        graph.add((iri, NG.blamedImplied, entity_iris[item.implied]))
    if item.text:
        graph.add((iri, text, Literal(item.text)))
    graph.add((iri, NG.hedged, Literal(item.hedged)))
    statement = statement_iris[item.statement] if item.statement is not None else None
    _add_provenance(graph, doc, iri, minter, item.evidence, statement, item.narrator, item.rule, item.confidence)


def _add_event(
    graph: Graph,
    doc: URIRef,
    event: Event,
    entity_iris: list[URIRef],
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
) -> None:
    iri = minter.event(doc, event)
    graph.add((iri, RDF.type, NG.Event))
    graph.add((iri, NG.inDocument, doc))
    graph.add((iri, NG.eventType, NGT[event.type]))
    graph.add((iri, RDFS.label, Literal(event.triggers[0].text)))
    for sentence in event.sentences:
        graph.add((iri, NG.evidence, sentence_iris[sentence]))
    for trigger in event.triggers:
        span = minter.text_span(doc, "trigger", trigger)
        _add_span(graph, span, doc, trigger.start, trigger.end, trigger.text, NG.TextSpan)
        graph.add((iri, NG.trigger, span))
    for agent in event.agents:
        graph.add((iri, NG.agent, entity_iris[agent]))
    for target in event.targets:
        graph.add((iri, NG.target, entity_iris[target]))
    for place in event.places:
        graph.add((iri, NG.place, entity_iris[place]))
    _add_time(graph, iri, event.time_text, event.start, event.end)
    graph.add((iri, NG.rule, Literal("event/trigger")))


def _add_claim(
    graph: Graph,
    doc: URIRef,
    claim: CasualtyClaim,
    entity_iris: list[URIRef],
    statement_iris: list[URIRef],
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
) -> None:
    iri = minter.claim(doc, claim)
    graph.add((iri, RDF.type, NG.CasualtyClaim))
    graph.add((iri, NG.inDocument, doc))
    graph.add((iri, NG.evidence, sentence_iris[claim.sentence]))
    graph.add((iri, NG.claimedBy, entity_iris[claim.source]))
    if claim.count is not None:
        graph.add((iri, NG["count"], Literal(claim.count)))
    graph.add((iri, NG.qualifier, Literal(claim.qualifier)))
    graph.add((iri, NG.outcome, Literal(claim.outcome)))
    if claim.victims:
        graph.add((iri, NG.victims, Literal(claim.victims)))
    if claim.place is not None:
        graph.add((iri, NG.place, entity_iris[claim.place]))
    _add_time(graph, iri, claim.time_text, claim.start, claim.end)
    statement = statement_iris[claim.statement] if claim.statement is not None else None
    _add_provenance(graph, doc, iri, minter, claim.evidence, statement, claim.narrator, claim.rule, claim.confidence)


def _add_provenance(
    graph: Graph,
    doc: URIRef,
    iri: URIRef,
    minter: IriMinter,
    evidence: TextSpan,
    statement: URIRef | None,
    narrator: bool,
    rule: str,
    confidence: float,
) -> None:
    """What every attribution and claim carries: the words behind it, where they stand, the
    statement they were said in, whose voice, and which rule found it how surely."""
    span = minter.text_span(doc, "evidence", evidence)
    _add_span(graph, span, doc, evidence.start, evidence.end, evidence.text, NG.TextSpan)
    graph.add((iri, NG.evidenceSpan, span))
    graph.add((iri, NG.evidenceText, Literal(evidence.text)))
    if statement is not None:
        graph.add((iri, NG.evidenceStatement, statement))
    graph.add((iri, NG.byNarrator, Literal(narrator)))
    graph.add((iri, NG.rule, Literal(rule)))
    graph.add((iri, NG.confidence, Literal(Decimal(str(confidence)))))


def _add_time(graph: Graph, iri: URIRef, text: str | None, start: date | None, end: date | None) -> None:
    if text:
        graph.add((iri, NG.timeExpression, Literal(text)))
    if start is not None:
        graph.add((iri, NG.startDate, Literal(start.isoformat(), datatype=XSD.date)))
    if end is not None:
        graph.add((iri, NG.endDate, Literal(end.isoformat(), datatype=XSD.date)))


def _add_mention(
    graph: Graph,
    doc: URIRef,
    entity: URIRef,
    mention: Mention,
    minter: IriMinter,
    sentence_iris: dict[int, URIRef],
) -> None:
    iri = minter.span(doc, mention.start, mention.end)
    _add_span(graph, iri, doc, mention.start, mention.end, mention.text, NG.Mention)
    graph.add((iri, NG.refersTo, entity))
    graph.add((iri, NG.inSentence, sentence_iris[mention.sentence]))
    if mention.ner_label:
        graph.add((iri, NG.nerLabel, Literal(mention.ner_label)))

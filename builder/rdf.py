"""The one place where extracted records become RDF triples.

Every IRI comes from the minter (`builder.iris`), so building the same article twice yields
the same graph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import GEO, OWL, PROV, SKOS
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from .identity import Decision, Resolved, is_institution
from .ingest import Article
from .iris import IriMinter, content_hash
from .records import (
    Attribution,
    AttributionKind,
    CasualtyClaim,
    DocumentRecords,
    Entity,
    EntityType,
    Event,
    Mention,
    PlaceInfo,
    PlaceKind,
    Rule,
    Sentence,
    Statement,
    TextSpan,
)
from .vocab import NG, NGT, PREFIXES

_ENTITY_CLASS = {
    EntityType.PERSON: NG.Person,
    EntityType.ORGANIZATION: NG.Organization,
    EntityType.GROUP: NG.Group,
    EntityType.PLACE: NG.Place,
}


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


def document_graph(records: DocumentRecords, minter: IriMinter, extractor: str) -> Graph:
    """All triples of one document, as they go into its named graph."""
    return _DocumentWriter(records, minter).write(extractor)


Triple = tuple[Node, Node, Node]


def triples_graph(triples: Iterable[Triple]) -> Graph:
    """A document's graph made from its triples in one go (see `_TripleStore`), with the prefixes
    every document graph binds."""
    graph = Graph(store=_TripleStore(dict.fromkeys(triples)))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


class _TripleStore(SimpleMemory):
    """The rdflib store of a document's graph: its triples in one insertion-ordered dict, and
    indexes by subject, predicate and object made only when a look-up first needs them.
    rdflib's own stores index every triple three ways as it is added and announce each
    addition to listeners (a build has none): for a graph that is made in one go and then
    mostly read whole (validation, the store write, pickling), that was most of its cost.
    Prefixes are SimpleMemory's; its triple indexes stay empty."""

    def __init__(self, triples: dict[Triple, None]) -> None:
        super().__init__()
        self._triples = triples
        self._index: tuple[dict[Node, dict[Triple, None]], ...] | None = None

    def _indexes(self) -> tuple[dict[Node, dict[Triple, None]], ...]:
        if self._index is None:
            self._index = ({}, {}, {})
            for triple in self._triples:
                self._indexed(triple)
        return self._index

    def _indexed(self, triple: Triple) -> None:
        for index, term in zip(self._index, triple, strict=True):
            index.setdefault(term, {})[triple] = None

    def add(self, triple: Triple, context: object, quoted: bool = False) -> None:
        if triple not in self._triples:
            self._triples[triple] = None
            if self._index is not None:
                self._indexed(triple)

    def addN(self, quads: Iterable[tuple[Node, Node, Node, object]]) -> None:
        for s, p, o, _ in quads:
            self.add((s, p, o), None)

    def remove(self, pattern: tuple[Node | None, ...], context: object = None) -> None:
        for triple, _ in list(self.triples(pattern)):
            del self._triples[triple]
            if self._index is not None:
                for index, term in zip(self._index, triple, strict=True):
                    del index[term][triple]

    def triples(self, pattern: tuple[Node | None, ...], context: object = None) -> Iterator[tuple[Triple, tuple]]:
        # Each result comes with the contexts it is in: none, as in SimpleMemory. The triples are
        # read from a copy, as rdflib's stores allow a caller to change the graph while it reads.
        bound = [(i, term) for i, term in enumerate(pattern) if term is not None]
        if not bound:
            for triple in list(self._triples):
                yield triple, ()
            return
        indexes = self._indexes()
        for triple in list(min((indexes[i].get(term, {}) for i, term in bound), key=len)):
            if all(triple[i] == term for i, term in bound):
                yield triple, ()

    def __len__(self, context: object = None) -> int:
        return len(self._triples)

    def contexts(self, triple: Triple | None = None) -> Iterator[Graph]:
        return iter(())


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
            merge = minter.merge(entity.iri, link.member, link.reason, link.evidence)
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


# kind → (class, agent property, target property, text property)
_ATTRIBUTION = {
    AttributionKind.BLAME: (NG.Blame, NG.blamer, NG.blamed, NG.reason),
    AttributionKind.DENIAL: (NG.Denial, NG.denier, None, NG.reason),
    AttributionKind.CONDEMNATION: (NG.Condemnation, NG.condemner, NG.condemned, NG.reason),
    AttributionKind.CALL: (NG.CallToAction, NG.caller, NG.addressee, NG.action),
}


class _DocumentWriter:
    """One document's records as triples. It holds what every record's triples point at (the
    graph, the document's IRI, the IRIs of its sentences, entities and statements, by the index
    the records use), so that each method maps one record and decides nothing about it."""

    def __init__(self, records: DocumentRecords, minter: IriMinter) -> None:
        self.records = records
        self.minter = minter
        self.triples: dict[Triple, None] = {}
        self.doc = minter.document(records.article)
        self.sentences = {s.index: minter.sentence(self.doc, s) for s in records.sentences}
        self.entities = [self._entity_iri(entity) for entity in records.entities]
        self.statements = [minter.statement(self.doc, s) for s in records.statements]
        # An affiliation names an actor and a containing place a place: a place and an organization
        # may share a name ("Mexico" the country and the national team), so each is looked up by type.
        self._by_type_label = {
            (entity.type is EntityType.PLACE, entity.label): iri
            for entity, iri in zip(records.entities, self.entities, strict=True)
        }

    def write(self, extractor: str) -> Graph:
        records = self.records
        self.article(extractor)
        for sentence in records.sentences:
            self.sentence(sentence)
        for entity, iri in zip(records.entities, self.entities, strict=True):
            self.entity(iri, entity)
        for item in records.attribution:
            self.attribution(item)
        for event in records.events:
            self.event(event)
        for claim in records.claims:
            self.claim(claim)
        mentioned = {(m.start, m.end) for entity in records.entities for m in entity.mentions}
        for statement in records.statements:
            self.statement(statement)
            words = statement.speaker_words
            if words is not None and (words.start, words.end) not in mentioned:
                # The speaker's words ("she", "the observatory") are a mention of the speaker: the
                # resolver's coreference link, kept where an analyst can click it.
                mentioned.add((words.start, words.end))
                sentence = next(x.index for x in records.sentences if x.start <= words.start < x.end)
                mention = Mention(words.start, words.end, words.text, sentence, ner_label="")
                self.mention(self.entities[statement.speaker], mention)
        return triples_graph(self.triples)

    def _entity_iri(self, entity: Entity) -> URIRef:
        # An office every country has ("Ministry of Defence") is the office of this document's
        # country: it starts within its document, and resolution joins the same country's.
        if entity.anonymous or (entity.type is not EntityType.PLACE and is_institution(entity.label)):
            return self.minter.anonymous(self.doc, entity.type, entity.label)
        if entity.place is not None and entity.place.geonames_id:
            return self.minter.place(entity.label, entity.place.geonames_id, entity.type)
        return self.minter.entity(entity.type, entity.label)

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
        self.triples[subject, predicate, value] = None

    def article(self, extractor: str) -> None:
        doc, article = self.doc, self.records.article
        self.add(doc, RDF.type, NG.NewsArticle)
        self.add(doc, NG.text, Literal(article.text))
        self.add(doc, NG.source, Literal(article.source))
        self.add(doc, NG.key, Literal(article.key))
        self.add(doc, NG.contentHash, Literal(content_hash(article.text)))
        self.add(doc, NG.inputHash, Literal(input_hash(article, extractor)))
        self.add(doc, NG.extractor, Literal(extractor))
        if article.title:
            self.add(doc, NG.title, Literal(article.title))
        if article.published:
            self.add(doc, NG.published, Literal(article.published.isoformat(), datatype=XSD.date))
        if article.url:
            self.add(doc, NG.url, Literal(article.url, datatype=XSD.anyURI))
        if article.outlet:
            outlet = self.minter.outlet(article.outlet)
            self.add(doc, NG.outlet, outlet)
            self.add(outlet, RDF.type, NG.Organization)
            self.add(outlet, RDFS.label, Literal(article.outlet))
        if article.metadata:
            self.add(doc, NG.metadata, Literal(json.dumps(article.metadata, sort_keys=True, ensure_ascii=False)))

    def span(self, iri: URIRef, span: TextSpan | Sentence | Mention, cls: URIRef) -> None:
        """Words of the text: where they stand, and what they say."""
        self.add(iri, RDF.type, cls)
        self.add(iri, NG.inDocument, self.doc)
        self.add(iri, NG.beginIndex, Literal(span.start))
        self.add(iri, NG.endIndex, Literal(span.end))
        self.add(iri, NG.anchorOf, Literal(span.text))

    def text_span(self, kind: str, span: TextSpan) -> URIRef:
        iri = self.minter.text_span(self.doc, kind, span)
        self.span(iri, span, NG.TextSpan)
        return iri

    def sentence(self, sentence: Sentence) -> None:
        iri = self.sentences[sentence.index]
        self.span(iri, sentence, NG.Sentence)
        self.add(iri, NG.sentenceIndex, Literal(sentence.index))

    def entity(self, iri: URIRef, entity: Entity) -> None:
        self.add(iri, RDF.type, _ENTITY_CLASS[entity.type])
        self.add(iri, RDFS.label, Literal(entity.label))
        for alias in entity.aliases:
            self.add(iri, SKOS.altLabel, Literal(alias))
        for role in entity.roles:
            self.add(iri, NG.role, Literal(role))
        if (False, entity.affiliation) in self._by_type_label:
            self.add(iri, NG.affiliation, self._by_type_label[False, entity.affiliation])
        if entity.anonymous:
            self.add(iri, NG.anonymous, Literal(True))
            self.add(iri, NG.description, Literal(entity.label))
        if entity.place is not None:
            self.place(iri, entity.place)
            if (True, entity.place.within) in self._by_type_label:
                self.add(iri, NG.locatedIn, self._by_type_label[True, entity.place.within])
        for mention in entity.mentions:
            self.mention(iri, mention)

    def place(self, iri: URIRef, place: PlaceInfo) -> None:
        if place.kind:
            self.add(iri, NG.placeKind, Literal(place.kind))
        if place.geonames_id:
            self.add(iri, NG.geonamesId, Literal(place.geonames_id))
        if place.latitude is not None and place.longitude is not None:
            self.add(iri, NG.latitude, Literal(Decimal(str(place.latitude))))
            self.add(iri, NG.longitude, Literal(Decimal(str(place.longitude))))
            geometry = self.minter.geometry(iri)
            self.add(iri, GEO.hasGeometry, geometry)
            self.add(geometry, RDF.type, GEO.Geometry)
            point = f"POINT({place.longitude} {place.latitude})"
            self.add(geometry, GEO.asWKT, Literal(point, datatype=GEO.wktLiteral))
        if place.country:
            self.country(iri, place)

    def country(self, iri: URIRef, place: PlaceInfo) -> None:
        """The place's country, with the same IRI the country gets where the text names it
        (class, name and GeoNames id), and its administrative areas, smallest first, each inside
        the next and all in the country; named within the country, since area names repeat
        across countries ("Northern Province")."""
        country = self.minter.place(place.country, place.country_geonames_id)
        self.add(iri, NG.country, country)
        self.add(country, RDF.type, NG.Place)
        self.add(country, RDFS.label, Literal(place.country))
        self.add(country, NG.placeKind, Literal(PlaceKind.COUNTRY))
        inner = iri
        levels = ("admin2", "admin1")[2 - len(place.areas) :]
        for level, area in zip(levels, place.areas, strict=True):
            area_iri = self.minter.area(country, level, area)
            self.add(inner, NG.locatedIn, area_iri)
            self.add(area_iri, RDF.type, NG.Place)
            self.add(area_iri, RDFS.label, Literal(area))
            self.add(area_iri, NG.placeKind, Literal(level))
            self.add(area_iri, NG.country, country)
            inner = area_iri

    def mention(self, entity: URIRef, mention: Mention) -> None:
        iri = self.minter.span(self.doc, mention.start, mention.end)
        self.span(iri, mention, NG.Mention)
        self.add(iri, NG.refersTo, entity)
        self.add(iri, NG.inSentence, self.sentences[mention.sentence])
        if mention.ner_label:
            self.add(iri, NG.nerLabel, Literal(mention.ner_label))

    def statement(self, statement: Statement) -> None:
        iri = self.minter.statement(self.doc, statement)
        speaker = self.entities[statement.speaker]
        self.add(iri, RDF.type, NG.Statement)
        self.add(iri, NG.inDocument, self.doc)
        self.add(iri, NG.evidence, self.sentences[statement.sentence])
        self.add(iri, NG.speaker, speaker)
        self.add(iri, NG.cue, Literal(statement.cue))
        self.add(iri, NG.content, Literal(statement.content.text))
        self.add(iri, NG.contentSpan, self.text_span("content", statement.content))
        self.add(iri, NG.direct, Literal(statement.direct))
        self.add(iri, NG.stance, Literal(statement.stance))
        if statement.source_kind is not None:
            self.add(iri, NG.sourceKind, Literal(statement.source_kind))
        self.add(iri, NG.rule, Literal(statement.rule))
        self.add(iri, NG.confidence, Literal(Decimal(str(statement.confidence))))
        if statement.cue_span is not None:
            self.add(iri, NG.cueSpan, self.text_span("cue", statement.cue_span))
            self.add(iri, NG.cueText, Literal(statement.cue_span.text))
        if statement.reporter is not None:
            self.add(iri, NG.reporter, self.entities[statement.reporter])
        content = statement.content
        for entity, entity_iri in zip(self.records.entities, self.entities, strict=True):
            inside = any(content.start <= m.start and m.end <= content.end for m in entity.mentions)
            if entity_iri != speaker and inside:
                self.add(iri, NG.mentions, entity_iri)

    def attribution(self, item: Attribution) -> None:
        cls, agent, target, text = _ATTRIBUTION[item.kind]
        iri = self.minter.attribution(self.doc, item)
        self.add(iri, RDF.type, cls)
        self.add(iri, NG.inDocument, self.doc)
        self.add(iri, NG.evidence, self.sentences[item.sentence])
        self.add(iri, agent, self.entities[item.agent])
        if target is not None and item.target is not None:
            self.add(iri, target, self.entities[item.target])
        if item.implied is not None:
            self.add(iri, NG.blamedImplied, self.entities[item.implied])
        if item.text:
            self.add(iri, text, Literal(item.text))
        self.add(iri, NG.hedged, Literal(item.hedged))
        self.provenance(iri, item.evidence, item.statement, item.narrator, item.rule, item.confidence)

    def event(self, event: Event) -> None:
        iri = self.minter.event(self.doc, event)
        self.add(iri, RDF.type, NG.Event)
        self.add(iri, NG.inDocument, self.doc)
        self.add(iri, NG.eventType, NGT[event.type])
        self.add(iri, RDFS.label, Literal(event.triggers[0].text))
        for sentence in event.sentences:
            self.add(iri, NG.evidence, self.sentences[sentence])
        for trigger in event.triggers:
            self.add(iri, NG.trigger, self.text_span("trigger", trigger))
        for agent in event.agents:
            self.add(iri, NG.agent, self.entities[agent])
        for target in event.targets:
            self.add(iri, NG.target, self.entities[target])
        for place in event.places:
            self.add(iri, NG.place, self.entities[place])
        self.time(iri, event.time_text, event.start, event.end)
        self.add(iri, NG.rule, Literal(event.rule))

    def claim(self, claim: CasualtyClaim) -> None:
        iri = self.minter.claim(self.doc, claim)
        self.add(iri, RDF.type, NG.CasualtyClaim)
        self.add(iri, NG.inDocument, self.doc)
        self.add(iri, NG.evidence, self.sentences[claim.sentence])
        self.add(iri, NG.claimedBy, self.entities[claim.source])
        if claim.count is not None:
            self.add(iri, NG["count"], Literal(claim.count))
        self.add(iri, NG.qualifier, Literal(claim.qualifier))
        self.add(iri, NG.outcome, Literal(claim.outcome))
        if claim.victims:
            self.add(iri, NG.victims, Literal(claim.victims))
        if claim.place is not None:
            self.add(iri, NG.place, self.entities[claim.place])
        self.time(iri, claim.time_text, claim.start, claim.end)
        self.provenance(iri, claim.evidence, claim.statement, claim.narrator, claim.rule, claim.confidence)

    def provenance(
        self, iri: URIRef, evidence: TextSpan, statement: int | None, narrator: bool, rule: Rule, confidence: float
    ) -> None:
        """What every attribution and claim carries: the words behind it, where they stand, the
        statement they were said in, whose voice, and which rule found it how surely."""
        self.add(iri, NG.evidenceSpan, self.text_span("evidence", evidence))
        self.add(iri, NG.evidenceText, Literal(evidence.text))
        if statement is not None:
            self.add(iri, NG.evidenceStatement, self.statements[statement])
        self.add(iri, NG.byNarrator, Literal(narrator))
        self.add(iri, NG.rule, Literal(rule))
        self.add(iri, NG.confidence, Literal(Decimal(str(confidence))))

    def time(self, iri: URIRef, text: str | None, start: date | None, end: date | None) -> None:
        if text:
            self.add(iri, NG.timeExpression, Literal(text))
        if start is not None:
            self.add(iri, NG.startDate, Literal(start.isoformat(), datatype=XSD.date))
        if end is not None:
            self.add(iri, NG.endDate, Literal(end.isoformat(), datatype=XSD.date))

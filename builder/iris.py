"""Every IRI newsgraph mints, in one place.

IRIs are stable: a document's IRI is derived from the SHA-256 of its text, an entity's from
its class and folded name, and everything inside a document (sentences, mentions) from the
document IRI and character offsets; a node merged across documents from its members. Building
the same articles twice, in any order, yields the same IRIs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from .gazetteer import fold
from .ingest import Article
from .records import Attribution, CasualtyClaim, EntityType, Event, Sentence, Statement, TextSpan

DEFAULT_BASE_IRI = "https://w3id.org/newsgraph/id/"
BASE_IRI_ENV = "NEWSGRAPH_BASE_IRI"

# The part of a node's IRI that puts it inside one document.
_DOCUMENT_NODE = re.compile(r"/doc/[0-9a-f]+/")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    def place(self, label: str, geonames_id: str | None, type_: EntityType = EntityType.PLACE) -> URIRef:
        """Two places may share a name ("Hama", Syria and Japan): the gazetteer entry tells them apart."""
        iri = self.entity(type_, label)
        return URIRef(f"{iri}-{geonames_id}") if geonames_id else iri

    def area(self, country: URIRef, level: str, name: str) -> URIRef:
        """An administrative area, named within its country: area names repeat across countries."""
        return URIRef(f"{country}/{level}/{slug(name)}")

    def geometry(self, place: URIRef) -> URIRef:
        return URIRef(f"{place}/geometry")

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
        # Two sources may give one figure in one sentence ("12 killed, according to X and Y").
        victims = slug(claim.victims) if claim.victims else "all"
        what = f"{claim.count}-{claim.qualifier}-{claim.outcome}-{claim.place}-{victims}-{claim.source}"
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

    def merge(self, resolved: str, member: str, reason: str, evidence: str) -> URIRef:
        # A node may join twice, by two rules: each merge is its own record.
        digest = hashlib.sha256(f"{resolved}\n{member}\n{reason}\n{evidence}".encode()).hexdigest()[:16]
        return URIRef(f"{self.base}merge/{digest}")

    def decision(self, index: int) -> URIRef:
        return URIRef(f"{self.base}decision/{index}")

    def in_document(self, iri: str) -> bool:
        """Whether a node belongs to one document (an unnamed source), not to the whole store."""
        return _DOCUMENT_NODE.search(iri) is not None

    def merged_entity(self, members: Iterable[str]) -> URIRef:
        """An entity merged from document nodes only ("Assad loyalists" of three reports): an IRI
        outside any document, stable for the same members."""
        members = sorted(members)
        digest = hashlib.sha256("\n".join(members).encode("utf-8")).hexdigest()[:8]
        return URIRef(f"{_DOCUMENT_NODE.sub('/', members[0])}-{digest}")

    def merged_event(self, type_: str, members: Iterable[str]) -> URIRef:
        """One event several documents report: stable for the same mentions."""
        digest = hashlib.sha256("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:16]
        return URIRef(f"{self.base}event/{type_}/{digest}")

    def wikidata(self, item: str) -> URIRef:
        return URIRef(f"http://www.wikidata.org/entity/{item}")

    def geonames(self, feature: str) -> URIRef:
        return URIRef(f"https://sws.geonames.org/{feature}/")

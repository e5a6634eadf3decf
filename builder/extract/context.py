"""What every extractor of one document reads: made once per document, before any of them runs.

The floors of extraction, top to bottom: statements, attribution, located places, events,
claims (see `builder.build.extract`). Each reads the context and returns its records; the
walk keeps each floor's records here for the floors below. The entities grow as extractors
resolve speakers and actors, through the one resolver they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..ingest import Article
from ..nlp import body_sentences
from ..records import Attribution, Entity, EntityType, Event, Statement
from .actors import ActorResolver
from .entities import Dateline, extract_entities, find_datelines
from .places import describe_places
from .rules import Rules
from .timex import TimeExpression, sentence_times

# The lead: the sentences of the body that set the story's scene and time.
LEAD_SENTENCES = 3


@dataclass
class DocumentContext:
    doc: Doc
    article: Article
    rules: Rules
    # Every sentence, by index; the body leaves the headline out (it repeats a body sentence
    # without its source).
    sentences: list[Span]
    body: list[tuple[int, Span]]
    lead: frozenset[int]
    # Each sentence's time expressions, by sentence index.
    times: list[list[TimeExpression]]
    resolver: ActorResolver
    # Where the story was filed from: metadata, never what anyone said.
    datelines: list[Dateline]
    # The outlet speaks in the article's own voice: it is the narrator of unattributed facts.
    narrator: int | None
    statements: list[Statement] = field(default_factory=list)
    attribution: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @classmethod
    def read(cls, doc: Doc, article: Article, rules: Rules) -> DocumentContext:
        datelines = find_datelines(doc, rules.entities, rules.time)
        entities = describe_places(doc, extract_entities(doc, rules.entities, datelines), rules.places)
        resolver = ActorResolver(doc, entities, rules.speakers)
        narrator = resolver.named(EntityType.ORGANIZATION, article.outlet) if article.outlet else None
        body = body_sentences(doc, article.title)
        return cls(
            doc=doc,
            article=article,
            rules=rules,
            sentences=list(doc.sents),
            body=body,
            lead=frozenset(i for i, _ in body[:LEAD_SENTENCES]),
            times=sentence_times(doc, article.published, rules),
            resolver=resolver,
            datelines=datelines,
            narrator=narrator,
        )

    @property
    def entities(self) -> list[Entity]:
        return self.resolver.entities

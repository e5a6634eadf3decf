"""Plain records of what extraction found in one article, before any RDF is made.

Extractors are pure functions from a parsed Doc to these records; `builder.rdf` is the one
place that turns them into triples. Offsets are character offsets (Unicode code points,
end exclusive) into the article's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .ingest import Article


class EntityType(StrEnum):
    """The ontology's actor and place classes, by local name."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    GROUP = "Group"
    PLACE = "Place"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    sentence: int
    ner_label: str


@dataclass(frozen=True)
class PlaceInfo:
    """What is known of a place: its kind, and where the gazetteer puts it."""

    kind: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    country_geonames_id: str | None = None
    geonames_id: str | None = None
    within: str | None = None
    # Administrative areas the gazetteer puts it in: (second level, first level) or (first level,).
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One actor or place of an article, with every mention of it.

    An anonymous entity ("a resident of Homs") exists only within its document; named ones
    are shared across documents by class and name.
    """

    type: EntityType
    label: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliation: str | None = None
    anonymous: bool = False
    place: PlaceInfo | None = None


@dataclass(frozen=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Statement:
    """Something an actor said, pointing at its speaker by index into the document's entities."""

    speaker: int
    cue: str
    content: TextSpan
    direct: bool
    sentence: int
    stance: str
    rule: str
    confidence: float
    cue_span: TextSpan | None = None
    reporter: int | None = None
    speaker_words: TextSpan | None = None


@dataclass(frozen=True)
class Attribution:
    """Blame, a denial, a condemnation or a call to action; actors are entity indices.

    agent: the blamer, denier, condemner or caller; target: the blamed, condemned or called
    on; implied: a party the text implies ("in an apparent reference to Iran"); text: the
    act blamed, denied or condemned, or the action called for, in the article's words.
    """

    kind: str
    agent: int
    target: int | None
    text: str | None
    sentence: int
    evidence: TextSpan
    rule: str
    confidence: float
    implied: int | None = None
    statement: int | None = None
    hedged: bool = False
    narrator: bool = False
    # The word that says it ("urged", "condemned", "must") and its lemma: what makes the
    # relation a statement of its agent too.
    cue: TextSpan | None = None
    cue_lemma: str | None = None


@dataclass(frozen=True)
class Event:
    """Something that happened; repeated mentions in one article are one Event."""

    type: str
    triggers: tuple[TextSpan, ...]
    sentences: tuple[int, ...]
    agents: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    time_text: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class CasualtyClaim:
    """A figure of people harmed, as one source gave it."""

    source: int
    count: int | None
    qualifier: str
    outcome: str
    sentence: int
    evidence: TextSpan
    victims: str | None = None
    place: int | None = None
    time_text: str | None = None
    start: date | None = None
    end: date | None = None
    statement: int | None = None
    narrator: bool = False
    rule: str = "claim/number"
    confidence: float = 0.7


@dataclass
class DocumentRecords:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence]
    entities: list[Entity] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    attribution: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[CasualtyClaim] = field(default_factory=list)

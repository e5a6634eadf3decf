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


# Controlled values. Stance, Qualifier and CasualtyOutcome are the shapes' `sh:in` lists value
# for value (tests/test_vocabulary.py holds them equal), so extraction cannot write a value that
# SHACL would reject; the data files' values are read into them, so a bad one fails on loading.


class Stance(StrEnum):
    """How a statement's speaker holds its content (ng:stance)."""

    ASSERTION = "assertion"
    DENIAL = "denial"
    HEDGE = "hedge"
    # "thinks", "hopes", "expects": a state of mind reported, not words said.
    BELIEF = "belief"


class SourceKind(StrEnum):
    """What speaks, where it is no one (ng:sourceKind): "a poll found", "the report concluded",
    "leaked emails showed" are documents, which the analyst may keep apart from people's words."""

    DOCUMENT = "document"


class Qualifier(StrEnum):
    """How a casualty figure bounds the number it gives (ng:qualifier)."""

    EXACT = "exact"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    APPROXIMATELY = "approximately"
    # "dozens", "hundreds": no count at all.
    VAGUE = "vague"


class CasualtyOutcome(StrEnum):
    """What happened to the people a casualty figure counts (ng:outcome)."""

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    DISPLACED = "displaced"
    DETAINED = "detained"
    OTHER = "other"


class AttributionKind(StrEnum):
    """The kinds of Attribution, each an ontology class (see `builder.rdf`)."""

    BLAME = "blame"
    DENIAL = "denial"
    CONDEMNATION = "condemnation"
    CALL = "call"


class PlaceKind(StrEnum):
    """What kind of place a name is (PlaceInfo.kind): the text's word for it, or the gazetteer's."""

    COUNTRY = "country"
    PROVINCE = "province"
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    AREA = "area"
    FACILITY = "facility"


class Rule(StrEnum):
    """The extraction rule that found a fact (ng:rule): its family, then the construction."""

    QUOTE_CUE = "quote/cue"
    QUOTE_LEAD_IN = "quote/lead-in"
    QUOTE_NEXT_SENTENCE = "quote/next-sentence"
    QUOTE_CONTINUED = "quote/continued"
    REPORTED_CLAUSE = "reported/clause"
    REPORTED_PHRASE = "reported/phrase"
    REPORTED_PARENTHETICAL = "reported/parenthetical"
    REPORTED_INVERTED = "reported/inverted"
    REPORTED_NOMINAL = "reported/nominal"
    # A noun of saying with its speaker: "the minister's claim that ...", "a pledge by X that ...".
    REPORTED_NOUN = "reported/noun"
    # A blame, call, condemnation or denial is also a statement of its agent: "reported/" + its kind.
    REPORTED_BLAME = "reported/blame"
    REPORTED_CALL = "reported/call"
    REPORTED_CONDEMNATION = "reported/condemnation"
    REPORTED_DENIAL = "reported/denial"
    BLAME_EXPLICIT = "blame/explicit"
    BLAME_SELF = "blame/self"
    BLAME_STATEMENT = "blame/statement"
    BLAME_STATEMENT_COPULA = "blame/statement-copula"
    BLAME_NARRATOR_PASSIVE = "blame/narrator-passive"
    BLAME_ECHO = "blame/echo"
    # A call, condemnation or denial found by its cue word: the rule is named after its kind.
    CALL = "call"
    CALL_DEONTIC = "call/deontic"
    CONDEMNATION = "condemnation"
    DENIAL = "denial"
    CLAIM_NUMBER = "claim/number"
    CLAIM_BREAKDOWN = "claim/breakdown"
    EVENT_TRIGGER = "event/trigger"


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

    kind: PlaceKind | None = None
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
    stance: Stance
    rule: Rule
    confidence: float
    cue_span: TextSpan | None = None
    reporter: int | None = None
    speaker_words: TextSpan | None = None
    source_kind: SourceKind | None = None


@dataclass(frozen=True)
class Attribution:
    """Blame, a denial, a condemnation or a call to action; actors are entity indices.

    agent: the blamer, denier, condemner or caller; target: the blamed, condemned or called
    on; implied: a party the text implies ("in an apparent reference to Iran"); text: the
    act blamed, denied or condemned, or the action called for, in the article's words.
    """

    kind: AttributionKind
    agent: int
    target: int | None
    text: str | None
    sentence: int
    evidence: TextSpan
    rule: Rule
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
    # Every event is found by its trigger word (events.json).
    rule: Rule = Rule.EVENT_TRIGGER


@dataclass(frozen=True)
class CasualtyClaim:
    """A figure of people harmed, as one source gave it."""

    source: int
    count: int | None
    qualifier: Qualifier
    outcome: CasualtyOutcome
    sentence: int
    evidence: TextSpan
    victims: str | None = None
    place: int | None = None
    time_text: str | None = None
    start: date | None = None
    end: date | None = None
    statement: int | None = None
    narrator: bool = False
    rule: Rule = Rule.CLAIM_NUMBER
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

"""The rules as data: the files of `builder/data/` read into typed, frozen rule objects.

Each loader names every key it reads, so that a key no code reads cannot hide (see
tests/test_rules_data.py), and reads controlled values into their enums, so that a stance or
a qualifier the shapes do not know fails as the data is read, not in SHACL after extraction.
A rules folder (`newsgraph build --rules DIR`, as spaCy's rulers load patterns from disk)
replaces any packaged file by its own file of the same name; the files it lacks are the
packaged ones. A rule object is read once per folder and compares by identity (eq=False),
so that code may cache what it compiles from one (a matcher, a pattern).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..records import CasualtyOutcome, EntityType, PlaceKind, Qualifier, Rule, Stance

PACKAGED = Path(__file__).resolve().parent.parent / "data"


class RulesError(ValueError):
    """A rules folder that cannot be read: missing, or a file that is no valid rules file."""


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(values)


def _word_sets(data: dict[str, Any], *keys: str) -> dict[str, frozenset[str]]:
    """The word lists under these keys, each a set (what the rules ask of them is membership)."""
    return {key: _words(data[key]) for key in keys}


def _confidence(values: dict[str, float]) -> Mapping[Rule, float]:
    return {Rule(rule): confidence for rule, confidence in values.items()}


@dataclass(frozen=True, eq=False)
class CueVerb:
    stance: Stance
    # What follows the verb: "clause" (its complement), "any" (an object will do too),
    # "inverted" (only ", read the statement": the speaker after the verb), "topic" (what a
    # preposition of `topic_prepositions` names: "spoke of an incursion"), "naming" (an object
    # only with what it is called, or a preposition: "called it a massacre", "called for"), or
    # "quote" (only a quotation's speaker: '"...," he continued').
    object: str


@dataclass(frozen=True, eq=False)
class SpeechCues:
    """speech_cues.json: what introduces something said."""

    verbs: Mapping[str, CueVerb]
    phrases: Mapping[str, Stance]
    quoting_verbs: frozenset[str]
    min_direct_quote_words: int
    min_quote_piece_words: int
    min_split_quote_words: int
    split_quote_gap: int
    topic_prepositions: frozenset[str]
    act_objects: frozenset[str]
    trailing_asides: frozenset[str]
    headline_speakers: frozenset[str]
    confidence: Mapping[Rule, float]

    @classmethod
    def read(cls, data: dict[str, Any]) -> SpeechCues:
        return cls(
            verbs={v: CueVerb(Stance(e["stance"]), e["object"]) for v, e in data["verbs"].items()},
            phrases={phrase: Stance(entry["stance"]) for phrase, entry in data["phrases"].items()},
            quoting_verbs=_words(data["quoting_verbs"]),
            min_direct_quote_words=data["min_direct_quote_words"],
            min_quote_piece_words=data["min_quote_piece_words"],
            min_split_quote_words=data["min_split_quote_words"],
            split_quote_gap=data["split_quote_gap"],
            topic_prepositions=_words(data["topic_prepositions"]),
            act_objects=_words(data["act_objects"]),
            trailing_asides=_words(data["trailing_asides"]),
            headline_speakers=frozenset(data["headline_speakers"]),
            confidence=_confidence(data["confidence"]),
        )

    def stance(self, cue: str) -> Stance:
        """The stance a cue verb or phrase marks; a cue the data does not hold asserts."""
        if cue in self.verbs:
            return self.verbs[cue].stance
        return self.phrases.get(cue, Stance.ASSERTION)


@dataclass(frozen=True, eq=False)
class Speakers:
    """speakers.json: how speakers are named and referred to."""

    titles: frozenset[str]
    pronouns: Mapping[str, frozenset[EntityType]]
    first_person: frozenset[str]
    drop_determiners: frozenset[str]
    demonstratives: frozenset[str]
    no_one_determiners: frozenset[str]
    phrase_stop_dependencies: frozenset[str]
    phrase_participles: frozenset[str]
    organization_nouns: frozenset[str]
    generic_organization_nouns: frozenset[str]
    organization_name_words: frozenset[str]
    message_nouns: frozenset[str]
    document_nouns: frozenset[str]
    definite_determiners: frozenset[str]
    author_prepositions: frozenset[str]
    # entities.json's words for kinds of body ("agency", "media"): an unnamed actor they head
    # ("state media") is an organization. Filled in as the rules are loaded (`_load`).
    body_words: frozenset[str] = frozenset()
    # entities.json's group_name_words ("movement", "militia"): a description headed by one is a group.
    group_words: frozenset[str] = frozenset()

    @classmethod
    def read(cls, data: dict[str, Any]) -> Speakers:
        return cls(
            titles=_words(data["titles"]),
            pronouns={word: frozenset(map(EntityType, types)) for word, types in data["pronouns"].items()},
            **_word_sets(
                data,
                "first_person",
                "drop_determiners",
                "demonstratives",
                "no_one_determiners",
                "phrase_stop_dependencies",
                "phrase_participles",
                "organization_nouns",
                "generic_organization_nouns",
                "organization_name_words",
                "message_nouns",
                "document_nouns",
                "definite_determiners",
                "author_prepositions",
            ),
        )


@dataclass(frozen=True, eq=False)
class ExplicitBlame:
    """A predicate that assigns blame: where its blamed party and its reason stand."""

    # "dobj" or the preposition whose object is blamed ("attribute to").
    target: str
    # The preposition of the reason ("blame for", "accuse of"), or "dobj".
    reason: str
    # A word the predicate needs in its phrase ("hold ... responsible").
    requires: str | None
    # Only a harmful act as the reason makes it blame ("linked the bombing to X", not "linked
    # the group to X").
    harmful_reason: bool


@dataclass(frozen=True, eq=False)
class CallFrame:
    """A verb that calls on someone to act: its prepositions and how the action follows it."""

    preps: frozenset[str]
    actions: frozenset[str]
    # "demanded a ceasefire": the object is what is asked for, not whom.
    object_is_action: bool
    # "gave the rebels 48 hours to leave": a call only with a time to act by.
    deadline: bool = False


@dataclass(frozen=True, eq=False)
class AttributionRules:
    """attribution.json: blame, denial, condemnation and calls to action."""

    # Each predicate's frames, the first whose blamed party stands in the sentence winning
    # ("blamed X for the unrest", "blamed the unrest on X").
    explicit: Mapping[str, tuple[ExplicitBlame, ...]]
    reciprocals: tuple[str, ...]
    self_blame: Mapping[str, frozenset[str]]
    # "confessed to killing", "admitted to the murder": the preposition that carries the act.
    self_blame_preps: Mapping[str, str]
    responsibility_verbs: frozenset[str]
    involvement_verbs: frozenset[str]
    responsibility_words: frozenset[str]
    authorship_nouns: frozenset[str]
    harm_nouns: frozenset[str]
    war_verbs: frozenset[str]
    war_nouns: frozenset[str]
    origin_participles: frozenset[str]
    munitions: frozenset[str]
    agent_modifier_dependencies: frozenset[str]
    victim_possessor_nouns: frozenset[str]
    non_agent_entity_labels: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    demonym_min_stem: int
    demonym_max_ending: int
    actor_nouns: frozenset[str]
    non_actor_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    relational_links: tuple[str, ...]
    implied_cues: tuple[str, ...]
    hedges: frozenset[str]
    negators: frozenset[str]
    condemn_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    deny_objects: frozenset[str]
    call_verbs: Mapping[str, CallFrame]
    addressee_prepositions: tuple[str, ...]
    deadline_prepositions: frozenset[str]
    deadline_entity_labels: frozenset[str]
    question_marks: frozenset[str]
    not_actions: frozenset[str]
    deontic_modals: frozenset[str]
    deontic_verbs: frozenset[str]
    deontic_adjectives: frozenset[str]
    call_nouns: frozenset[str]
    listing_verbs: frozenset[str]
    echo_nouns: frozenset[str]
    echo_modifiers: frozenset[str]
    characterization_verbs: frozenset[str]
    negative_characterizations: frozenset[str]
    confidence: Mapping[Rule, float]

    @classmethod
    def read(cls, data: dict[str, Any]) -> AttributionRules:
        return cls(
            explicit={
                verb: tuple(
                    ExplicitBlame(
                        frame["target"], frame.get("reason", "for"), frame.get("requires"), frame.get("harmful", False)
                    )
                    for frame in (spec if isinstance(spec, list) else [spec])
                )
                for verb, spec in data["explicit"].items()
            },
            reciprocals=tuple(data["reciprocals"]),
            self_blame={verb: _words(objects) for verb, objects in data["self_blame"].items()},
            self_blame_preps=dict(data["self_blame_preps"]),
            **_word_sets(
                data,
                "responsibility_verbs",
                "involvement_verbs",
                "responsibility_words",
                "authorship_nouns",
                "harm_nouns",
                "war_verbs",
                "war_nouns",
                "origin_participles",
                "munitions",
                "agent_modifier_dependencies",
                "victim_possessor_nouns",
                "non_agent_entity_labels",
                "actor_nouns",
                "non_actor_pronouns",
                "object_pronouns",
            ),
            # Longest first: "Iranian" loses "ian", not "n".
            demonym_suffixes=tuple(sorted(data["demonym"]["suffixes"], key=len, reverse=True)),
            demonym_min_stem=data["demonym"]["min_stem"],
            demonym_max_ending=data["demonym"]["max_ending"],
            relational_links=tuple(data["relational_links"]),
            implied_cues=tuple(data["implied_cues"]),
            **_word_sets(
                data,
                "hedges",
                "negators",
                "condemn_verbs",
                "deny_verbs",
                "deny_objects",
            ),
            call_verbs={
                verb: CallFrame(
                    _words(spec.get("preps", [])),
                    _words(spec["actions"]),
                    spec.get("object_is_action", False),
                    spec.get("deadline", False),
                )
                for verb, spec in data["call_verbs"].items()
            },
            addressee_prepositions=tuple(data["addressee_prepositions"]),
            **_word_sets(
                data,
                "deadline_prepositions",
                "deadline_entity_labels",
                "question_marks",
                "not_actions",
                "deontic_modals",
                "deontic_verbs",
                "deontic_adjectives",
                "call_nouns",
                "listing_verbs",
                "echo_nouns",
                "echo_modifiers",
                "characterization_verbs",
                "negative_characterizations",
            ),
            confidence=_confidence(data["confidence"]),
        )


@dataclass(frozen=True, eq=False)
class EventRules:
    """events.json: trigger words and how an event's roles are found."""

    triggers: Mapping[str, str]
    broader: Mapping[str, str]
    noun_only: frozenset[str]
    verb_needs_object: frozenset[str]
    outcome_verbs: frozenset[str]
    harm_types: frozenset[str]
    unreal_heads: frozenset[str]
    speech_senses: frozenset[str]
    non_event_modifiers: Mapping[str, frozenset[str]]
    result_types: Mapping[str, str]
    support_verbs: frozenset[str]
    recording_verbs: frozenset[str]
    agent_verbs: Mapping[str, str]
    agent_nouns: frozenset[str]
    pronoun_agents: frozenset[str]
    participant_preps: frozenset[str]
    instrument_preps: frozenset[str]
    participant_types: frozenset[str]
    target_preps: frozenset[str]
    place_modifier_heads: frozenset[str]
    anaphora_nouns: frozenset[str]
    anaphoric_determiners: frozenset[str]
    escape_types: frozenset[str]
    weapons: frozenset[str]
    weapon_verbs: frozenset[str]
    anaphoric_kinds: Mapping[str, frozenset[str]]
    named_events: Mapping[str, str]
    conditional_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    denial_verbs: frozenset[str]
    generic_copulas: frozenset[str]
    generic_present_tags: frozenset[str]
    generic_complements: frozenset[str]
    generic_determiners: frozenset[str]
    sentence_initial_tags: frozenset[str]
    non_actor_entity_labels: frozenset[str]

    @classmethod
    def read(cls, data: dict[str, Any]) -> EventRules:
        return cls(
            triggers=dict(data["triggers"]),
            broader=dict(data["broader"]),
            non_event_modifiers={word: _words(mods) for word, mods in data["non_event_modifiers"].items()},
            result_types=dict(data["result_types"]),
            agent_verbs=dict(data["agent_verbs"]),
            anaphoric_kinds={kind: _words(kinds) for kind, kinds in data["anaphoric_kinds"].items()},
            named_events=dict(data["named_events"]),
            **_word_sets(
                data,
                "noun_only",
                "verb_needs_object",
                "outcome_verbs",
                "harm_types",
                "unreal_heads",
                "speech_senses",
                "support_verbs",
                "recording_verbs",
                "agent_nouns",
                "pronoun_agents",
                "participant_preps",
                "instrument_preps",
                "participant_types",
                "target_preps",
                "place_modifier_heads",
                "anaphora_nouns",
                "anaphoric_determiners",
                "escape_types",
                "weapons",
                "weapon_verbs",
                "conditional_marks",
                "hypothetical_modals",
                "denial_verbs",
                "sentence_initial_tags",
                "non_actor_entity_labels",
            ),
            # "generic": {"copulas": [...], ...} gives generic_copulas, ...
            **{f"generic_{key}": _words(words) for key, words in data["generic"].items()},
        )


@dataclass(frozen=True, eq=False)
class NumberRules:
    """numbers.json: casualty figures, how they are qualified, and what happened to whom."""

    words: Mapping[str, int]
    multipliers: Mapping[str, int]
    vague: Mapping[str, int | None]
    uncounted_vague: frozenset[str]
    number_articles: frozenset[str]
    qualifiers: Mapping[str, Qualifier]
    following_qualifiers: tuple[str, ...]
    outcomes: Mapping[str, CasualtyOutcome]
    outcome_linkers: frozenset[str]
    victims: tuple[str, ...]
    measure_nouns: frozenset[str]
    continuing_subjects: frozenset[str]
    list_continuers: frozenset[str]
    place_continuers: frozenset[str]
    distributives: tuple[tuple[str, ...], ...]
    nation_words: tuple[str, ...]
    container_kinds: frozenset[PlaceKind]
    pronoun_determiners: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    confidence: Mapping[Rule, float]

    @classmethod
    def read(cls, data: dict[str, Any]) -> NumberRules:
        return cls(
            words=dict(data["words"]),
            multipliers=dict(data["multipliers"]),
            vague=dict(data["vague"]),
            **_word_sets(
                data,
                "uncounted_vague",
                "number_articles",
            ),
            qualifiers={phrase: Qualifier(value) for phrase, value in data["qualifiers"].items()},
            following_qualifiers=tuple(data["following_qualifiers"]),
            outcomes={word: CasualtyOutcome(value) for word, value in data["outcomes"].items()},
            outcome_linkers=_words(data["outcome_linkers"]),
            victims=tuple(data["victims"]),
            **_word_sets(
                data,
                "measure_nouns",
                "continuing_subjects",
                "list_continuers",
                "place_continuers",
            ),
            distributives=tuple(tuple(phrase.split()) for phrase in data["distributives"]),
            nation_words=tuple(data["nation_words"]),
            container_kinds=frozenset(PlaceKind(kind) for kind in data["container_kinds"]),
            pronoun_determiners=_words(data["pronoun_determiners"]),
            perfect_auxiliaries=_words(data["perfect_auxiliaries"]),
            confidence=_confidence(data["confidence"]),
        )


@dataclass(frozen=True, eq=False)
class PlaceRules:
    """places.json: what kind of place a name is, and places the text describes."""

    kind_words: Mapping[str, PlaceKind]
    place_nouns: Mapping[str, PlaceKind]
    directions: frozenset[str]
    destination_prepositions: frozenset[str]
    describing_suffixes: frozenset[str]

    @classmethod
    def read(cls, data: dict[str, Any]) -> PlaceRules:
        return cls(
            kind_words={word: PlaceKind(kind) for word, kind in data["kind_words"].items()},
            place_nouns={noun: PlaceKind(kind) for noun, kind in data["place_nouns"].items()},
            **_word_sets(
                data,
                "directions",
                "destination_prepositions",
                "describing_suffixes",
            ),
        )


@dataclass(frozen=True, eq=False)
class EntityRules:
    """entities.json: how spaCy's entity labels map to classes, and the clues that correct them."""

    ner_types: Mapping[str, EntityType]
    type_preference: tuple[EntityType, ...]
    leading_words: frozenset[str]
    trailing_possessives: frozenset[str]
    modifier_dependencies: frozenset[str]
    plural_tags: frozenset[str]
    participle_tags: frozenset[str]
    locative_prepositions: frozenset[str]
    facility_words: frozenset[str]
    institution_words: frozenset[str]
    office_words: frozenset[str]
    group_name_words: frozenset[str]
    armed_groups: frozenset[str]
    platforms: frozenset[str]
    time_words: frozenset[str]
    honorifics: frozenset[str]
    indefinite_determiners: frozenset[str]
    people_articles: frozenset[str]
    people_suffixes: tuple[str, ...]
    people_nouns: frozenset[str]
    dateline_dashes: frozenset[str]
    dateline_max_words: int
    dateline_not_places: frozenset[str]
    respelling_vowels: frozenset[str]
    respelling_min_word: int
    respelling_min_single_word: int
    # places.json's words for kinds of area ("province", "the town of"): a name they call a
    # place is one, whatever NER tagged it. Filled in as the rules are loaded (`_load`).
    place_words: frozenset[str] = frozenset()
    # speakers.json's titles ("president", "mayor"): no first name, though capitalized before a name.
    titles: frozenset[str] = frozenset()
    # events.json's words that open an event's name ("Operation Iron Gate"): no actor's, no place's.
    event_names: frozenset[str] = frozenset()
    # speech_cues.json's verbs as a headline writes them ("Says", "Warns", "Denies"): no word of a name.
    headline_verbs: frozenset[str] = frozenset()

    @classmethod
    def read(cls, data: dict[str, Any]) -> EntityRules:
        return cls(
            ner_types={label: EntityType(name) for label, name in data["ner_types"].items()},
            type_preference=tuple(map(EntityType, data["type_preference"])),
            **_word_sets(
                data,
                "leading_words",
                "trailing_possessives",
                "modifier_dependencies",
                "plural_tags",
                "participle_tags",
                "locative_prepositions",
                "facility_words",
                "institution_words",
                "office_words",
                "group_name_words",
                "armed_groups",
                "platforms",
                "time_words",
                "honorifics",
                "indefinite_determiners",
                "people_articles",
                "people_nouns",
            ),
            people_suffixes=tuple(data["people_suffixes"]),
            dateline_dashes=_words(data["dateline"]["dashes"]),
            dateline_max_words=data["dateline"]["max_words"],
            dateline_not_places=_words(data["dateline"]["not_places"]),
            respelling_vowels=frozenset(data["respelling"]["vowels"]),
            respelling_min_word=data["respelling"]["min_word"],
            respelling_min_single_word=data["respelling"]["min_single_word"],
        )


@dataclass(frozen=True, eq=False)
class TimeWords:
    """time.json: the words of time expressions, and of sentences that tell background."""

    relative_days: Mapping[str, int]
    relative_periods: Mapping[str, str]
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    parts_of_day: tuple[str, ...]
    background_words: tuple[str, ...]

    @classmethod
    def read(cls, data: dict[str, Any]) -> TimeWords:
        return cls(
            relative_days=dict(data["relative_days"]),
            relative_periods=dict(data["relative_periods"]),
            weekdays=tuple(data["weekdays"]),
            months=tuple(data["months"]),
            parts_of_day=tuple(data["parts_of_day"]),
            background_words=tuple(data["background_words"]),
        )


@dataclass(frozen=True, eq=False)
class Rules:
    """Every rule file extraction reads, and a digest of the files they were read from."""

    speech: SpeechCues
    speakers: Speakers
    attribution: AttributionRules
    events: EventRules
    numbers: NumberRules
    places: PlaceRules
    entities: EntityRules
    time: TimeWords
    digest: str


# Each rule object, by the file it is read from (a rules folder may replace any of them).
FILES = {
    "speech_cues.json": ("speech", SpeechCues),
    "speakers.json": ("speakers", Speakers),
    "attribution.json": ("attribution", AttributionRules),
    "events.json": ("events", EventRules),
    "numbers.json": ("numbers", NumberRules),
    "places.json": ("places", PlaceRules),
    "entities.json": ("entities", EntityRules),
    "time.json": ("time", TimeWords),
}


def _third_person(verb: str) -> str:
    """'say' -> 'says', 'deny' -> 'denies', 'vow' -> 'vows', 'slam' -> 'slams', 'blast' -> 'blasts'."""
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "es" if verb.endswith(("s", "sh", "ch", "x", "z", "o")) else verb + "s"


def load_rules(directory: str | Path | None = None) -> Rules:
    """The rules of a folder, the packaged file for each file it lacks; the packaged rules
    when no folder is named. Read once per folder and process."""
    return _load(Path(directory).resolve() if directory is not None else None)


@cache
def _load(directory: Path | None) -> Rules:
    if directory is not None and not directory.is_dir():
        raise RulesError(f"{directory}: no such rules folder")
    digest = hashlib.sha256()
    parts: dict[str, Any] = {}
    for name, (field, kind) in FILES.items():
        path = directory / name if directory is not None and (directory / name).is_file() else PACKAGED / name
        raw = path.read_bytes()
        digest.update(name.encode("utf-8") + b"\0" + raw)
        try:
            parts[field] = kind.read(json.loads(raw))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise RulesError(f"{path}: not a rules file of newsgraph ({type(error).__name__}: {error})") from error
    areas = frozenset(word for word, kind in parts["places"].kind_words.items() if kind is not PlaceKind.FACILITY)
    parts["entities"] = replace(
        parts["entities"],
        place_words=areas,
        titles=parts["speakers"].titles,
        event_names=frozenset(parts["events"].named_events),
        headline_verbs=frozenset(map(_third_person, parts["speech"].verbs)),
    )
    parts["speakers"] = replace(
        parts["speakers"],
        body_words=parts["entities"].institution_words,
        group_words=parts["entities"].group_name_words,
    )
    return Rules(**parts, digest=digest.hexdigest())

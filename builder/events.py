"""Events: what happened, where and when, from trigger words (data file `events.json`).

Nominal ("the clashes", "the ambush") and verbal ("militias stormed his neighborhood")
mentions alike. Each mention takes its agent (subject or 'by' agent), target (object),
places and time from its sentence. Repeated mentions of one kind of event in an article
are one Event unless their places or dates say they are different events.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from .actors import ActorResolver
from .records import EntityType, Event, TextSpan
from .resources import load_data
from .timex import TimeExpression, find_times

_ACTOR_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP)


def extract_events(doc: Doc, resolver: ActorResolver, published: date | None, title: str | None) -> list[Event]:
    rules = load_data("events.json")
    mentions: list[Event] = []
    for index, sent in enumerate(doc.sents):
        if title and sent.text.strip() == title.strip():
            continue  # the headline repeats what the body reports
        times = find_times(sent.text, sent.start_char, published)
        triggers = [(t, k) for t in sent if (k := _trigger(t, rules)) is not None]
        others = {t.i for t, _ in triggers if t.lemma_.casefold() not in rules["outcome_verbs"]}
        for token, kind in triggers:
            if token.lemma_.casefold() in rules["outcome_verbs"] and token.pos_ == "VERB" and others:
                continue  # "a car bombing killed five": the killing is the bombing's outcome
            places = _places_in(resolver, token)
            time = _nearest_time(times, token)
            mentions.append(
                (
                    _anaphoric(token),
                    Event(
                        type=kind,
                        triggers=(TextSpan(token.idx, token.idx + len(token), token.text),),
                        sentences=(index,),
                        agents=_actors(resolver, _agent_of(token)),
                        targets=_actors(resolver, next((c for c in token.children if c.dep_ == "dobj"), None)),
                        places=tuple(places),
                        time_text=time.text if time else None,
                        start=time.start if time else None,
                        end=time.end if time else None,
                    ),
                )
            )
    return _merge(mentions, rules["broader"])


def _anaphoric(token: Token) -> bool:
    """'the attack', 'this incident', "Monday's attack": a noun that points back to an event."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        for c in token.children
    )


def _trigger(token: Token, rules: dict) -> str | None:
    lemma = token.lemma_.casefold()
    kind = rules["triggers"].get(lemma)
    if kind is None or token.pos_ not in ("NOUN", "VERB", "ADJ"):
        return None
    governors = [a.lemma_.casefold() for a in list(token.ancestors)[:3]]
    if any(g in rules["unreal_heads"] for g in governors):
        return None  # "unable to flee", "called for an investigation into the shooting"
    if token.pos_ == "VERB" and lemma in rules["noun_only"]:
        return None
    if (
        token.pos_ == "VERB"
        and lemma in rules["verb_needs_object"]
        and not any(c.dep_ in ("dobj", "prep") for c in token.children)
    ):
        return None
    return kind


def _agent_of(token: Token) -> Token | None:
    if token.pos_ == "VERB":
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    by = next((c for c in token.children if c.dep_ == "agent" or c.lower_ == "by"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _actors(resolver: ActorResolver, head: Token | None) -> tuple[int, ...]:
    if head is None or head.pos_ == "PRON":
        return ()
    index = resolver.entity_at(head)
    if index is None or resolver.entities[index].type not in _ACTOR_TYPES:
        return ()
    return (index,)


def _places_in(resolver: ActorResolver, trigger: Token) -> list[int]:
    """Places named in the trigger's own phrase or clause ("clashes in Latakia", "clashes broke
    out in Latakia": a nominal subject takes its verb's clause)."""
    scope = trigger.head if trigger.dep_ in ("nsubj", "nsubjpass") else trigger
    found = []
    for token in scope.subtree:
        index = resolver.entity_at(token)
        if index is not None and resolver.entities[index].type is EntityType.PLACE and index not in found:
            found.append(index)
    return found


def _nearest_time(times: list[TimeExpression], token: Token) -> TimeExpression | None:
    return min(times, key=lambda t: abs(t.start_char - token.idx), default=None)


def _merge(mentions: list[tuple[bool, Event]], broader: dict[str, str]) -> list[Event]:
    """One Event per kind, unless places, dates or agents disagree. A broader mention ("the
    attack", or "another attack" in the bombing's own sentence) is the narrower event it
    points back to ("a car bombing"), which keeps its kind."""

    def related(event: Event, anaphoric: bool, mention: Event) -> bool:
        if event.type == mention.type:
            return True
        nested = broader.get(event.type) == mention.type or broader.get(mention.type) == event.type
        return nested and (anaphoric or mention.sentences[0] in event.sentences)

    events: list[Event] = []
    for anaphoric, mention in mentions:
        same = next((e for e in events if related(e, anaphoric, mention) and _compatible(e, mention)), None)
        if same is None:
            events.append(mention)
            continue
        events[events.index(same)] = replace(
            same,
            type=mention.type if broader.get(mention.type) == same.type else same.type,
            triggers=same.triggers + mention.triggers,
            sentences=tuple(dict.fromkeys(same.sentences + mention.sentences)),
            agents=tuple(dict.fromkeys(same.agents + mention.agents)),
            targets=tuple(dict.fromkeys(same.targets + mention.targets)),
            places=tuple(dict.fromkeys(same.places + mention.places)),
            time_text=same.time_text or mention.time_text,
            start=same.start or mention.start,
            end=same.end or mention.end,
        )
    return events


def _compatible(a: Event, b: Event) -> bool:
    if a.places and b.places and not set(a.places) & set(b.places):
        return False
    if a.agents and b.agents and not set(a.agents) & set(b.agents):
        return False
    return not (a.start and b.start and (a.start > (b.end or b.start) or b.start > (a.end or a.start)))

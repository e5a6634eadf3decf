"""Events: what happened, where and when, from trigger words (data file `events.json`).

Nominal ("the clashes", "the ambush") and verbal ("militias stormed his neighborhood")
mentions alike. Each mention takes its agents (a subject or 'by' agent, the subject of the
verb that carries a noun, both sides of a clash), targets, places and time from its sentence.
Repeated mentions of one kind of event in an article are one Event unless their places,
agents or dates say they are different events. What the sentences leave out comes from the
discourse: the time of an earlier sentence pointed back to, or, for an event told in the
story's past, the lead's time and the story's country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ..gazetteer import fold
from ..records import Entity, EntityType, Event, PlaceKind, TextSpan
from .actors import ActorResolver
from .rules import EventRules
from .syntax import (
    COMPLEMENTS,
    NOUNS,
    PLURAL_NOUN_TAGS,
    RELATIVE_PRONOUNS,
    SUBJECTS,
    VERBS,
    agent_of,
    child,
    is_ancestor,
    prep_object,
)
from .timex import TimeExpression, is_narrative

if TYPE_CHECKING:
    from .context import DocumentContext

_ACTOR_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP)


@dataclass(frozen=True)
class _Mention:
    """One trigger's event, and what says which other mentions may be the same event."""

    event: Event
    # Points back to an event told before ("the attack", "Monday's raid").
    anaphoric: bool
    plural: bool


def extract_events(context: DocumentContext) -> list[Event]:
    """Events of one article's body, with the places located before (a located place is
    preferred for the scene)."""
    rules, resolver = context.rules.events, context.resolver
    mentions: list[_Mention] = []
    # When a report was made is not when what it reports happened.
    times_of = {i: [t for t in context.times[i] if not t.reported] for i, _ in context.body}
    narrative: set[int] = set()
    # The story's time: the first time an event in the lead is given.
    scene_time: TimeExpression | None = None
    for index, sent in context.body:
        triggers = [(t, k) for t in sent if (k := _trigger(t, rules)) is not None]
        harm = any(k in rules.harm_types and t.lemma_.casefold() not in rules.outcome_verbs for t, k in triggers)
        # "A car bombing killed five": the killing is the bombing's outcome, no event of its own.
        # So is "the United States' killing of Soleimani in an airstrike": the noun tells the outcome too.
        outcomes = [t for t, _ in triggers if t.lemma_.casefold() in rules.outcome_verbs]
        kinds = {t.i: k for t, k in triggers}
        triggers = [(t, k) for t, k in triggers if not (harm and t in outcomes) and not _escape(t, k, kinds, rules)]
        for token, kind in triggers:
            span = _trigger_span(token, rules)
            # "launched Operation Desert Dawn": the name's head word stands in the sentence for it.
            word = token.doc.char_span(span.start, span.end).root
            anaphoric = _anaphoric(word, rules)
            time = _nearest_time(_own_times(times_of[index], token, rules) if anaphoric else times_of[index], token)
            if scene_time is None and index in context.lead:
                scene_time = time
            if is_narrative(token, context.rules.time):
                narrative.add(token.idx)
            mentions.append(
                _Mention(
                    Event(
                        type=kind,
                        triggers=(span,),
                        sentences=(index,),
                        agents=_agents(resolver, word, kind, rules),
                        targets=_targets(resolver, word, rules),
                        places=tuple(_places_in(resolver, word, rules, {t.i for t, _ in triggers})),
                        time_text=time.text if time else None,
                        start=time.start if time else None,
                        end=time.end if time else None,
                    ),
                    anaphoric=anaphoric,
                    plural=token.tag_ == "NNS",
                )
            )
    events = _merge(mentions, rules.broader, rules.anaphoric_kinds, context.entities)
    carried = _carried_times(context.body, times_of, rules)
    country = _story_country(context.entities)
    entities = context.entities
    return [_from_discourse(e, carried, scene_time, country, narrative, entities) for e in events]


def _carried_times(
    body: list[tuple[int, Span]], times_of: dict[int, list[TimeExpression]], rules: EventRules
) -> dict[int, TimeExpression]:
    """Sentences without a time of their own that point back with 'the violence', 'the attack'
    to a noun of an earlier dated sentence: they take that sentence's time for the word."""
    words = rules.anaphora_nouns | set(rules.triggers)
    dated: dict[str, TimeExpression] = {}
    carried: dict[int, TimeExpression] = {}
    for index, sent in body:
        nouns = [t for t in sent if t.pos_ == "NOUN" and t.lemma_.casefold() in words]
        if times_of[index]:
            for noun in nouns:
                dated[noun.lemma_.casefold()] = _nearest_time(times_of[index], noun)
            continue
        for noun in nouns:
            phrase = noun.head.head if noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN" else noun
            if _anaphoric(phrase, rules) and noun.lemma_.casefold() in dated:
                carried[index] = dated[noun.lemma_.casefold()]
                break
    return carried


def _from_discourse(
    event: Event,
    carried: dict[int, TimeExpression],
    scene_time: TimeExpression | None,
    country: int | None,
    narrative: set[int],
    entities: list[Entity],
) -> Event:
    """What an event's own sentences leave out, taken from the discourse. Its time: that of the
    earlier sentence its sentence points back to, else, when it is told in the story's past, the
    lead's time. Its place, when told in the story's past: the country the story is set in,
    unless that country is who did it ("Turkey began an offensive")."""
    told = any(t.start in narrative for t in event.triggers)
    acting = country is not None and any(entities[a].label == entities[country].label for a in event.agents)
    if not event.places and told and country is not None and not acting:
        event = replace(event, places=(country,))
    if event.time_text:
        return event
    time = next((carried[i] for i in event.sentences if i in carried), None)
    if time is None and told:
        time = scene_time
    return replace(event, time_text=time.text, start=time.start, end=time.end) if time else event


def _story_country(entities: list[Entity]) -> int | None:
    """The country the article's located places lie in most often, if the article names it."""
    votes: Counter[str] = Counter()
    for entity in entities:
        info = entity.place
        if entity.type is not EntityType.PLACE or info is None:
            continue
        country = entity.label if info.kind is PlaceKind.COUNTRY else info.country
        if country:
            votes[country] += len(entity.mentions)
    if not votes:
        return None
    name = votes.most_common(1)[0][0]
    named = (
        i
        for i, e in enumerate(entities)
        if e.label == name and e.place is not None and e.place.kind is PlaceKind.COUNTRY and e.mentions
    )
    return next(named, None)


def _escape(token: Token, kind: str, kinds: Mapping[int, str], rules: EventRules) -> bool:
    """'stabbed several people, then fled', 'attacked him and fled': a flight coordinated with the
    harm its subject did is the attacker's escape, not people displaced."""
    if kind not in rules.escape_types or token.pos_ not in VERBS:
        return False
    word = token
    # A verb of its own subject ("as residents fled") tells people displaced.
    while word.dep_ in ("conj", "dep", "advcl") and child(word, SUBJECTS) is None:
        word = word.head
        if kinds.get(word.i) in rules.harm_types:
            return True
    return False


def _own_times(times: list[TimeExpression], token: Token, rules: EventRules) -> list[TimeExpression]:
    """The times in a pointing-back mention's own phrase ("the attack on December 27th"); the rest
    of its sentence dates what is said of it ("forgave him in August for the killing")."""
    carried = token.dep_ in SUBJECTS or (token.dep_ == "dobj" and token.head.lemma_.casefold() in rules.support_verbs)
    scope = token.head if carried else token
    first, last = scope.left_edge, scope.right_edge
    return [t for t in times if first.idx <= t.start_char < last.idx + len(last)]


def _used(weapon: Token, rules: EventRules) -> bool:
    """'a bomb exploded', 'killed by a bomb', 'fired a missile': a weapon tells an event when it acts
    or is used, not when it is sent, made or found ('must not send bombs')."""
    if weapon.dep_ in SUBJECTS or (weapon.dep_ == "pobj" and weapon.head.lower_ == "by"):
        return True
    if weapon.dep_ == "compound" and weapon.head.lemma_.casefold() in rules.triggers:
        return True  # "a bomb attack", "mortar fire"
    word = weapon
    while word.dep_ == "conj":
        word = word.head
    return word.dep_ == "dobj" and word.head.lemma_.casefold() in rules.weapon_verbs


def _denied(token: Token) -> bool:
    """'Basic investigations weren't done', 'does not force countries to conduct the arrest': an act
    said not to happen, the trigger's own verb negated or the verb it is the object of."""
    word = token
    for _ in range(3):
        if word.pos_ in VERBS and any(c.dep_ == "neg" for c in word.children):
            return True
        if word.dep_ not in ("dobj", "nsubjpass", "xcomp", "attr", "oprd") or word.head.i == word.i:
            return False
        word = word.head
    return False


def _anaphoric(token: Token, rules: EventRules) -> bool:
    """'the attack', 'this incident', "Monday's attack": a noun that points back to an event."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in rules.anaphoric_determiners) for c in token.children
    )


_MODIFIERS = ("compound", "amod", "nmod")


def _trigger(token: Token, rules: EventRules) -> str | None:
    if _names_an_event(token, rules):
        return rules.named_events[token.lower_]
    lemma = token.lemma_.casefold()
    pos = _part_of_speech(token, rules)
    modifiers = [c.lemma_.casefold() for c in token.children if c.dep_ in _MODIFIERS]
    kind = next((rules.triggers[f"{m} {lemma}"] for m in modifiers if f"{m} {lemma}" in rules.triggers), None)
    kind = kind or rules.triggers.get(lemma)
    if kind is None or pos not in ("NOUN", "VERB", "ADJ"):
        return None
    if set(modifiers) & rules.non_event_modifiers.get(lemma, frozenset()):
        return None  # "a general strike"
    # What the act led to, hung on the verb or on its preposition ("shot dead", "stabbed to death").
    after = [t for t in token.subtree if t.i > token.i and token.i in (t.head.i, t.head.head.i)]
    result = next((rules.result_types[t.lower_] for t in after if t.lower_ in rules.result_types), None)
    if result is not None and pos == "VERB":
        kind = result  # "was shot dead", "stabbed to death"
    governors = [a.lemma_.casefold() for a in list(token.ancestors)[:4]]
    if any(g in rules.unreal_heads for g in governors):
        return None  # "unable to flee", "called for an investigation into the shooting"
    holder = token.head if token.dep_ in ("dobj", "attr") else None
    demands = holder.children if holder is not None else ()
    if any(c.dep_ in SUBJECTS and c.lemma_.casefold() in rules.unreal_heads for c in demands):
        return None  # "their demands include an investigation"
    if pos != "NOUN" and lemma in rules.noun_only:
        return None
    if _denied(token) or _not_told(token, rules) or (lemma in rules.weapons and not _used(token, rules)):
        return None
    if lemma in rules.speech_senses and any(c.dep_ == "ccomp" for c in token.children):
        return None
    if token.dep_ == "compound" and token.head.lemma_.casefold() not in rules.triggers:
        return None  # "riot police", "protest leaders": a kind of thing, not an event
    # "police fired and landed a round on him": the object may sit on a coordinated verb.
    # A passive subject is the object too ("the suspect was shot").
    objects = [
        c for verb in (token, *token.conjuncts) for c in verb.children if c.dep_ in ("dobj", "prep", "nsubjpass")
    ]
    if pos == "VERB" and lemma in rules.verb_needs_object and not objects:
        return None
    subject = child(token, "nsubj") if pos == "VERB" else None
    if subject is not None and subject.lemma_.casefold() in rules.triggers:
        return None  # "twin bombings struck the cathedral": the verb tells the bombings, not another event
    return kind


def _part_of_speech(token: Token, rules: EventRules) -> str:
    """'Artillery pounded villages': a capitalized word opening a sentence that the model took for
    a proper noun, though it names no entity, is the common noun it is."""
    if token.is_sent_start and token.tag_ in rules.sentence_initial_tags and token.is_title and not token.ent_type_:
        return "NOUN"
    return token.pos_


def _names_an_event(token: Token, rules: EventRules) -> bool:
    """'Operation Northern Shield': a word of `named_events` opening a name that goes on after it,
    and no part of another's name ('Task Force Operation Inherent Resolve')."""
    doc = token.doc
    if token.lower_ not in rules.named_events or token.pos_ not in NOUNS or not token.is_title:
        return False
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    return (
        after is not None
        and after.pos_ == "PROPN"
        and after.is_title
        and not (before is not None and before.pos_ == "PROPN" and before.is_title)
    )


def _trigger_span(token: Token, rules: EventRules) -> TextSpan:
    """The words that name the event: the trigger word, the whole name of a named event
    ('Operation Northern Shield'), or a two-word trigger whose head alone names none ('armed
    conflict'; but 'strike' of 'air strike')."""
    doc, lemma = token.doc, token.lemma_.casefold()
    first = last = token.i
    if _names_an_event(token, rules):
        while last + 1 < len(doc) and doc[last + 1].pos_ == "PROPN" and doc[last + 1].is_title:
            last += 1
    elif lemma not in rules.triggers:
        modifiers = [c for c in token.children if c.dep_ in _MODIFIERS]
        modifier = next((m for m in modifiers if f"{m.lemma_.casefold()} {lemma}" in rules.triggers), token)
        first, last = min(first, modifier.i), max(last, modifier.i)
    words = doc[first : last + 1]
    return TextSpan(words.start_char, words.end_char, words.text)


def _not_told(token: Token, rules: EventRules) -> bool:
    """A mention of an act that is not told as having happened: in a conditional clause ('if the
    army storms the city'), with a modal of what may be ('could storm', and the verb carrying a
    noun: 'could launch an offensive'), denied ('denied attacking the convoy') or generic ('Air
    strikes are a common tactic')."""
    for word in (token, *token.ancestors):
        marks = {c.lower_ for c in word.children if c.dep_ == "mark"}
        if word.dep_ == "advcl" and marks & rules.conditional_marks:
            return True
        if word.dep_ == "relcl":
            break  # "If the army, which stormed the town, ...": a relative clause tells of its own
    carried = token.dep_ == "dobj" and token.head.lemma_.casefold() in rules.support_verbs
    verb = token.head if carried else token
    if verb.pos_ in VERBS:
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & rules.hypothetical_modals and "have" not in auxiliaries:
            return True
    if token.pos_ in VERBS and token.dep_ in COMPLEMENTS and token.head.lemma_.casefold() in rules.denial_verbs:
        return True
    return _generic(token, rules)


def _generic(token: Token, rules: EventRules) -> bool:
    """'Air strikes are a common tactic', 'Such kidnappings remain rare': a bare plural, the subject
    of a present copula with a complement, says what such acts are."""
    verb = token.head
    if token.tag_ not in PLURAL_NOUN_TAGS or token.dep_ != "nsubj" or verb.i == token.i:
        return False
    if verb.lemma_.casefold() not in rules.generic_copulas or verb.tag_ not in rules.generic_present_tags:
        return False
    if not any(c.dep_ in rules.generic_complements for c in verb.children):
        return False
    return all(c.dep_ not in ("det", "poss", "nummod") or c.lower_ in rules.generic_determiners for c in token.children)


def _agents(resolver: ActorResolver, token: Token, kind: str, rules: EventRules) -> tuple[int, ...]:
    """Who did it: a verb's subject or 'by' agent; for a noun, its possessor ("the militia's
    attack"), the subject of the verb that carries it ("mounted an ambush"), a participle's agent
    ("the attack, conducted by the Taliban"), and for a clash both sides ("between X and Y",
    "clashed with the police"). An act done with the event ("killed the general in an airstrike",
    "began an offensive with airstrikes") has its agents."""
    heads = _agent_words(token, kind, rules)
    tool = token.head if token.dep_ == "pobj" and token.head.lower_ in rules.instrument_preps else None
    if tool is not None and tool.head.lemma_.casefold() in rules.triggers:
        heads += _agent_words(tool.head, kind, rules)
    return _actors_of(resolver, heads, rules, acting=True)


def _agent_words(token: Token, kind: str, rules: EventRules) -> list[Token | None]:
    heads = []
    if token.pos_ == "VERB":
        agent = agent_of(token)
        if agent is not None and agent.lower_ in rules.pronoun_agents and token.dep_ == "ccomp":
            agent = agent_of(token.head)  # "the government announced it was investigating"
        heads.append(agent)
    else:
        heads += [prep_object(token, "by"), child(token, "poss")]
        if token.dep_ == "dobj" and token.head.lemma_.casefold() in rules.support_verbs:
            heads.append(agent_of(token.head))
    heads += _participle_agents(token, rules.agent_verbs)
    if kind in rules.participant_types:
        carrier = token.head if token.dep_ in SUBJECTS else token
        heads += [side for holder in {carrier, token} for side in _objects(holder, rules.participant_preps)]
    return heads


def _targets(resolver: ActorResolver, token: Token, rules: EventRules) -> tuple[int, ...]:
    """Whom or what it befell: a verb's object or passive subject ("the suspect was arrested"; "her
    husband, who was arrested": the noun 'who' stands for), the object of a preposition of
    `target_preps` ("an attack on the base"). A count of people ("20 people were arrested") is a
    casualty figure's victims, no actor."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")] + _objects(token, rules.target_preps)
    heads = [token.head if h.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl" else h for h in heads]
    return _actors_of(resolver, [h for h in heads if child(h, "nummod") is None], rules)


def _objects(holder: Token, prepositions: frozenset[str]) -> list[Token]:
    """The objects of the holder's prepositions of these kinds ("clashes between X", "an attack on Y")."""
    return [
        found
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ in prepositions
        for found in prep.children
        if found.dep_ == "pobj"
    ]


def _participle_agents(token: Token, agent_verbs: Mapping[str, str]) -> list[Token | None]:
    """'the attack, reportedly conducted by the Taliban': the participle hangs on the noun or on
    the verb of the noun's clause."""
    holders = [token, token.head, token.head.head] if token.dep_ == "pobj" else [token]
    found: list[Token | None] = []
    for holder in holders:
        for participle in holder.children:
            preposition = agent_verbs.get(participle.lemma_.casefold())
            if participle.dep_ not in ("acl", "advcl", "relcl") or preposition is None or participle.tag_ != "VBN":
                continue
            found.append(prep_object(participle, preposition))
    return found


def _actors_of(
    resolver: ActorResolver, heads: list[Token | None], rules: EventRules, acting: bool = False
) -> tuple[int, ...]:
    """The actors these words name, with the ones coordinated to them; a common noun counts only
    when it names people ("security forces", not "a car bomb"). A place that is the subject of
    the act (`acting`: "Turkey began an offensive") stands for its state, an organization of
    that name, as a place that speaks does (`ActorResolver.resolve`)."""
    found: list[int] = []
    for head in (h for h in heads if h is not None):
        state = acting and head.dep_ == "nsubj"
        for word in (head, *head.conjuncts):
            index = _actor(resolver, word, rules, state)
            if index is not None and index not in found:
                found.append(index)
    return tuple(found)


def _actor(resolver: ActorResolver, head: Token, rules: EventRules, state: bool) -> int | None:
    if head.pos_ == "PRON" or head.ent_type_ in rules.non_actor_entity_labels:
        return None
    index = resolver.widest_actor_at(head)
    apposition = child(head, "appos")
    if index is None and apposition is not None:
        index = resolver.widest_actor_at(apposition)  # "the opposition leader Tomas Herrel"
    if index is None and (head.pos_ == "PROPN" or head.lemma_.casefold() in rules.agent_nouns):
        index = resolver.resolve_actor(head)
    if index is not None and state and resolver.entities[index].type is EntityType.PLACE:
        index = resolver.named(EntityType.ORGANIZATION, resolver.entities[index].label)
    if index is None or resolver.entities[index].type not in _ACTOR_TYPES:
        return None
    return index


def _places_in(resolver: ActorResolver, trigger: Token, rules: EventRules, triggers: set[int]) -> list[int]:
    """Places named in the trigger's own phrase or clause ("clashes in Latakia"; a nominal subject
    takes its verb's clause: "clashes broke out in Latakia"; so does the object of a verb that
    carries or counts it: "mounted an ambush ..., killing 16 in Latakia province", "recorded 62
    massacres in coastal regions"). Clauses that report
    something else ("as thousands fled to Lebanon"), places of another event named inside it
    ("in the weeks of protests in Hong Kong, police fired") and places that describe an actor
    ("the UK-based observatory") are not where it happened."""
    carriers = rules.support_verbs | rules.recording_verbs
    carried = trigger.dep_ in SUBJECTS or (trigger.dep_ == "dobj" and trigger.head.lemma_.casefold() in carriers)
    scope = trigger.head if carried else trigger
    # The subject of the verb that carries the event is its agent ("The United States carried out
    # the airstrike"), not where it happened.
    excluded = {
        t.i
        for clause in scope.children
        if clause.i != trigger.i
        and not is_ancestor(clause, trigger)
        and (_own_clause(clause) or (carried and clause.dep_ in SUBJECTS))
        for t in clause.subtree
    }
    found = []
    for token in scope.subtree:
        index = resolver.entity_at(token)
        if (
            index is None
            or index in found
            or token.i in excluded
            or resolver.entities[index].type is not EntityType.PLACE
            or token.head.lemma_.casefold() in rules.place_modifier_heads
            or (token.dep_ == "poss" and token.head.i == trigger.i)  # "Turkey's offensive": who, not where
            or _owned_by_another(token, trigger, scope, triggers)
        ):
            continue
        found.append(index)
    return found


def _owned_by_another(token: Token, trigger: Token, scope: Token, triggers: set[int]) -> bool:
    """A place of another event named inside this one's phrase, or one that describes its agent
    ("claimed by the Houthi movement in Yemen")."""
    for ancestor in token.ancestors:
        if ancestor.i in (trigger.i, scope.i):
            return False
        if ancestor.i in triggers or ancestor.dep_ == "agent":
            return True
    return False


def _own_clause(token: Token) -> bool:
    """A clause that reports something else: a complement, relative or coordinated clause, or an
    adverbial clause with a conjunction ("as thousands fled")."""
    if token.dep_ in ("ccomp", "relcl", "parataxis", "conj"):
        return token.pos_ in VERBS
    return token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children)


def _nearest_time(times: list[TimeExpression], token: Token) -> TimeExpression | None:
    return min(times, key=lambda t: abs(t.start_char - token.idx), default=None)


def _merge(
    mentions: list[_Mention],
    broader: Mapping[str, str],
    pointing: Mapping[str, frozenset[str]],
    entities: list[Entity],
) -> list[Event]:
    """One Event per kind, unless places, dates, agents or the persons it befell disagree. A
    broader mention ("the attack", or "another attack" in the bombing's own sentence) is the
    narrower event it points back to ("a car bombing"), which keeps its kind; "the attacks" does
    not point back to a single ambush. A mention that points back with a word of another kind ("the strike"
    after an airstrike, "the killing" after a shooting) is that event, when none of its own
    kind came before."""

    def related(first: _Mention, event: Event, found: _Mention) -> int | None:
        """How closely the mention may be the event: 0 of the same kind, 1 pointing back with a word
        of another kind, 2 of a nested kind; None when it is not."""
        mention, anaphoric = found.event, found.anaphoric
        if event.type == mention.type:
            return 0
        if anaphoric and event.type in pointing.get(mention.type, frozenset()):
            return 1
        nested = broader.get(event.type) == mention.type or broader.get(mention.type) == event.type
        if nested and (first.plural or not found.plural) and (anaphoric or mention.sentences[0] in event.sentences):
            return 2
        return None

    words = [frozenset(fold(e.label).split()) for e in entities]
    persons = {i for i, e in enumerate(entities) if e.type is EntityType.PERSON}
    events: list[Event] = []
    firsts: list[_Mention] = []
    for found in mentions:
        mention = found.event
        candidates = [
            (closeness, i)
            for i, e in enumerate(events)
            if (closeness := related(firsts[i], e, found)) is not None and _compatible(e, mention, words, persons)
        ]
        same = min(candidates)[1] if candidates else None
        if same is None:
            events.append(mention)
            firsts.append(found)
            continue
        event = events[same]
        events[same] = replace(
            event,
            type=mention.type if broader.get(mention.type) == event.type else event.type,
            triggers=event.triggers + mention.triggers,
            sentences=tuple(dict.fromkeys(event.sentences + mention.sentences)),
            agents=tuple(dict.fromkeys(event.agents + mention.agents)),
            targets=tuple(dict.fromkeys(event.targets + mention.targets)),
            places=tuple(dict.fromkeys(event.places + mention.places)),
            time_text=event.time_text or mention.time_text,
            start=event.start or mention.start,
            end=event.end or mention.end,
        )
    return events


def _compatible(a: Event, b: Event, words: list[frozenset[str]], persons: set[int]) -> bool:
    """Whether two mentions may tell one event: their places, agents, the persons it befell ("her
    husband was arrested", "Babaryka was arrested") and dates do not disagree. Agents agree when
    one's name is part of the other's ("the United States" and "United States military forces")."""
    if a.places and b.places and not set(a.places) & set(b.places):
        return False
    befell = set(a.targets) & persons, set(b.targets) & persons
    if all(befell) and not befell[0] & befell[1]:
        return False
    named = any(words[x] <= words[y] or words[y] <= words[x] for x in a.agents for y in b.agents)
    if a.agents and b.agents and not named:
        return False
    return not (a.start and b.start and (a.start > (b.end or b.start) or b.start > (a.end or a.start)))

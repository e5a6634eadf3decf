"""Casualty claims: every figure of people killed, injured, missing, displaced or detained,
with the source that gave it.

A figure is a number in digits or words ("1,614", "twelve", "Sixty-six"), or a vague
quantity ("dozens", "hundreds", "thousands"), qualified by what stands around it ("at
least", "close to", "nearly", "more than", "up to", "or more"). Its outcome comes from the
words it is tied to in the parse ("killed", "were injured", "deaths"); its source is the
speaker of the statement that contains it, else the narrator: the outlet in its own voice, or
the document itself when no outlet is given; its place and
period come from its sentence. A breakdown ("836 people killed in Latakia, 503 in Tartus,
262 in Hama") gives one claim per place, each inheriting outcome, source and period; so does
a sentence that goes on from the one before ("They include ..."), and a part told after its
whole ("Of the 600 killed, 150 were in Talbor": the whole has no place of the part's).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..records import (
    CasualtyClaim,
    CasualtyOutcome,
    Entity,
    EntityType,
    Event,
    PlaceKind,
    Qualifier,
    Rule,
    Statement,
    TextSpan,
)
from .actors import ActorResolver
from .rules import NumberRules, PlaceRules, TimeWords
from .syntax import AUXILIARIES, SUBJECTS, VERBS, child, clause_of, phrase_matcher, pobj, text_of
from .timex import TimeExpression, is_narrative

# Entity labels of the tagger's that a number of people never carries.
_NOT_COUNTS = frozenset(
    {"MONEY", "PERCENT", "TIME", "ORDINAL", "FAC", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "GPE", "LOC"}
)
# "1.2 million": a number with a fraction is a figure only scaled by the word after it.
_DECIMAL = re.compile(r"\d+\.\d+")

if TYPE_CHECKING:
    from .context import DocumentContext


def extract_claims(context: DocumentContext) -> list[CasualtyClaim]:
    """Claims of one article's body; a figure whose sentence names no place takes the place of
    the article's first located event (the story's scene)."""
    doc, resolver, statements, events = context.doc, context.resolver, context.statements, context.events
    rules, places = context.rules.numbers, context.rules.places
    event_words = set(context.rules.events.triggers)
    # A number of places ("three villages", "two markets") is no number of people either.
    measures = rules.measure_nouns | places.place_nouns.keys() | places.kind_words.keys()
    lead, published = context.lead, context.article.published
    # The scene is set in the lead: a located event in the first sentences of the body.
    scene_event = next((e for e in events if e.places and e.sentences[0] in lead), None)
    # The most precise of its places: a located town before a sea or a region around it.
    scene = (
        min(
            scene_event.places,
            key=lambda p: resolver.entities[p].place is None or resolver.entities[p].place.latitude is None,
        )
        if scene_event
        else _lead_place(resolver, lead)
    )
    # The story's time: the first dated event in the lead, for figures told in its past.
    scene_time = next((e for e in sorted(events, key=lambda e: e.sentences[0]) if e.time_text), None)
    scene_time = scene_time if scene_time and scene_time.sentences[0] in lead else None
    claims: list[CasualtyClaim] = []
    previous_sentence: list[CasualtyClaim] = []
    narrator = context.narrator
    vague = phrase_matcher(doc.vocab, tuple(sorted(p for p in rules.vague if " " in p)))
    for index, sent in context.body:
        # Every date is kept from being read as a figure; only the dates of what happened place one.
        dates = context.times[index]
        happened = [t for t in dates if not t.reported]
        current: list[CasualtyClaim] = []
        continued = _continued(sent, previous_sentence, rules)
        phrases = _vague_phrases(sent, vague)
        # Each figure's claim by the figure's token: a part finds its whole here.
        at: dict[int, CasualtyClaim] = {}
        for token in sent:
            figure = _figure(token, rules, phrases)
            if figure is None or _is_date_part(token, dates) or _counts_events(token, event_words, measures):
                continue
            if _generic(token) or _within_other_figure(token, rules, phrases) or _range_end(token):
                continue
            count, qualifier = figure
            group = _counted_together(token, rules)
            if group is not None:
                if group[0] != token.i:
                    continue  # counted with the first figure of its group
                count = group[1]
            outcome = _outcome(token, rules)
            inherited = (current or continued)[-1:] if outcome is None else []
            whole = _whole_before(token, at)
            if whole is not None and outcome is None:
                inherited = [whole]
            elif outcome is None and not (inherited and _continues(token, resolver, rules, places)):
                continue
            source, statement = _source(token, statements, resolver, rules.outcomes, event_words)
            narrated = source is None
            if statement is None and (inherited or continued):
                # "They include ...": the figures go on from the last ones, and so does their source.
                before = (inherited or continued)[-1]
                source, statement, narrated = before.source, before.statement, before.narrator
                inherited = inherited or [before]
            said_before = [c for c in current if c.statement is not None]
            if source is None and said_before:
                # "... rising to 22 on Monday, reported officials, with 25 others injured": a
                # figure the sentence goes on with after a sourced one is that source's too.
                source, statement, narrated = said_before[-1].source, said_before[-1].statement, False
            if source is None:
                narrator = _narrator(context) if narrator is None else narrator
                source = narrator
            time = min(happened, key=lambda t: abs(t.start_char - token.idx), default=None)
            said = statements[statement] if statement is not None else None
            rule = Rule.CLAIM_BREAKDOWN if inherited else Rule.CLAIM_NUMBER
            claim = CasualtyClaim(
                source=source,
                count=count,
                qualifier=qualifier,
                outcome=outcome or inherited[0].outcome,
                sentence=index,
                evidence=_evidence(doc, token),
                victims=group[2] if group is not None else _victims(token, rules),
                place=_whole_place(token, resolver, places, rules)
                if _is_whole(token, rules, phrases)
                else _first(
                    _place(token, sent, resolver, said, places, rules),
                    _nation(token, resolver, scene, rules),
                    _told_before(claims + current, count, outcome or inherited[0].outcome),
                    scene,
                ),
                time_text=time.text if time else (inherited[0].time_text if inherited else None),
                start=time.start if time else (inherited[0].start if inherited else None),
                end=_until_now(token, time, published, rules) if time else (inherited[0].end if inherited else None),
                statement=statement,
                narrator=narrated,
                rule=rule,
                confidence=rules.confidence[rule],
            )
            if claim.time_text is None:
                claim = _event_time(claim, token, events, scene_time, context.rules.time)
            each = _each(claim, token, rules)
            at[token.i] = each[0]
            current += each
        claims += current
        previous_sentence = current or previous_sentence[:0]
    return claims


def _told_before(earlier: list[CasualtyClaim], count: int | None, outcome: CasualtyOutcome | None) -> int | None:
    """The place of the same figure told earlier in the article ('he injured a man and two women
    on the high road' ... 'Two women and a man were injured'): a figure retold is of the same harm."""
    same = [c.place for c in earlier if count is not None and (c.count, c.outcome) == (count, outcome)]
    return next((place for place in reversed(same) if place is not None), None)


def _subject_verb(token: Token) -> tuple[Token, Token] | None:
    """The subject a figure stands as ("about 150", "about 150 people") and its verb."""
    noun = token.head if token.dep_ in ("nummod", "quantmod") else token
    return (noun, noun.head) if noun.dep_ in SUBJECTS and noun.head.pos_ in VERBS else None


def _fronted(verb: Token, subject: Token) -> Token | None:
    """The prepositional phrase set before a clause's subject ("Of the 600 killed, 150 were ...")."""
    return next((c for c in verb.children if c.dep_ == "prep" and c.i < subject.i), None)


def _whole_before(token: Token, at: Mapping[int, CasualtyClaim]) -> CasualtyClaim | None:
    """'Of the nearly 600 people killed, about 150 were in Talbor': the whole a subject figure
    is a part of, told in the phrase before it."""
    found = _subject_verb(token)
    phrase = _fronted(found[1], found[0]) if found else None
    if phrase is None:
        return None
    return next((at[t.i] for t in phrase.subtree if t.i in at), None)


def _is_whole(token: Token, rules: NumberRules, phrases: Mapping[int, str]) -> bool:
    """Whether the figure is the whole told before a part ('Of the 600 killed, 150 were ...')."""
    phrase = next((a for a in token.ancestors if a.dep_ == "prep" and a.head.pos_ in VERBS), None)
    subject = child(phrase.head, SUBJECTS) if phrase is not None else None
    fronted = _fronted(phrase.head, subject) if subject is not None else None
    if fronted is None or fronted.i != phrase.i:
        return False
    counted = [subject, *(c for c in subject.children if c.dep_ in ("nummod", "quantmod"))]
    return any(_figure(t, rules, phrases) is not None for t in counted)


def _whole_place(token: Token, resolver: ActorResolver, places: PlaceRules, rules: NumberRules) -> int | None:
    """A whole's place is only one its own phrase names: the places after it are its parts'."""
    phrase = next(a for a in token.ancestors if a.dep_ == "prep" and a.head.pos_ in VERBS)
    named = [t for t in phrase.subtree if _where(t, resolver, places)]
    return _contained(named[0], resolver, places, rules) if named else None


def _lead_place(resolver: ActorResolver, lead: set[int]) -> int | None:
    """Where a story is set when no event of the lead says so ("A building collapsed on Monday
    in Magnitogorsk, a city in Russia"): the first town the lead names that the gazetteer
    locates, a country only when it names no town."""
    named = [
        (min(m.start for m in e.mentions if m.sentence in lead), e.place.kind is PlaceKind.COUNTRY, i)
        for i, e in enumerate(resolver.entities)
        if e.type is EntityType.PLACE
        and not e.anonymous
        and e.place is not None
        and e.place.latitude is not None
        and any(m.sentence in lead for m in e.mentions)
    ]
    return min(named, key=lambda n: (n[1], n[0]))[2] if named else None


def _event_time(
    claim: CasualtyClaim, token: Token, events: list[Event], scene: Event | None, time_words: TimeWords
) -> CasualtyClaim:
    """A figure whose sentence gives no time has the time of the event told beside it ("mounted
    an ambush, killing at least 16"), else, when told in the story's past, the lead's time."""
    beside = [
        (abs(trigger.start - token.idx), event)
        for event in events
        if event.time_text and claim.sentence in event.sentences
        for trigger in event.triggers
        if token.sent.start_char <= trigger.start < token.sent.end_char
    ]
    event = min(beside, key=lambda pair: pair[0])[1] if beside else (scene if is_narrative(token, time_words) else None)
    if event is None:
        return claim
    return replace(claim, time_text=event.time_text, start=event.start, end=event.end)


def _each(claim: CasualtyClaim, token: Token, rules: NumberRules) -> list[CasualtyClaim]:
    """'two each from the Coast Guard and the National Police': one figure for every group named."""
    doc = token.doc
    words = tuple(t.lower_ for t in doc[token.i + 1 : token.i + 3])
    if words not in rules.distributives:
        return [claim]
    first = pobj(doc[token.i + 2])
    if first is None:
        return [claim]
    return [replace(claim, victims=_own_words(group)) for group in (first, *first.conjuncts)]


def _own_words(head: Token) -> str:
    """A coordinated noun phrase's words without the phrases coordinated after it."""
    later = {t.i for c in head.conjuncts if c.i > head.i for t in c.subtree}
    words = [t for t in head.subtree if t.i not in later and t.dep_ != "cc" and not t.is_punct]
    return " ".join(t.text for t in words)


def _counts_events(token: Token, event_words: set[str], measures: frozenset[str]) -> bool:
    """'62 massacres', 'the two blasts': a number of events, not of people; '36 minutes',
    'two years', '36 arrest warrants': of time or things; '$2 million', '85%': an amount or a
    share, a time of day, a rank or part of a name ('Route 9', 'Resolution 2334'), as the tagger
    reads it; 'The shooter, 21, ...': an age set off after a person."""
    if token.ent_type_ in _NOT_COUNTS:
        return True
    doc = token.doc
    if token.dep_ == "appos" and 0 < token.i < len(doc) - 1 and doc[token.i - 1].text == doc[token.i + 1].text == ",":
        return True
    noun = token.head if token.dep_ in ("nummod", "quantmod", "compound") else _counted(token)
    if noun is not None and (noun.lemma_.casefold() in event_words or {noun.lower_, noun.lemma_} & measures):
        return True
    # The parse may not tie "thirteen hours later" together: the word after the number says it,
    # unless it only qualifies the noun the number counts ("10 school children", "10 market vendors").
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is None or following.lower_ not in measures:
        return False
    return not (token.dep_ == "nummod" and following.dep_ == "compound" and following.head.i == token.head.i)


def _toll_words(toll: Token) -> list[Token]:
    """The words that may say what a toll counts: its own, and its "of"'s with theirs."""
    counted = _counted(toll)
    return [*toll.children, *((counted, *counted.children) if counted is not None else ())]


def _tolled(word: Token | None, toll: Token) -> bool:
    """Whether a word says what a toll counts: its compound ('death count'), its 'of' ('number of
    dead'), or what is said of its 'of' ('number of people killed')."""
    if word is None:
        return False
    if word.dep_ in ("acl", "amod") and word.head.dep_ == "pobj":
        word = word.head
    return word.dep_ == "compound" or (word.head.head.i == toll.i and word.dep_ == "pobj")


def _within_other_figure(token: Token, rules: NumberRules, phrases: Mapping[int, str]) -> bool:
    """'Seven members of one family', '14 people from 3 villages': a number inside the noun
    another figure counts is part of that figure's words, not a figure of its own."""
    noun = token.head if token.dep_ in ("nummod", "quantmod") else token
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return False
    owner = noun.head.head
    return any(c.dep_ == "nummod" and _figure(c, rules, phrases) is not None for c in owner.children)


def _range_end(token: Token) -> bool:
    """'between 20 and 30 people', '20 or 30 people': the upper end of a range counting one noun
    with the number before it; the figure is the lower end (a breakdown's '503 in Tartus, 262 in
    Hama' has words of each part's own)."""
    first = token.head
    return (
        token.dep_ == "conj"
        and first.pos_ == "NUM"
        and first.dep_ == "nummod"
        and token.i == first.i + 2
        and not any(
            c.dep_ not in ("cc", "punct", "quantmod", "advmod")
            for c in (*token.children, *first.children)
            if c.i != token.i
        )
    )


def _counted_together(token: Token, rules: NumberRules) -> tuple[int, int, str] | None:
    """'a man and two women', 'two soldiers and a civilian': people counted by numbers and by an
    article, joined, are one figure; (the index of its first number, the sum, the words), or None."""
    noun = token.head if token.dep_ == "nummod" else None
    if noun is None:
        return None
    while noun.dep_ == "conj":
        noun = noun.head
    counts: list[tuple[int, int]] = []
    singles = 0
    for member in (noun, *noun.conjuncts):
        number = next((c for c in member.children if c.dep_ == "nummod"), None)
        value = _number(number.lower_, rules) if number is not None else None
        article = any(c.dep_ == "det" and c.lower_ in rules.number_articles for c in member.children)
        if member.lower_ not in rules.victims or (value is None and not article):
            return None
        if value is None:
            singles += 1
        else:
            counts.append((number.i, value))
    if not singles or not counts:
        return None
    words = token.doc[noun.left_edge.i : max(m.i for m in noun.conjuncts) + 1].text
    return min(counts)[0], singles + sum(v for _, v in counts), words


def _counted(quantity: Token) -> Token | None:
    """What a quantity standing as a noun counts: 'dozens of attacks', 'a number of instances'."""
    return pobj(next((c for c in quantity.children if c.dep_ == "prep" and c.lower_ == "of"), None))


def _vague_phrases(sent: SpacySpan, matcher: PhraseMatcher) -> dict[int, str]:
    """The vague quantities of several words in a sentence ("hundreds of thousands", "a lot of"),
    by the index of every word in them: each is one figure, counted at the word heading it."""
    doc, found = sent.doc, {}
    longest: dict[int, int] = {}  # the longest phrase at each word it starts from
    for _, start, end in matcher(sent):
        longest[start] = max(end, longest.get(start, end))
    for start, end in sorted(longest.items()):
        if start not in found:
            root = doc[start:end].root.i
            phrase = " ".join(t.lower_ for t in doc[start:end])
            found.update({i: phrase if i == root else "" for i in range(start, end) if i not in found})
    return found


def _figure(token: Token, rules: NumberRules, phrases: Mapping[int, str]) -> tuple[int | None, Qualifier] | None:
    """(count, qualifier) when the token is a number or a vague quantity, else None; a word of a
    vague phrase is the phrase's figure at the word heading it and no figure elsewhere."""
    if token.i >= 2 and token.doc[token.i - 1].text == "-" and _number(token.doc[token.i - 2].lower_, rules):
        return None  # the second half of "Sixty-six", counted with the first
    if token.i in phrases and not phrases[token.i]:
        return None
    text = phrases.get(token.i) or _hyphenated(token)
    if text in rules.vague:
        # "several police lost their lives": a quantity word counts when it counts people.
        counting = token.dep_ in ("amod", "det", "nummod") and token.head.lower_ in rules.victims
        if text in rules.uncounted_vague or not (counting or token.pos_ in ("NOUN", "NUM")):
            return None
        return None, Qualifier.VAGUE
    multipliers = rules.multipliers
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    if token.lower_ in multipliers and before is not None and before.sent == token.sent:
        if _number(before.lower_, rules) is not None or _DECIMAL.fullmatch(before.text):
            return None  # "3 million", "1.2 million": counted with the number before it
        if before.lower_ in rules.vague:
            return None, Qualifier.VAGUE  # "several hundred"
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if _DECIMAL.fullmatch(token.text) and after is not None and after.lower_ in multipliers:
        return round(float(token.text) * multipliers[after.lower_]), _qualifier(token, rules)
    count = _number(text, rules)
    if count is None:
        return None
    # "another one": a pronoun, no figure; "the 75 wounded" counts the people its participle names.
    harmed = any(c.dep_ in ("acl", "amod") and c.lemma_.casefold() in rules.outcomes for c in token.children)
    if before is not None and before.lower_ in rules.pronoun_determiners and token.dep_ != "nummod" and not harmed:
        return None
    if after is not None and after.lower_ in multipliers and token.lower_ not in multipliers:
        count *= multipliers[after.lower_]
    return count, _qualifier(token, rules)


def _hyphenated(token: Token) -> str:
    """'Sixty-six' as one word, whether or not the tokenizer split it."""
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not doc[token.i].whitespace_:
        return f"{token.lower_}-{doc[token.i + 2].lower_}"
    return token.lower_


def _number(text: str, rules: NumberRules) -> int | None:
    digits = text.replace(",", "")
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    parts = text.split("-")
    if all(p in rules.words for p in parts):
        return sum(rules.words[p] for p in parts)
    return None


def _qualifier(token: Token, rules: NumberRules) -> Qualifier:
    doc = token.doc
    last = token.i + 2 if "-" in _hyphenated(token) else token.i  # the end of "Sixty-six"
    # "more than a hundred": the article belongs to the number word, not between it and its qualifier.
    first = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ in rules.number_articles else token.i
    before = " ".join(t.lower_ for t in doc[max(first - 3, 0) : first])
    after = " ".join(t.lower_ for t in doc[last + 1 : last + 4])
    for phrase, qualifier in sorted(rules.qualifiers.items(), key=lambda p: -len(p[0])):
        following = phrase in rules.following_qualifiers
        if (following and after.startswith(phrase)) or re.search(rf"(^| ){re.escape(phrase)}$", before):
            return qualifier
    # "Sixty-six people or more": the qualifier may follow the noun the number counts.
    noun = doc[last].head if doc[last].dep_ == "nummod" else doc[last]
    tail = " ".join(t.lower_ for t in doc[noun.i + 1 : noun.i + 3])
    after_noun = next((rules.qualifiers[p] for p in rules.following_qualifiers if tail.startswith(p)), None)
    return after_noun or Qualifier.EXACT


def _outcome(token: Token, rules: NumberRules) -> CasualtyOutcome | None:
    """What happened to the people counted, from the words the number is tied to."""
    outcomes = rules.outcomes
    # A number word may be parsed as an adjective of its noun ("Eleven people").
    counting = token.dep_ in ("nummod", "quantmod") or (token.dep_ == "amod" and token.head.pos_ == "NOUN")
    noun = token.head if counting else token
    # "... and more than 100 people were injured", "a hundred injured": the words right after
    # the counted noun say what happened to it, whatever the parse coordinated it with.
    for later in _skipping_aside(token.doc, noun.i + 1):
        word = later.lemma_.casefold()
        if word in outcomes and later.tag_ in ("VBN", "JJ", "VBD"):
            return outcomes[word]
        linking = later.pos_ in ("AUX", "ADV") or later.dep_ in AUXILIARIES
        if not (linking or later.lower_ in rules.outcome_linkers or word in rules.outcome_linkers):
            break
    # A noun joined to the counted one with a number of its own is another figure: "17 survivors
    # and 9 bodies".
    near = [noun, *(c for c in noun.children if not (c.dep_ == "conj" and child(c, "nummod") is not None))]
    # "hundreds of civilian deaths": a quantity counts the noun after its "of", which may say
    # what happened; the sentence's verbs tell of something else.
    counted = _counted(noun)
    if counted is not None and counted.lemma_.casefold() in outcomes:
        return outcomes[counted.lemma_.casefold()]
    climb = noun
    for _ in range(3):
        if climb.head.i == climb.i:
            break
        climb = climb.head
        near.append(climb)
        if climb.pos_ in VERBS:
            # "the confirmed deaths are fourteen civilians", "death tolls exceeded 100"; the object
            # too: "put the death toll at 50", "several police lost their lives"
            people = noun.i == token.i or noun.lower_ in rules.victims  # not "35 bodies in one hospital"
            arguments = [c for c in climb.children if c.dep_ in SUBJECTS or (people and c.dep_ == "dobj")]
            # "were shot dead", "were found dead": the state the verb leaves them in; "were forced
            # to flee": what they were made to undergo (not "tried to kill": a doer's aim).
            passive = any(c.dep_ == "auxpass" for c in climb.children)
            results = ("oprd", "acomp", "xcomp") if passive else ("oprd", "acomp")
            near += arguments + [c for c in climb.children if c.dep_ in results]
            if noun.dep_ in (*SUBJECTS, "attr") and climb.lemma_ == "be":
                # "Two police officers were among the dead", "among 12 people killed", "Among those
                # killed were 3 journalists": the company they are counted in.
                company = [pobj(c) for c in climb.children if c.dep_ == "prep" and pobj(c) is not None]
                near += company + [c for t in company for c in t.children if c.dep_ in ("acl", "amod")]
            if noun.i == token.i:
                # A bare figure the toll is put at: "placed the protester death count in the
                # hundreds", "put the number of dead at 30" (not "warrants for the arrest of 36 people").
                near += [c for a in arguments for c in _toll_words(a) if _tolled(c, a)]
            break
    near += [c for t in (noun, noun.head) for c in t.children if c.dep_ in ("acl", "relcl", "amod", "acomp", "attr")]
    for candidate in near:
        for word in (candidate.lower_, candidate.lemma_.casefold()):
            if word in outcomes and candidate.i != token.i:
                return outcomes[word]
    return _outcome_closing_list(token, outcomes)


def _skipping_aside(doc: Doc, start: int) -> list[Token]:
    """The four words after a counted noun, past an aside set off by commas ("around twenty more,
    including a colleague, were injured"); a comma with no second one ends them."""
    words = list(doc[start : start + 4])
    if not words or words[0].text != ",":
        return words
    sent_end = words[0].sent.end
    closing = next((t.i for t in doc[start + 1 : min(start + 12, sent_end)] if t.text == ","), None)
    return list(doc[closing + 1 : closing + 5]) if closing is not None else []


def _outcome_closing_list(token: Token, outcomes: Mapping[str, CasualtyOutcome]) -> CasualtyOutcome | None:
    """'150 security forces, 95 civilians, and hundreds of Taliban killed': a participle that
    closes the list the figure stands in, when the parse does not tie them."""
    for later in token.doc[token.i + 1 : token.sent.end]:
        lemma = later.lemma_.casefold()
        if lemma in outcomes and later.tag_ in ("VBN", "VBD"):
            return outcomes[lemma]
        if (later.is_punct and later.text != ",") or later.pos_ in VERBS:
            return None  # the clause ends before any outcome
    return None


def _generic(token: Token) -> bool:
    """'events where four or more people are killed': a figure in a relative clause in the simple
    present passive defines a kind of event, it reports none."""
    verb = clause_of(token)
    present = any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in verb.children)
    return present and verb.dep_ == "relcl"


def _is_date_part(token: Token, times: list) -> bool:
    return any(t.start_char <= token.idx < t.end_char for t in times) or (
        token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2100
    )


def _continued(sent: SpacySpan, previous: list[CasualtyClaim], rules: NumberRules) -> list[CasualtyClaim]:
    """'They include 836 people killed in ...': a sentence that goes on from the last figures."""
    first = next((t for t in sent if not t.is_punct), None)
    return previous if first is not None and first.lower_ in rules.continuing_subjects else []


def _continues(token: Token, resolver: ActorResolver, rules: NumberRules, places: PlaceRules) -> bool:
    """A bare number that goes on with a list of figures: '..., 503 in Tartus' (a place
    follows), 'as were seventeen from the Armed Forces', 'two each from the Coast Guard'."""
    doc = token.doc
    following = doc[token.i + 1 : token.i + 4]
    if not following:
        return False
    if following[0].lower_ in rules.place_continuers:
        return any(_is_place(resolver, t, places) for t in following[1:])
    return following[0].lower_ in rules.list_continuers


def _is_place(resolver: ActorResolver, token: Token, places: PlaceRules) -> bool:
    """A place mention, but not one that only qualifies a name ('the UK-based Observatory')."""
    index = resolver.entity_at(token)
    doc = token.doc
    hyphenated = token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
    describing = hyphenated and doc[token.i + 2].lower_ in places.describing_suffixes
    return index is not None and resolver.entities[index].type is EntityType.PLACE and not describing


def _place(
    token: Token,
    sent: SpacySpan,
    resolver: ActorResolver,
    statement: Statement | None,
    places: PlaceRules,
    rules: NumberRules,
) -> int | None:
    """The place named right after the figure, else the nearest place in the sentence; within
    a statement, only places in what was said ("police of the Autonomous Region" describes the
    source, not where people died)."""
    for later in token.doc[token.i + 1 : min(token.i + 8, sent.end)]:
        if later.text in ",;":
            break
        if _where(later, resolver, places):
            return _contained(later, resolver, places, rules)
    candidates = [t for t in sent if _where(t, resolver, places)]
    said = (statement.content.start, statement.content.end) if statement else (sent.start_char, sent.end_char)
    told = [t for t in candidates if said[0] <= t.idx < said[1]]
    if not told and statement is not None:
        # What was said names no place, its sentence does ("an assault in Ghazni ..., with
        # officials reporting 150 killed"); the speaker's own words never do.
        words = statement.speaker_words
        told = [t for t in candidates if words is None or not words.start <= t.idx < words.end]

    def preference(place: Token) -> tuple[bool, int]:
        # A named place before a described one ("In Baniyas alone, a largely Alawite city, ...").
        return resolver.entities[resolver.entity_at(place)].anonymous, abs(place.i - token.i)

    nearest = min(told, key=preference, default=None)
    return _contained(nearest, resolver, places, rules) if nearest is not None else None


def _where(token: Token, resolver: ActorResolver, places: PlaceRules) -> bool:
    """Whether a place mention can be where harm was done: not a destination ("transported to
    Kabul", "fled into northern Lebanon"), nor an owner: "Varnia's Operation Thunder",
    "Dorland's army" name the attacker's nation, "Syria's Idlib province" the place after it;
    nor the wider place an apposition puts a town in."""
    if not _is_place(resolver, token, places):
        return False
    head = token
    while head.dep_ in ("amod", "compound", "nmod") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in places.destination_prepositions:
        return False
    # "Quetta, the capital of Balochistan province": what lies around the town named before.
    around = any(a.dep_ == "appos" and _is_place(resolver, a.head, places) for a in token.ancestors)
    return head.dep_ != "poss" and not around


def _contained(place: Token, resolver: ActorResolver, places: PlaceRules, rules: NumberRules) -> int | None:
    """'in Dayton, Ohio', 'in Paris, France': a region or country written after a town is where
    the town lies; the harm was done in the town."""
    index = resolver.entity_at(place)
    container = resolver.entities[index].place
    first = place
    while first.i > 0 and resolver.entity_at(first.doc[first.i - 1]) == index:
        first = first.doc[first.i - 1]
    if first.i < 2 or first.doc[first.i - 1].text != "," or not _is_place(resolver, first.doc[first.i - 2], places):
        return index
    town = resolver.entity_at(first.doc[first.i - 2])
    inside = resolver.entities[town].place
    label = resolver.entities[index].label
    if container is None and inside is None:
        # The gazetteer knows neither: a list goes on after its second name ("Aleppo, Idlib and Homs").
        last = place
        while last.i + 1 < len(place.doc) and resolver.entity_at(place.doc[last.i + 1]) == index:
            last = place.doc[last.i + 1]
        after = place.doc[last.i + 1] if last.i + 1 < len(place.doc) else None
        return index if after is not None and (after.text == "," or after.dep_ == "cc") else town
    wider = container is not None and container.kind in rules.container_kinds
    return town if wider or (inside is not None and label in (inside.country, *inside.areas)) else index


def _until_now(token: Token, time: TimeExpression, published: date | None, rules: NumberRules) -> date | None:
    """'The violence, which broke out last Thursday, has killed ...': a present perfect counts
    from the day named up to publication."""
    verb = clause_of(token)
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    perfect = verb.tag_ == "VBN" and bool(auxiliaries & rules.perfect_auxiliaries)
    if perfect and published and time.end and time.end <= published:
        return published
    return time.end


def _first(*indices: int | None) -> int | None:
    """The first entity index given (0 is an index, not a missing one)."""
    return next((i for i in indices if i is not None), None)


def _nation(token: Token, resolver: ActorResolver, scene: int | None, rules: NumberRules) -> int | None:
    """'sixteen deaths in the nation': the country the story's scene lies in, if the text names it."""
    phrase = " ".join(t.lower_ for t in token.doc[token.i : min(token.i + 8, token.sent.end)])
    if scene is None or not any(f"in the {word}" in phrase for word in rules.nation_words):
        return None
    place = resolver.entities[scene].place
    country = place.country if place else None
    return next((i for i, e in enumerate(resolver.entities) if country and e.label == country), None)


def _victims(token: Token, rules: NumberRules) -> str | None:
    noun = token.head if token.dep_ == "nummod" else None
    if noun is None or noun.pos_ != "NOUN":
        return None
    # After the figure's own words ("between 20 and 30"), up to the noun it counts.
    words = [t for t in noun.subtree if token.right_edge.i < t.i <= noun.i]
    text = " ".join(t.text for t in words)
    return text if any(w in text.casefold() for w in rules.victims) else None


def _narrator(context: DocumentContext) -> int:
    """The voice of an article no outlet is given for: the document itself, an unnamed source
    of its own (never shared with another document), named by the article's title or source."""
    article = context.article
    voice = Entity(type=EntityType.ORGANIZATION, label=article.title or article.source, mentions=(), anonymous=True)
    context.resolver.entities.append(voice)
    return len(context.resolver.entities) - 1


def _source(
    token: Token,
    statements: list[Statement],
    resolver: ActorResolver,
    outcomes: Mapping[str, CasualtyOutcome],
    event_words: set[str],
) -> tuple[int | None, int | None]:
    """The speaker of the statement holding the figure and that statement; else whoever the figure
    was 'provided by' ('death tolls, provided by officials, exceeded 100'); else no one: the
    figure stands in the narrator's voice."""
    # The innermost statement holding the figure, and of equals the one whose cue is nearest before it.
    holding = [
        (s.content.end - s.content.start, token.idx - (s.cue_span.start if s.cue_span else 0), n)
        for n, s in enumerate(statements)
        if s.content.start <= token.idx < s.content.end and (s.cue_span is None or s.cue_span.start <= token.idx)
    ] or [
        (s.content.end - s.content.start, 0, n)
        for n, s in enumerate(statements)
        if s.content.start <= token.idx < s.content.end
    ]
    if holding:
        number = min(holding)[2]
        return statements[number].speaker, number
    giver = _given_by(token) or _toll_setter(token, outcomes, event_words)
    return (resolver.resolve(giver) if giver is not None else None), None


def _toll_setter(token: Token, outcomes: Mapping[str, CasualtyOutcome], event_words: set[str]) -> Token | None:
    """Who puts a toll at the figure: 'the agency has placed the death count in the hundreds',
    'the ministry put the toll at 45'; not what raised it ('the shelling raised the toll to 50')."""
    verb = clause_of(token)
    toll = child(verb, "dobj")
    words = [toll, *(c for c in _toll_words(toll) if _tolled(c, toll))] if toll is not None else []
    if (
        toll is None
        or token.i == toll.i
        or token.head.i == toll.i
        or not any(w.lemma_.casefold() in outcomes for w in words)
    ):
        return None  # "the violence has left 30 dead": the figure counts the object, no toll is put
    victims = _counted(toll)
    if victims is not None and victims.left_edge.i <= token.i <= victims.right_edge.i:
        return None  # "the fighting claimed the lives of 300 people": the figure counts the victims
    # "The news agency AFP has placed ...": of the subjects and their appositions, the name.
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects = sorted(
        [*subjects, *(a for c in subjects for a in c.children if a.dep_ == "appos")], key=lambda c: c.pos_ != "PROPN"
    )
    setter = subjects[0] if subjects else None
    return setter if setter is not None and setter.lemma_.casefold() not in event_words else None


def _given_by(token: Token) -> Token | None:
    """The agent of a participle on the figure's subject: 'tolls, provided by officials, ...'."""
    for subject in (c for c in clause_of(token).children if c.dep_ in SUBJECTS):
        for participle in (c for c in subject.children if c.dep_ == "acl"):
            agent = child(participle, "agent")
            if agent is not None:
                return pobj(agent)
    return None


def _evidence(doc: Doc, token: Token) -> TextSpan:
    """The clause that states the figure: from the figure's phrase to the end of its clause."""
    clause = clause_of(token)
    tokens = [t for t in clause.subtree if not t.is_punct or t.i not in (clause.left_edge.i, clause.right_edge.i)]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    sent = token.sent
    start, end = max(start, sent.start_char), min(end, sent.end_char)
    return TextSpan(start, end, text_of(doc)[start:end])

"""Who blamed whom, who denied, who condemned, and who called on whom to act.

Blame in news is rarely the word "blame". It is found where:
- an explicit predicate assigns it: blame, accuse, charge, hold responsible, attribute or
  ascribe to, point the finger at, and "X claimed responsibility" (X blames itself); one
  whose accuser goes unnamed ("X was charged with murder") gives no blame;
- a statement asserts that an actor did something harmful: the speaker of "foreign powers
  helped trigger the clashes" blames foreign powers; copulas count too ("X are the
  suspected perpetrators", "only this organisation appeared capable of the bombing");
- the article's own voice uses a passive agentive ("an attack conducted by the Taliban"):
  the blamer is then the outlet, marked as the narrator.
An implied referent ("in an apparent reference to Iran") becomes the implied blamed party;
hedges ("reportedly", "suspected", "some analysts think") are kept as a property.
Predicates and cue words live in `data/attribution.json`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..gazetteer import fold
from ..records import Attribution, AttributionKind, Entity, EntityType, Rule, Stance, Statement, TextSpan
from .rules import CallFrame, ExplicitBlame
from .syntax import (
    AUXILIARIES,
    COMPLEMENTS,
    MODIFYING_CLAUSES,
    NOUNS,
    PLURAL_NOUN_TAGS,
    PREPOSITIONAL_OBJECTS,
    SUBJECTS,
    VERBS,
    agent_of,
    child,
    hangs_from,
    infinitive,
    later_conjuncts,
    negated,
    pobj,
    prep_object,
    span_between,
    subtree_span,
    text_of,
    token_span,
)

if TYPE_CHECKING:
    from .context import DocumentContext


def extract_attribution(context: DocumentContext) -> list[Attribution]:
    """Blame, denials, condemnations and calls of one article's body, in text order, without
    repeats."""
    rules = context.rules.attribution
    found: list[Attribution] = []
    for index, sent in context.body:
        statement = _statements_in(context, sent)
        before = len(found)
        for token in sent:
            lemma = token.lemma_.casefold()
            if token.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
                continue
            if lemma in rules.call_verbs:
                found += _call(context, token, index)
            if lemma in rules.call_nouns and token.pos_ == "NOUN":
                found += _listed_demands(context, token, index) or _nominal_call(context, token, index)
            if lemma in rules.condemn_verbs:
                found += _condemnation(context, token, index, found)
            if lemma in rules.deny_verbs:
                found += _denial(context, token, index)
            if lemma in rules.explicit:
                found += _explicit_blame(context, token, index)
            if lemma in rules.self_blame:
                found += _self_blame(context, token, index)
            if lemma in rules.self_blame_preps and token.pos_ == "VERB":
                found += _confession(context, token, index)
            if lemma in rules.characterization_verbs and token.pos_ == "VERB":
                found += _characterization(context, token, index, found)
        for number, said in statement:
            found += _blame_in_statement(context, number, said, sent, index)
            found += _deontic_calls(context, number, said, sent, index)
        found += _blame_in_calls(context, [a for a in found[before:] if a.kind is AttributionKind.CALL], index)
        found += _echoed_blame(context, sent, index, found)
        if not statement:
            found += _narrator_blame(context, sent, index)
    # A call is a call to do something: one whose action came out empty (odd text) is none.
    return _unique([item for item in found if item.kind is not AttributionKind.CALL or item.text.strip()])


def _statements_in(context: DocumentContext, sent: SpacySpan) -> list[tuple[int, Statement]]:
    return [
        (i, s)
        for i, s in enumerate(context.statements)
        if s.content.start < sent.end_char and sent.start_char < s.content.end
    ]


# --- actors


def _actor(context: DocumentContext, head: Token | None, speaker: bool = False) -> int | None:
    """The entity an actor phrase names; words that cannot name an actor give None."""
    if head is not None and head.lower_ in context.rules.attribution.object_pronouns and not speaker:
        return context.resolver.object_antecedent(head)
    if head is None or (head.lower_ in context.rules.attribution.non_actor_pronouns and not speaker):
        return None
    country = _demonym_place(context, head)
    if country is not None:
        return context.resolver.speaking(country) if speaker else country
    if context.resolver.entity_at(head) is None and not speaker and not _may_be_actor(context, head):
        return None
    case = child(head, "case")
    if case is not None and context.resolver.entity_at(head) is None and head.pos_ != "PROPN":
        # "the militia's attack": the possessive mark is no part of who.
        return context.resolver.unnamed(head, head.left_edge.idx, case.idx)
    # A place may stand for its government ("Damascus", "Tehran"): it can be blamed or called on.
    return context.resolver.resolve(head) if speaker else context.resolver.resolve_actor(head)


def _demonym_place(context: DocumentContext, head: Token) -> int | None:
    """'Iranian involvement', 'a Varnish drone strike': the country the article names whose
    name the adjective is made from (Iran, Varnia), which then stands for its government."""
    if head.ent_type_ != "NORP" and not (head.pos_ == "ADJ" and head.text[:1].isupper()):
        return None
    if context.resolver.entity_at(head) is not None:
        return None  # "the Republican", "the Kurds": a people or party named on its own, no country
    rules = context.rules.attribution
    word = fold(head.text)
    stem = next((word[: -len(s)] for s in rules.demonym_suffixes if word.endswith(s)), word)
    if len(stem) < rules.demonym_min_stem:
        return None

    def made_from(entity: Entity) -> bool:
        # The name's first or last word: "Iranian" is made from "Islamic Republic of Iran" too.
        words = fold(entity.label).split()
        ends = {words[0], words[-1]} if words else set()
        return any(w.startswith(stem) and len(w) - len(stem) <= rules.demonym_max_ending for w in ends)

    places = [i for i, e in enumerate(context.entities) if e.type is EntityType.PLACE and made_from(e)]
    # A place that spoke became an organization of its name ("Iran said ...").
    bodies = [
        i
        for i, e in enumerate(context.entities)
        if e.type is EntityType.ORGANIZATION and len(e.label.split()) == 1 and made_from(e)
    ]
    return next(iter(places + bodies), None)


def _modifier_agent(context: DocumentContext, act: Token) -> Token | None:
    """Who did an act named by a noun, when a word before it says so: 'the militia's attack',
    'Israel's offensive', 'a Varnish drone strike', 'police violence'. Places and dates before
    the noun say where and when ('the Kabul attack', 'Monday's raid'), not who."""
    rules = context.rules.attribution
    for word in act.subtree:
        if word.i >= act.i:
            break
        if not hangs_from(word, act, rules.agent_modifier_dependencies):
            continue
        if word.lower_ in rules.non_actor_pronouns or word.ent_type_ in rules.non_agent_entity_labels:
            continue
        if word.dep_ == "poss" and act.lower_ in rules.victim_possessor_nouns:
            continue  # "Nabil's murder", "her abduction": the one harmed
        if word.dep_ == "poss" or _demonym_place(context, word) is not None or _may_be_actor(context, word):
            return word
    return None


def _may_be_actor(context: DocumentContext, head: Token) -> bool:
    rules = context.rules.attribution
    words = (head.lemma_.casefold(), head.lower_)
    # A title names its holder ("the governor has been accused of ...").
    return head.pos_ == "PROPN" or any(w in rules.actor_nouns or w in context.rules.speakers.titles for w in words)


# --- calls to action


def _call(context: DocumentContext, token: Token, index: int) -> list[Attribution]:
    head = agent_of(token) or _subject_above(token)
    # "The council and the government called for ...": each of them calls.
    heads = [head, *later_conjuncts(head)] if head else []
    return [call for caller in heads for call in _call_by(context, token, caller, index)]


def _subject_above(token: Token) -> Token | None:
    """'The envoy stressed the need to hold X to account and urged Y to ...': a call verb
    coordinated inside the clause of another verb is said by that verb's subject."""
    if token.dep_ != "conj" or token.pos_ not in VERBS:
        return None
    return next((agent_of(v) for v in token.ancestors if v.pos_ in VERBS and agent_of(v) is not None), None)


def _addressed_by(context: DocumentContext, cue: Token, preposition: str) -> Token | None:
    """The object of the cue's 'on' or 'to' that names whom ("On Tuesday, the envoy called on
    the rebels": a time is when, not whom)."""
    labels = context.rules.attribution.non_agent_entity_labels
    heads = (cue, *(c for c in cue.children if c.dep_ == "dobj"))
    preps = [c for h in heads for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ == preposition]
    return next((o for o in map(pobj, preps) if o is not None and o.ent_type_ not in labels), None)


def _call_by(context: DocumentContext, token: Token, caller_head: Token, index: int) -> list[Attribution]:
    rules = context.rules.attribution
    caller = _actor(context, caller_head, speaker=True)
    if caller is None:
        caller = _first_person(context, caller_head)
    if caller is None:
        return []
    spec = rules.call_verbs[token.lemma_.casefold()]
    if spec.deadline and not _deadline(context, token):
        return []
    # Which prepositions carry the addressee ("call on", "appeal to") or the action ("call for").
    preps = {c.lower_: c for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in spec.preps}
    addressee_head = child(token, "dative") if spec.deadline else None
    addressee_head = addressee_head or child(token, "dobj")
    for preposition in rules.addressee_prepositions:
        named = _addressed_by(context, token, preposition) if preposition in preps else None
        addressee_head = named or addressee_head
    action, frame = _action(context, token, addressee_head, preps, spec)
    if action is None or frame not in spec.actions:
        return []
    if action is addressee_head:
        addressee_head = None
    addressee = _actor(context, addressee_head)
    action_span = _action_span(context, token, action)
    evidence = span_between(context.doc, token.idx, action_span.end)
    return [_relation(context, AttributionKind.CALL, caller, addressee, action_span.text, index, evidence, token)]


def _deadline(context: DocumentContext, cue: Token) -> bool:
    """'until Thursday', '48 hours', 'a week': a time the addressee of the cue has to act by."""
    rules = context.rules.attribution
    times = [c for c in cue.children if c.dep_ in ("npadvmod", "dobj")]
    by = [pobj(c) for c in cue.children if c.dep_ == "prep" and c.lower_ in rules.deadline_prepositions]
    times += [o for o in by if o is not None]
    return any(t.ent_type_ in rules.deadline_entity_labels for t in times)


def _action(
    context: DocumentContext, cue: Token, addressee: Token | None, preps: dict[str, Token], spec: CallFrame
) -> tuple[Token | None, str | None]:
    """What a call verb asks for, and by which frame it follows the verb."""
    rules = context.rules.attribution
    for clause in cue.children:
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        if clause.dep_ == "advcl" and infinitive(clause) and not marks - {"for"}:
            # "called for the bill to be dropped", "count on X to keep the border open"
            return clause, "for" if "for" in marks else "infinitive"
        if clause.dep_ in COMPLEMENTS and clause.pos_ in VERBS:
            if any(c.dep_ == "mark" and c.lower_ in rules.question_marks for c in clause.children):
                return clause, "question"  # "asked whether the talks would go on"
            return clause, "infinitive" if infinitive(clause) else "clause"
    if addressee is not None:
        wanted = next((c for c in addressee.children if c.dep_ in ("acl", "relcl", "xcomp") and infinitive(c)), None)
        if wanted is not None:
            return wanted, "infinitive"  # "urged residents to leave"
    if "for" in preps and (wanted := prep_object(cue, "for")) is not None and not _convened(context, cue, wanted):
        return wanted, "for"
    wanted = child(cue, "dobj")
    if wanted is None or wanted.lemma_.casefold() in rules.not_actions:
        return None, None
    if wanted is addressee and not spec.object_is_action:
        return None, None  # "urged the council": whom, with nothing asked of it
    return wanted, "object"


def _convened(context: DocumentContext, cue: Token, wanted: Token) -> bool:
    """'called a meeting of the council for Friday', 'called elections for May': a call of
    something, for a time or place, asks no one to act."""
    labels = context.rules.attribution.non_agent_entity_labels
    thing = child(cue, "dobj")
    return wanted.ent_type_ in labels or (thing is not None and _actor(context, thing) is None)


def _first_person(context: DocumentContext, head: Token) -> int | None:
    """'"We count on you to ...," the minister wrote': I and we inside what someone said are
    the speaker."""
    if head.lower_ not in context.rules.speakers.first_person:
        return None
    return next((s.speaker for s in context.statements if s.content.start <= head.idx < s.content.end), None)


def _listed_demands(context: DocumentContext, noun: Token, index: int) -> list[Attribution]:
    """'Their demands have included dissolving parliament, a new election law and a date for
    elections': one call for each item, by whoever the demands belong to."""
    verb = noun.head
    owner = child(noun, "poss")
    if noun.dep_ != "nsubj" or verb.lemma_.casefold() not in context.rules.attribution.listing_verbs or owner is None:
        return []
    caller = _actor(context, owner, speaker=True)
    first = child(verb, ("dobj", "attr", "xcomp", "ccomp"))
    if caller is None or first is None:
        return []
    # "included dissolving parliament, appointing a committee and ...": the parser may hang
    # later items on the verb, after a comma.
    items, stack = [], [first, *(c for c in verb.children if c.i > first.i and _after_comma(c) and c.dep_ in LISTED)]
    while stack:
        item = stack.pop()
        items.append(item)
        stack += _list_members(item)
    found = []
    for item in sorted(items, key=lambda t: t.i):
        later = {t.i for c in _list_members(item) for t in c.subtree}
        words = [t for t in item.subtree if t.i not in later and t.dep_ != "cc" and not t.is_punct]
        if not words:
            continue
        action = span_between(context.doc, words[0].idx, words[-1].idx + len(words[-1]))
        found.append(_relation(context, AttributionKind.CALL, caller, None, action.text, index, action, noun))
    return found


# What a listing verb's items may hang by ("demands include A", "demands were to dissolve X").
LISTED = frozenset({"dobj", "attr", "xcomp", "ccomp", "advcl"})


def _list_members(item: Token) -> list[Token]:
    """The items listed after this one that the parser hung on it: its conjuncts and
    appositions, and a ', that the government resign' clause (a relative clause takes no
    comma before 'that', so this is the list's next item)."""
    return [c for c in item.children if c.dep_ in ("conj", "appos") or (_after_comma(c) and _that_clause(c))]


def _that_clause(word: Token) -> bool:
    return word.dep_ in MODIFYING_CLAUSES and any(m.dep_ == "mark" and m.lower_ == "that" for m in word.children)


def _after_comma(word: Token) -> bool:
    first = word.left_edge
    return first.i > 0 and word.doc[first.i - 1].text in (",", ";")


def _nominal_call(context: DocumentContext, noun: Token, index: int) -> list[Attribution]:
    """A call named by a noun: 'Council members reiterated their call for the militia to end
    its blockade', 'renewed their demand that the rebels free the hostages', 'stressed the
    need to hold those responsible to account', and, inside what someone said, 'a reminder of
    the need to protect aid workers'. The caller is who asserts it; whoever the noun's 'on'
    or 'to', or the subject of what is asked, names is called on."""
    caller = _nominal_caller(context, noun)
    determiners = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
    if caller is None or determiners & context.rules.speakers.no_one_determiners:
        return []  # "there is no need to panic"
    if not determiners and noun.tag_ not in PLURAL_NOUN_TAGS:
        return []  # a bare singular is an idiom: "if in need of documents", "on request"
    action, addressee_head = _nominal_action(context, noun)
    if action is None:
        return []
    for preposition in context.rules.attribution.addressee_prepositions:
        addressee_head = prep_object(noun, preposition) or addressee_head
    addressee = _actor(context, addressee_head)
    span = _action_span(context, noun, action)
    evidence = span_between(context.doc, noun.idx, span.end)
    return [_relation(context, AttributionKind.CALL, caller, addressee, span.text, index, evidence, noun)]


def _nominal_caller(context: DocumentContext, noun: Token) -> int | None:
    """Who makes the call a noun names: the subject of the verb that asserts it ("reiterated
    their call"; not "rejected the call"), else the speaker of what it stands in."""
    verb = noun.head
    cue = context.rules.speech.verbs.get(verb.lemma_.casefold())
    if noun.dep_ == "dobj" and cue is not None:
        if cue.stance is not Stance.ASSERTION or verb.lemma_.casefold() in context.rules.attribution.condemn_verbs:
            return None
        return _actor(context, agent_of(verb), speaker=True)
    return next((s.speaker for s in context.statements if s.content.start <= noun.idx < s.content.end), None)


def _nominal_action(context: DocumentContext, noun: Token) -> tuple[Token | None, Token | None]:
    """What a call noun asks for, and whom, when its words say it: an infinitive ('the need to
    act'), a 'that' clause ('demand that the rebels leave'), or 'for' and its object, with the
    infinitive that follows it ('call for the militia to end ...': the militia is called on)."""
    for clause in noun.children:
        if clause.dep_ in ("acl", "ccomp", "relcl") and clause.pos_ in VERBS:
            marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
            if (infinitive(clause) and not marks - {"for"}) or marks & {"that"}:
                return clause, child(clause, SUBJECTS)
    wanted = prep_object(noun, "for")
    if wanted is None or wanted.ent_type_ in context.rules.attribution.non_agent_entity_labels:
        return None, None
    after = [c for c in (*wanted.children, *noun.head.children) if c.i > wanted.i and c.dep_ in ("acl", "advcl")]
    then = next((c for c in after if infinitive(c) and child(c, SUBJECTS) is None), None)
    return (then, wanted) if then is not None else (wanted, None)


def _deontic_calls(
    context: DocumentContext, number: int, statement: Statement, sent: SpacySpan, index: int
) -> list[Attribution]:
    """'All sides must stop shelling', 'the council should act', 'X needs to leave', said by
    someone: the speaker calls on the subject to do it. An imperative quoted ('"Leave the
    city now," the army told residents') calls on whom the speaker addressed."""
    rules = context.rules.attribution
    found = []
    for token in sent:
        if not statement.content.start <= token.idx < statement.content.end or token.pos_ not in VERBS:
            continue
        modal = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in rules.deontic_modals), None)
        verb = token
        imperative = modal is None and statement.direct and _imperative(token, statement)
        if imperative:
            modal = token
        elif modal is None and (adjective := _deontic_adjective(token, rules.deontic_adjectives)) is not None:
            modal = adjective
        elif modal is None and token.lemma_.casefold() in rules.deontic_verbs:
            verb = next((c for c in token.children if c.dep_ == "xcomp" and infinitive(c)), None)
            verb = verb if verb is not None else _what_is_needed(token)
            modal = token if verb is not None else None
        if modal is None or verb is None or (modal is token and not imperative and negated(token, rules.negators)):
            continue  # "they don't have to justify it": no obligation, so no call
        addressee = _actor(context, child(token, SUBJECTS) or (_addressed(context, statement) if imperative else None))
        if addressee == statement.speaker:
            addressee = None
        # "must not fire on the crowd" calls for refraining: the negation belongs to the action.
        refrain = next((c for c in verb.children if c.dep_ == "neg" and c.i < verb.i), None)
        # What is called for may be a thing rather than an act ("what is needed is a ceasefire").
        first = refrain or (verb.left_edge if verb.pos_ in NOUNS else verb)
        action = span_between(context.doc, first.idx, subtree_span(verb).end)
        evidence = span_between(context.doc, min(subtree_span(token).start, modal.idx), action.end)
        speaker = statement.speaker
        call = _relation(context, AttributionKind.CALL, speaker, addressee, action.text, index, evidence, modal)
        rule = Rule.CALL_DEONTIC
        found.append(replace(call, statement=number, rule=rule, confidence=rules.confidence[rule]))
    return found


def _deontic_adjective(verb: Token, adjectives: frozenset[str]) -> Token | None:
    """ "It is crucial that the corridors stay open", "it is vital to reopen them": the
    adjective of an impersonal 'it is' that the clause of `verb` completes, if it obliges."""
    head = verb.head
    if verb.dep_ not in ("ccomp", "xcomp", "advcl") or head.lemma_ != "be" or head.i > verb.i:
        return None
    if head.tag_ not in ("VBZ", "VBP"):
        return None  # "it was necessary to evacuate the hospital" tells what was done
    subject = child(head, "nsubj")
    if subject is None or subject.lower_ != "it" or any(c.dep_ == "neg" for c in head.children):
        return None
    adjective = child(head, "acomp")
    return adjective if adjective is not None and adjective.lower_ in adjectives and adjective.i < verb.i else None


def _what_is_needed(needed: Token) -> Token | None:
    """ "What is needed is an immediate ceasefire": what the free relative equates the need with."""
    if needed.dep_ != "csubj" or (what := child(needed, ("nsubjpass", "nsubj"))) is None or what.lower_ != "what":
        return None
    return child(needed.head, "attr")


def _obliged(context: DocumentContext, token: Token) -> bool:
    """Whether an act stands under 'must', 'should' or 'need to' ('the militias should stop
    attacking the villages'): what someone is called on to do, or to stop doing."""
    rules = context.rules.attribution
    below = None
    for word in (token, *token.ancestors):
        if any(c.dep_ == "aux" and c.lower_ in rules.deontic_modals for c in word.children):
            return True
        if _deontic_adjective(word, rules.deontic_adjectives) is not None:
            return True  # "it is vital that the militias stop shelling the town"
        needed = below is not None and below.dep_ == "xcomp" and infinitive(below)
        if needed and word.lemma_.casefold() in rules.deontic_verbs:
            return True  # "have to stop attacking", not "have fighters who attacked"
        below = word
    return False


def _imperative(verb: Token, statement: Statement) -> bool:
    """A bare verb without subject or auxiliary that heads what was said, or a clause of it;
    "don't" is the one auxiliary an imperative takes ("Don't shoot"). One whose object is a
    clause ("Imagine that the world stays silent", "Remember that ...") asks to think, not act."""
    helpers = [c for c in verb.children if c.dep_ in (*SUBJECTS, *AUXILIARIES, "expl")]
    refrain = all(c.lemma_ == "do" for c in helpers) and any(c.dep_ == "neg" for c in verb.children)
    if verb.tag_ != "VB" or verb.dep_ == "conj" or (helpers and not refrain) or child(verb, "ccomp") is not None:
        return False
    head = verb.head
    return verb.dep_ == "ROOT" or not statement.content.start <= head.idx < statement.content.end


def _addressed(context: DocumentContext, statement: Statement) -> Token | None:
    """Whom the speaker spoke to: the object of the cue ("the army told residents")."""
    if statement.cue_span is None:
        return None
    cue = context.doc.char_span(statement.cue_span.start, statement.cue_span.end, alignment_mode="expand")
    return child(cue.root, ("dative", "dobj")) if cue is not None else None


def _action_span(context: DocumentContext, cue: Token, action: Token) -> TextSpan:
    """The action called for, with what the parser hung on the cue after it ("urged X to assist
    authorities and deny terrorism any victory"), but not a further call of its own."""
    calls = context.rules.attribution.call_verbs
    end = subtree_span(action).end
    for dependent in cue.children:
        continues = dependent.dep_ in ("conj", "ccomp", "xcomp", "advcl", "prep", "dobj") and not dependent.is_punct
        if dependent.i > action.i and continues and dependent.lemma_.casefold() not in calls:
            end = max(end, subtree_span(dependent).end)
    start = subtree_span(action).start
    further = [t.idx for t in cue.sent if t.i != cue.i and start < t.idx < end and t.lemma_.casefold() in calls]
    if further:
        end = min(further)
    text = text_of(context.doc)[start:end].rstrip()
    for tail in (" and", ","):
        text = text.removesuffix(tail).rstrip()
    return TextSpan(start, start + len(text), text)


# --- condemnation and denial


def _condemnation(context: DocumentContext, token: Token, index: int, earlier: list[Attribution]) -> list[Attribution]:
    condemner = _actor(context, agent_of(token), speaker=True)
    # "The operation was condemned by members of the Union": the passive subject is condemned.
    target = child(token, "dobj") or child(token, "nsubjpass")
    if condemner is None or target is None:
        return []
    condemned = _actor(context, target)
    reason_head = prep_object(token, "for") or target
    reason = subtree_span(reason_head)
    evidence = span_between(context.doc, token.idx, max(reason.end, subtree_span(target).end))
    kind = AttributionKind.CONDEMNATION
    found = [_relation(context, kind, condemner, condemned, reason.text, index, evidence, token)]
    if condemned is not None and prep_object(token, "for") is not None:
        # "X condemned Y for Z" holds Y responsible for Z.
        found.append(
            _blame(context, condemner, condemned, reason.text, index, evidence, Rule.BLAME_EXPLICIT, cue=token)
        )
    # "condemned the shelling of the town by the militia" blames the militia for the shelling;
    # "condemned the attack" blames whoever the article said carried it out.
    authors = _act_authors(context, target, earlier) if condemned is None else []
    for blamed in authors:
        if blamed != condemner:
            found.append(
                _blame(context, condemner, blamed, reason.text, index, evidence, Rule.BLAME_EXPLICIT, cue=token)
            )
    return found


def _act_authors(context: DocumentContext, act: Token, earlier: list[Attribution]) -> list[int]:
    """Who did the act a noun names: the authors the phrase names, else, for a definite act
    ("the attack", "this offensive", or "it" after one), the party last blamed, before it, in
    words that name the same act ("militiamen attacked the village")."""
    heads = _authors(context, act)
    if not heads and act.lower_ not in context.rules.attribution.harm_nouns:
        # "condemned the decision of the court", "the act of the commission": of a deed that
        # harms no one by its name, the possessor or the "of" names who did it (of a harm,
        # "the killing of civilians", it names the victims).
        heads = [h for h in (child(act, "poss"), prep_object(act, "of")) if h is not None]
    named = [i for i in (_actor(context, h) for h in heads) if i is not None]
    if named:
        return named
    if act.lower_ in context.rules.speakers.pronouns:
        before = [t for t in act.sent if t.i < act.i and t.pos_ == "NOUN"]
        act = before[-1] if before else act
    pointing = context.rules.speakers.demonstratives | {"the"}
    definite = any(c.dep_ == "det" and c.lower_ in pointing for c in act.children)
    if act.lower_ not in context.rules.attribution.harm_nouns or not definite:
        return []
    blamed = [a for a in earlier if a.kind is AttributionKind.BLAME and a.target not in (None, a.agent)]
    return next(([a.target] for a in reversed(blamed) if _names_act(context, a, act)), [])


def _names_act(context: DocumentContext, item: Attribution, act: Token) -> bool:
    """Whether a blame's evidence names the same act ('the attack' after 'attacked' or 'an
    attack'), not another one of the story."""
    words = context.doc.char_span(item.evidence.start, item.evidence.end, alignment_mode="expand") or ()
    return any(t.lemma_.casefold() == act.lemma_.casefold() for t in words)


def _authors(context: DocumentContext, act: Token) -> list[Token]:
    """Who did a harmful act named by a noun: its 'by' agents, or its possessor ('the
    militia's attack'), each conjunct counted."""
    by = _by_agent(context, act)
    if by is None and act.lower_ in context.rules.attribution.harm_nouns:
        by = _modifier_agent(context, act)
    return [by, *by.conjuncts] if by is not None else []


def _denial(context: DocumentContext, token: Token, index: int) -> list[Attribution]:
    denier = _actor(context, agent_of(token), speaker=True)
    what = child(token, ("dobj", "ccomp"))
    if denier is None or what is None:
        return []
    if what.dep_ == "dobj" and what.lemma_.casefold() not in context.rules.attribution.deny_objects:
        return []
    reason = subtree_span(what)
    evidence = span_between(context.doc, token.idx, reason.end)
    return [_relation(context, AttributionKind.DENIAL, denier, None, reason.text, index, evidence, token)]


def _relation(
    context: DocumentContext,
    kind: AttributionKind,
    agent: int,
    target: int | None,
    text: str,
    index: int,
    evidence: TextSpan,
    cue: Token,
) -> Attribution:
    """A call, condemnation or denial: one rule each, named after its kind."""
    rule = Rule(kind)
    return Attribution(
        kind=kind,
        agent=agent,
        target=target,
        text=text,
        sentence=index,
        evidence=evidence,
        rule=rule,
        confidence=context.rules.attribution.confidence[rule],
        cue=token_span(cue),
        cue_lemma=cue.lemma_.casefold(),
    )


# --- blame


def _explicit_blame(context: DocumentContext, token: Token, index: int) -> list[Attribution]:
    rules = context.rules.attribution
    if negated(token, rules.negators):
        return []
    for spec in rules.explicit[token.lemma_.casefold()]:
        found = _explicit_frame(context, token, index, spec)
        if found:
            return found
    return []


def _explicit_frame(context: DocumentContext, token: Token, index: int, spec: ExplicitBlame) -> list[Attribution]:
    if spec.requires is not None and not any(c.lower_ == spec.requires for c in token.subtree):
        return []
    if spec.target == "dobj":
        # "blamed X", or in the passive "X was sentenced by the court for ...".
        target_head = child(token, "dobj") or child(token, "nsubjpass")
    else:
        target_head = prep_object(token, spec.target)
    if target_head is None or (spec.harmful_reason and not _harmful(context, _reason_head(token, spec))):
        return []
    blamer_head = agent_of(token) or _participle_speaker(context, token)
    if blamer_head is None:
        # "X was accused of ...", "eleven men were charged with the murder": the outlet reports
        # that someone blames, without saying who; it blames no one itself.
        return []
    # "The ministry and the army blamed ...": each of them.
    blamers = [blamer_head, *later_conjuncts(blamer_head)]
    if _reciprocal(context, target_head):
        # "X and Y accused each other of ...": each blames the others.
        pairs = [(b, t) for b in blamers for t in blamers if t.i != b.i]
    else:
        # "blamed both Israel and the United States": each of them.
        pairs = [(b, t) for b in blamers for t in [target_head, *later_conjuncts(target_head)]]
    return [found for b, t in pairs for found in _explicit_blame_of(context, token, index, spec, t, b)]


def _reason_head(token: Token, spec: ExplicitBlame) -> Token | None:
    return child(token, ("dobj", "nsubjpass")) if spec.reason == "dobj" else prep_object(token, spec.reason)


def _holder_of_origin(context: DocumentContext, held: Token) -> tuple[Token, Token] | None:
    """Who holds the ground fire came from, and the verb of the fire: 'X came/was fired from
    positions held by Y', where X is a munition or fire, or the verb fires it."""
    rules = context.rules.attribution
    if held.dep_ != "acl" or held.lemma_.casefold() not in rules.origin_participles or held.head.dep_ != "pobj":
        return None
    source = held.head.head
    moved = source.head
    if source.lower_ != "from" or source.dep_ != "prep" or moved.pos_ not in VERBS:
        return None
    fired = child(moved, ("nsubj", "nsubjpass"))
    fire = fired is not None and fired.lemma_.casefold() in rules.munitions
    if not fire and not _is_verb_of(moved, rules.responsibility_verbs):
        return None
    holder = pobj(agent) if (agent := child(held, "agent")) is not None else None
    return (holder, moved) if holder is not None else None


def _wages_war(context: DocumentContext, verb: Token) -> bool:
    """ "started this war", "this war was started by X": a verb of `war_verbs` whose object, or
    passive subject, is one of `war_nouns` (an act the verb's own frame already names, "began an
    offensive", is the act's, and its author is found as that act's)."""
    rules = context.rules.attribution
    if not _is_verb_of(verb, rules.war_verbs):
        return False
    started = child(verb, "dobj") or child(verb, "nsubjpass")
    return started is not None and started.lower_ in rules.war_nouns


def _harmful(context: DocumentContext, head: Token | None) -> bool:
    """A harmful act: a harm noun ("the bombing") or a responsibility verb ("killing")."""
    rules = context.rules.attribution
    return head is not None and (
        head.lower_ in rules.harm_nouns or (head.pos_ in VERBS and _is_verb_of(head, rules.responsibility_verbs))
    )


def _reciprocal(context: DocumentContext, head: Token) -> bool:
    return fold(subtree_span(head).text) in context.rules.attribution.reciprocals


def _explicit_blame_of(
    context: DocumentContext,
    token: Token,
    index: int,
    spec: ExplicitBlame,
    target_head: Token,
    blamer_head: Token,
) -> list[Attribution]:
    # "accused Assad loyalists of planning the assault", "accused by rights groups of ...": the
    # parser may hang the reason on either party, whose words then stop before it.
    blamed, inner_reason = _party_before_reason(context, target_head, spec)
    if blamed is None:
        return []
    blamer, blamer_reason = _party_before_reason(context, blamer_head, spec, speaker=True)
    if blamer is None or blamer == blamed:
        return []
    reason_head = _reason_head(token, spec)
    for inner in (inner_reason, blamer_reason):
        if reason_head is None and inner is not None:
            reason_head = child(inner, PREPOSITIONAL_OBJECTS)
    if token.dep_ in MODIFYING_CLAUSES and reason_head is None:
        reason_head = token.head
    parts = [subtree_span(target_head), token_span(token), subtree_span(blamer_head)]
    reason = None
    if reason_head is not None:
        reason = subtree_span(reason_head)
        if reason.start < target_head.idx < reason.end:
            # "blamed the unrest on foreign agents": the reason stops before whom it blames.
            words = text_of(context.doc)[reason.start : context.doc[target_head.left_edge.i - 1].idx].rstrip()
            reason = TextSpan(reason.start, reason.start + len(words), words)
        parts.append(reason)
    evidence = span_between(context.doc, min(p.start for p in parts), max(p.end for p in parts))
    text = reason.text if reason is not None else None
    return [_blame(context, blamer, blamed, text, index, evidence, Rule.BLAME_EXPLICIT, cue=token)]


def _party_before_reason(
    context: DocumentContext, head: Token, spec: ExplicitBlame, speaker: bool = False
) -> tuple[int | None, Token | None]:
    """The actor `head` names, and the reason's preposition when the parser hung it on `head`."""
    inner = _prep_inside(head, spec.reason)
    named = context.resolver.entity_at(head)
    if inner is not None and _may_be_actor(context, head) and (named is None or context.entities[named].anonymous):
        return context.resolver.unnamed(head, head.left_edge.idx, inner.idx), inner
    return _actor(context, head, speaker=speaker), None


def _participle_speaker(context: DocumentContext, token: Token) -> Token | None:
    """'a message on Twitter blaming Iran' speaks for who posted it; 'officials accusing X'
    for the officials."""
    if token.tag_ == "VBG" and token.dep_ in ("pcomp", "advcl", "xcomp"):
        # "was more forceful in blaming Iran": the clause the gerund hangs from says who.
        for above in list(token.ancestors)[:3]:
            subject = child(above, "nsubj")
            if subject is not None:
                return subject
        return None
    if token.dep_ != "acl" or token.tag_ != "VBG":
        return None
    head = token.head
    while head.dep_ == "pobj" and head.head.head.i != head.head.i:
        head = head.head.head  # "a message on Twitter blaming ...": past the place it was posted
    if head.lemma_.casefold() in context.rules.speakers.message_nouns:
        return agent_of(head.head) if head.dep_ in ("dobj", "pobj") else None
    return head if _may_be_actor(context, head) else None


def _characterization(
    context: DocumentContext, token: Token, index: int, earlier: list[Attribution]
) -> list[Attribution]:
    """'called the shelling of the town by the militia a war crime', 'named the PKK and the
    YPG as terrorists': whoever gives an actor, or an act's author, a damning name blames them."""
    rules = context.rules.attribution
    target = child(token, "dobj")
    named_as = [c for c in token.children if c.dep_ in ("oprd", "attr", "xcomp", "ccomp") and c is not target]
    named_as += [c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"]
    # "calling it an aggression": the parser may give the name as a second object.
    named_as += [c for c in token.children if c.dep_ == "dobj" and target is not None and c.i > target.i]
    damning = set(rules.negative_characterizations)
    words = {t.lemma_.casefold() for c in named_as for t in c.subtree} | {t.lower_ for c in named_as for t in c.subtree}
    speaker_head = agent_of(token)
    if target is None or not words & damning or speaker_head is None or negated(token, rules.negators):
        return []
    speaker = _actor(context, speaker_head, speaker=True)
    if speaker is None:
        return []
    if target.lower_ in rules.harm_nouns or target.lower_ in context.rules.speakers.pronouns:
        # The act's author: its own "by" agent or possessor, a "by" the parser hung on the verb,
        # or whom the article blamed for it before ("called the attack an aggression").
        by = _actor(context, prep_object(token, "by"))
        blamed_parties = _act_authors(context, target, earlier) or ([by] if by is not None else [])
    else:
        blamed_parties = [i for i in (_actor(context, h) for h in [target, *later_conjuncts(target)]) if i is not None]
    reason = subtree_span(named_as[0]).text if named_as else None
    evidence = span_between(context.doc, token.idx, max(subtree_span(c).end for c in [target, *named_as]))
    found = []
    for blamed in blamed_parties:
        if blamed != speaker:
            found.append(_blame(context, speaker, blamed, reason, index, evidence, Rule.BLAME_EXPLICIT, cue=token))
    return found


def _prep_inside(head: Token, preposition: str) -> Token | None:
    return next((t for t in head.subtree if t.lower_ == preposition and t.dep_ == "prep" and t.i > head.i), None)


def _self_blame(context: DocumentContext, token: Token, index: int) -> list[Attribution]:
    rules = context.rules.attribution
    objects = rules.self_blame[token.lemma_.casefold()]
    claimant_head = agent_of(token)
    no_one = context.rules.speakers.no_one_determiners
    if claimant_head is not None and any(c.dep_ == "det" and c.lower_ in no_one for c in claimant_head.children):
        return []  # "No group has claimed responsibility"
    if negated(token, rules.negators):
        return []
    claimed_act = child(token, "nsubjpass")
    if claimed_act is not None and claimed_act.lower_ in rules.harm_nouns and claimant_head is not None:
        # "The attack was claimed by the Houthi movement": the claimant blames itself for the act.
        claimant = _actor(context, claimant_head, speaker=True)
        if claimant is None:
            return []
        evidence = span_between(context.doc, subtree_span(claimed_act).start, subtree_span(claimant_head).end)
        return [_blame(context, claimant, claimant, subtree_span(claimed_act).text, index, evidence, Rule.BLAME_SELF)]
    if not any(c.dep_ == "dobj" and c.lemma_.casefold() in objects for c in token.children):
        return []
    claimant = _actor(context, agent_of(token), speaker=True)
    if claimant is None:
        return []
    reason = prep_object(token, "for")
    evidence = span_between(context.doc, subtree_span(agent_of(token)).start, subtree_span(token).end)
    text = subtree_span(reason).text if reason is not None else None
    return [_blame(context, claimant, claimant, text, index, evidence, Rule.BLAME_SELF)]


def _confession(context: DocumentContext, token: Token, index: int) -> list[Attribution]:
    """'X confessed to killing his sister', 'admitted to the murder': X blames itself."""
    act = prep_object(token, context.rules.attribution.self_blame_preps[token.lemma_.casefold()])
    claimant_head = agent_of(token)
    if claimant_head is None or not _harmful(context, act) or negated(token, context.rules.attribution.negators):
        return []
    claimant = _actor(context, claimant_head, speaker=True)
    if claimant is None:
        return []
    reason = subtree_span(act)
    evidence = span_between(context.doc, subtree_span(claimant_head).start, reason.end)
    return [_blame(context, claimant, claimant, reason.text, index, evidence, Rule.BLAME_SELF, cue=token)]


def _blame_in_statement(
    context: DocumentContext, number: int, statement: Statement, sent: SpacySpan, index: int
) -> list[Attribution]:
    """An actor said to have done harm, inside what a speaker said: the speaker blames them
    (once per statement, for the first act named)."""
    rules = context.rules.attribution
    found = []
    blamed_here: set[tuple[int, int]] = set()
    if statement.stance is Stance.DENIAL:
        return found  # "X denied that Y attacked": X blames no one by saying so
    for token in sent:
        if not statement.content.start <= token.idx < statement.content.end:
            continue
        blamed_head, rule, act_word = None, Rule.BLAME_STATEMENT, token
        if _is_verb_of(token, rules.responsibility_verbs) and token.pos_ == "VERB":
            if token.lemma_.casefold() in rules.involvement_verbs:
                blamed_head = child(token, "nsubjpass")
            elif not _bare_participle(token):
                blamed_head = agent_of(token) or _subject_to_the_left(token, statement)
                if blamed_head is not None and blamed_head.pos_ == "NOUN" and not _may_be_actor(context, blamed_head):
                    # "the army's operation killed 12": an act does it, and its author with it.
                    blamed_head = _modifier_agent(context, blamed_head) or blamed_head
            else:
                # "she was gang raped by A and B": a participle with its 'by' still names who.
                blamed_head = _by_agent(context, token)
        elif (origin := _holder_of_origin(context, token)) is not None:
            # "the shells came from positions held by the militia": blamed for the fire
            blamed_head, act_word = origin
        elif token.pos_ == "VERB" and _wages_war(context, token):
            blamed_head = agent_of(token) or _subject_to_the_left(token, statement)
        elif token.lower_ in rules.harm_nouns and token.pos_ == "NOUN":
            blamed_head = _by_agent(context, token) or _modifier_agent(context, token)
        elif token.lower_ in rules.responsibility_words and token.dep_ in ("attr", "acomp", "oprd", "prep"):
            blamed_head = child(token.head, "nsubj")
            rule = Rule.BLAME_STATEMENT_COPULA
        elif (doer := _author_of_act(context, token)) is not None:
            # "the raids were the work of the general's followers"
            blamed_head, rule = doer, Rule.BLAME_STATEMENT_COPULA
        elif (copula := _doers_copula(context, token)) is not None:
            # "foreign fighters were among the attackers"; inverted, "among the attackers were ..."
            blamed_head = child(copula, "nsubj") or next((c for c in copula.children if c.dep_ == "attr"), None)
            rule = Rule.BLAME_STATEMENT_COPULA
        # The checks that walk the parse come after the act is found: most words name none.
        if blamed_head is None or negated(token, rules.negators):
            continue
        if any(a.lemma_.casefold() in rules.deny_verbs for a in token.ancestors):
            continue  # "... and has denied that its forces targeted civilians"
        if _obliged(context, token):
            continue  # "all sides must stop shelling": a call to act, not a charge
        # The act lies in what was said; its agent may stand just outside a quotation
        # ('X alleged the government are "hiding figures"'), but is never the speaker.
        if _speaks(context, blamed_head) or _against_perpetrator(context, token):
            continue
        group = _group_before_link(context, blamed_head)
        link_end = _link_after(context, blamed_head) if group is None else None
        if link_end is not None:
            # "gunmen loyal to the former regime": the link belongs to the name of the group.
            blamed = context.resolver.unnamed(blamed_head, blamed_head.left_edge.idx, link_end)
            agent_end = link_end
        elif group is not None:
            # The group's words run on to the end of the name the parser took for the subject.
            agent_end = _name_end(context, blamed_head)
            blamed = context.resolver.unnamed(group, group.left_edge.idx, agent_end)
            blamed_head = group
        else:
            blamed = _actor(context, blamed_head)
            if blamed is None:
                blamed = _personal_subject(context, blamed_head, token)
        if blamed is None or blamed == statement.speaker or (blamed, number) in blamed_here:
            continue
        blamed_here.add((blamed, number))
        act = subtree_span(act_word if rule is Rule.BLAME_STATEMENT else act_word.head)
        reason = span_between(context.doc, act_word.idx, act.end).text
        agent_span = (
            subtree_span(blamed_head)
            if group is None and link_end is None
            else TextSpan(blamed_head.left_edge.idx, agent_end, "")
        )
        evidence = span_between(context.doc, min(agent_span.start, act.start), max(agent_span.end, act.end))
        hedged = statement.stance in (Stance.HEDGE, Stance.BELIEF) or _hedged(context, sent)
        found.append(
            _blame(context, statement.speaker, blamed, reason, index, evidence, rule, statement=number, hedged=hedged)
        )
        # "raped by A, B and an unidentified officer", "executions by A, by B and by C": every
        # one of them is blamed.
        others = [*later_conjuncts(blamed_head), *_by_series(blamed_head)] if group is None and link_end is None else []
        for other in (_actor(context, c) for c in others):
            if other is not None and other != statement.speaker and (other, number) not in blamed_here:
                blamed_here.add((other, number))
                found.append(
                    _blame(
                        context,
                        statement.speaker,
                        other,
                        reason,
                        index,
                        evidence,
                        rule,
                        statement=number,
                        hedged=hedged,
                    )
                )
    return found


def _blame_in_calls(context: DocumentContext, calls: list[Attribution], index: int) -> list[Attribution]:
    """'Their demands include an inquiry into alleged police violence', 'called for an
    investigation of the killings by the militia': asking that an act be looked into names
    its author as suspected, so the caller blames them, hedged."""
    found = []
    for call in calls:
        for token in context.doc.char_span(call.evidence.start, call.evidence.end, alignment_mode="expand") or ():
            if token.pos_ != "NOUN":
                continue
            for author in _authors(context, token):
                blamed = _actor(context, author)
                if blamed is not None and blamed != call.agent:
                    reason = subtree_span(token)
                    rule = Rule.BLAME_STATEMENT
                    found.append(_blame(context, call.agent, blamed, reason.text, index, reason, rule, hedged=True))
    return found


def _echoed_blame(context: DocumentContext, sent: SpacySpan, index: int, found: list[Attribution]) -> list[Attribution]:
    """'Similar attributions of responsibility were made by state news firm Saba and al-Eryani':
    each of them blames whom the last blame before blamed, for the same act."""
    rules = context.rules.attribution
    earlier = [a for a in found if a.kind is AttributionKind.BLAME and a.sentence < index and a.target is not None]
    if not earlier:
        return []
    echoed = []
    for noun in sent:
        modifiers = {c.lower_ for c in noun.children if c.dep_ in ("amod", "det")}
        if noun.lemma_.casefold() not in rules.echo_nouns or not modifiers & set(rules.echo_modifiers):
            continue
        verb = noun.head
        by = child(verb, "agent")
        first = pobj(by) if by is not None else None
        if first is None:
            continue
        # "state news firm Saba and al-Eryani": the named apposition, and what is coordinated with it.
        named = next((c for c in first.children if c.dep_ == "appos"), first)
        evidence = span_between(context.doc, subtree_span(noun).start, subtree_span(verb).end)
        for agent in (named, *named.conjuncts):
            blamer = _actor(context, agent, speaker=True)
            if blamer is not None:
                echoed.append(
                    _blame(context, blamer, earlier[-1].target, earlier[-1].text, index, evidence, Rule.BLAME_ECHO)
                )
    return echoed


def _narrator_blame(context: DocumentContext, sent: SpacySpan, index: int) -> list[Attribution]:
    """The article's own voice: 'an attack conducted by the Taliban', 'attacked by protesters'."""
    rules = context.rules.attribution
    if context.narrator is None:
        return []
    found = []
    for token in sent:
        by = _by_agent(context, token)
        if by is None or negated(token, rules.negators) or _against_perpetrator(context, token):
            continue
        blamed = _actor(context, by)
        if blamed is None:
            continue
        target = token.head if token.dep_ in MODIFYING_CLAUSES else token
        evidence = span_between(context.doc, subtree_span(target).start, subtree_span(by).end)
        # "the attack, reportedly conducted by X" blames X for the attack; otherwise the verb says what.
        reason_end = subtree_span(token).start if target is not token else token.idx + len(token)
        reason = span_between(context.doc, subtree_span(target).start, reason_end).text.rstrip(" ,")
        reason = " ".join(w for w in reason.split() if w.casefold() not in rules.hedges) or token.text
        found.append(
            _blame(
                context,
                context.narrator,
                blamed,
                reason,
                index,
                evidence,
                Rule.BLAME_NARRATOR_PASSIVE,
                narrator=True,
                hedged=_hedged(context, sent),
            )
        )
    return found


def _against_perpetrator(context: DocumentContext, act: Token) -> bool:
    """'The attacker was shot dead by police', 'the bomber ran before he was shot by a guard',
    'officers surrounded the gunman and shot Omar Reyes': force used on the one who did the
    harm stops it, and blames no one. The doer is named by a noun made from a harmful verb
    (attacker, shooter, bomber, kidnapper); a pronoun or a name stands for such a noun that is
    the subject of the sentence, or the object of a verb the act is coordinated with, but
    not the act's own agent ('the gunman shot a guard and wounded Ana Ruiz')."""
    if act.pos_ not in VERBS:
        return False
    verbs = context.rules.attribution.responsibility_verbs
    patient = act.head if act.dep_ in MODIFYING_CLAUSES else child(act, ("dobj", "nsubjpass"))
    if patient is None:
        return False
    if patient.lower_ in context.rules.speakers.pronouns or patient.pos_ == "PROPN":
        agent = agent_of(act)
        named = [child(act.sent.root, "nsubj")]
        verb = act
        while verb.dep_ == "conj":  # "surrounded the attacker, moved a bystander and shot X"
            verb = verb.head
            named.append(child(verb, ("dobj", "nsubjpass")))
        return any(w is not None and w != agent and _doer_noun(w.lower_, verbs) for w in named)
    return _doer_noun(patient.lower_, verbs)


def _author_of_act(context: DocumentContext, noun: Token) -> Token | None:
    """Who a harmful act is said to be the work of: 'the bombing was the work of X'."""
    if noun.lower_ not in context.rules.attribution.authorship_nouns or noun.dep_ != "attr":
        return None
    copula = noun.head
    if copula.lemma_ != "be" or not _harmful(context, child(copula, "nsubj")):
        return None
    return next((pobj(c) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)


def _doers_copula(context: DocumentContext, noun: Token) -> Token | None:
    """The 'be' that says who the doers (attackers, bombers) were: 'X were the attackers',
    'X were among the attackers'."""
    if noun.pos_ != "NOUN" or not _doer_noun(noun.lower_, context.rules.attribution.responsibility_verbs):
        return None
    copula = noun.head if noun.dep_ == "attr" else noun.head.head if noun.dep_ == "pobj" else None
    if copula is None or copula.lemma_ != "be" or (noun.dep_ == "pobj" and noun.head.dep_ != "prep"):
        return None
    return copula


def _doer_noun(word: str, verbs: frozenset[str]) -> bool:
    """'attacker', 'bombers', 'kidnapper': a noun of the one who does a verb of the list."""
    stem = word.removesuffix("s")
    for ending in ("er", "r"):
        if stem.endswith(ending):
            verb = stem.removesuffix(ending)
            # "kidnapper": the consonant doubled before the ending
            if verb in verbs or (len(verb) > 2 and verb[-1] == verb[-2] and verb[:-1] in verbs):
                return True
    return False


def _personal_subject(context: DocumentContext, head: Token, act: Token) -> int | None:
    """'He had orchestrated attacks on the bases', of someone the sentence before named: "he"
    or "she" as the very subject of the act stands for the person named last in this sentence
    or the one before (not "it" or "they", which as often stand for no one: "it is hard to hide")."""
    speakers = context.rules.speakers
    personal = speakers.pronouns.get(head.lower_) == {EntityType.PERSON} and head.lower_ not in speakers.first_person
    if head.dep_ != "nsubj" or head.head.i != act.i or not personal:
        return None
    return context.resolver.nearby_antecedent(head)


def _subject_to_the_left(token: Token, statement: Statement) -> Token | None:
    """A subject the parser hung elsewhere ('gunmen loyal to the regime mounted ...'): the
    nearest subject noun before the verb, within what was said, with no verb in between."""
    for left in reversed(token.doc[token.sent.start : token.i]):
        if left.idx < statement.content.start or left.pos_ in VERBS or left.text in ",;:":
            return None
        if left.dep_ in SUBJECTS and left.pos_ in NOUNS:
            return left
    return None


def _speaks(context: DocumentContext, head: Token) -> bool:
    """'officials reporting ...': an actor introduced as a speaker is not the agent of the act."""
    cues = context.rules.speech.verbs
    return any(c.dep_ in MODIFYING_CLAUSES and c.lemma_.casefold() in cues for c in head.children)


def _by_agent(context: DocumentContext, token: Token) -> Token | None:
    """The 'by' agent of a harmful act: 'was carried out by X', 'massacres by X'."""
    rules = context.rules.attribution
    verb = _is_verb_of(token, rules.responsibility_verbs) and token.pos_ == "VERB"
    noun = token.lower_ in rules.harm_nouns and token.pos_ == "NOUN"
    if not (verb or noun):
        return None
    by = next((c for c in token.children if c.dep_ == "agent" or (noun and c.lower_ == "by")), None)
    return pobj(by) if by is not None else None


def _by_series(agent: Token) -> list[Token]:
    """The agents of 'by' phrases that follow the one of `agent` in a row ('by A, by B and by
    C'), wherever the parser hung them."""
    found = []
    while agent.head.lower_ == "by":
        at = subtree_span(agent).end
        following = next((t for t in agent.sent if t.idx >= at and t.text != "," and t.dep_ != "cc"), None)
        if following is None or following.lower_ != "by" or (agent := pobj(following)) is None:
            break
        found.append(agent)
    return found


def _link_after(context: DocumentContext, head: Token) -> int | None:
    """Where 'loyal to the former regime' ends, when it follows `head` directly."""
    doc = context.doc
    for link in context.rules.attribution.relational_links:
        words = link.split()
        at = head.i + 1
        if [t.lower_ for t in doc[at : at + len(words)]] == words:
            preposition = doc[at + len(words) - 1]
            target = pobj(preposition)
            if target is not None:
                return subtree_span(target).end
    return None


def _name_end(context: DocumentContext, head: Token) -> int:
    """Where the words naming `head` end, through the whole name an entity mention gives it."""
    end = subtree_span(head).end
    entity = context.resolver.entity_at(head)
    if entity is not None:
        end = max([end] + [m.end for m in context.resolver.entities[entity].mentions if m.start <= head.idx < m.end])
    return end


def _group_before_link(context: DocumentContext, head: Token) -> Token | None:
    """'armed groups loyal to President X' → 'groups', where the parser made X the subject."""
    doc = context.doc
    start = head.left_edge.i
    for link in context.rules.attribution.relational_links:
        words = link.split()
        for gap in range(0, 5):
            at = start - gap - len(words)
            if at < 1 or [t.lower_ for t in doc[at : at + len(words)]] != words:
                continue
            before = doc[at - 1]
            if before.pos_ in NOUNS and all(not t.is_punct for t in doc[at:start]):
                return before
    return None


def _is_verb_of(token: Token, verbs: frozenset[str]) -> bool:
    """The lemmatizer may cut a regular past to the wrong stem ('raped' → 'rap'): the spelling
    that keeps the 'e' of the ending counts too."""
    if token.lemma_.casefold() in verbs:
        return True
    return token.tag_ in ("VBD", "VBN") and token.lower_.endswith("ed") and token.lower_[:-1] in verbs


def _bare_participle(token: Token) -> bool:
    """'hundreds of Taliban killed': a past participle without auxiliary names no agent."""
    return token.tag_ == "VBN" and not any(c.dep_ in AUXILIARIES for c in token.children)


def _blame(
    context: DocumentContext,
    blamer: int,
    blamed: int,
    reason: str | None,
    index: int,
    evidence: TextSpan,
    rule: Rule,
    statement: int | None = None,
    narrator: bool = False,
    hedged: bool | None = None,
    cue: Token | None = None,
) -> Attribution:
    sent = context.sentences[index]
    return Attribution(
        kind=AttributionKind.BLAME,
        agent=blamer,
        target=blamed,
        implied=_implied(context, sent),
        text=reason,
        sentence=index,
        evidence=evidence,
        statement=statement,
        hedged=_hedged(context, sent) if hedged is None else hedged,
        narrator=narrator,
        rule=rule,
        confidence=context.rules.attribution.confidence[rule],
        cue=token_span(cue) if cue is not None else None,
        cue_lemma=cue.lemma_.casefold() if cue is not None else None,
    )


def _implied(context: DocumentContext, sent: SpacySpan) -> int | None:
    """'..., in an apparent reference to Iran': the party the text implies."""
    text = fold(sent.text)
    for cue in context.rules.attribution.implied_cues:
        at = text.find(cue)
        if at < 0:
            continue
        after = context.doc.char_span(sent.start_char + at + len(cue), sent.end_char, alignment_mode="contract")
        head = next((t for t in after or () if t.pos_ in ("PROPN", "NOUN")), None)
        if head is not None:
            index = context.resolver.resolve_actor(head)
            if index is not None:
                return index
    return None


def _hedged(context: DocumentContext, sent: SpacySpan) -> bool:
    return any(t.lower_ in context.rules.attribution.hedges for t in sent)


def _unique(found: list[Attribution]) -> list[Attribution]:
    """One record per kind, agent, target and act: repeated calls or blame collapse into the first."""
    kept: list[Attribution] = []
    for item in found:
        words = _content_words(item.text)
        if any(
            k.kind == item.kind
            and k.agent == item.agent
            and k.target == item.target
            and (not words or len(words & _content_words(k.text)) >= len(words) / 2)
            for k in kept
        ):
            continue
        kept.append(item)
    return kept


def _content_words(text: str | None) -> set[str]:
    return {w for w in fold(text or "").split() if len(w) > 3}


def frame_statements(context: DocumentContext) -> list[Statement]:
    """A call, condemnation, denial or explicit blame says something: "Amnesty called for an
    inquiry" is also a statement of Amnesty's, with the words from the cue on as its content,
    unless those words already stand in a statement (its speaker's, or someone reporting it)."""
    made: list[Statement] = []
    for item in context.attribution:
        if item.cue is None or item.narrator or item.statement is not None:
            continue
        start, end = item.cue.start, item.evidence.end
        # "Both the council and the government called for ...": each caller says it; the words
        # made a statement of one of them stand in no statement of the other's.
        said = [*context.statements, *(s for s in made if s.speaker == item.agent)]
        if end <= start or any(
            s.content.start <= start < s.content.end or (s.cue_span is not None and s.cue_span.start == start)
            for s in said
        ):
            continue
        made.append(
            Statement(
                speaker=item.agent,
                cue=item.cue_lemma or item.cue.text.casefold(),
                content=span_between(context.doc, start, end),
                direct=False,
                sentence=item.sentence,
                stance=Stance.DENIAL if item.kind is AttributionKind.DENIAL else Stance.ASSERTION,
                rule=Rule(f"reported/{item.kind}"),
                confidence=item.confidence,
                cue_span=item.cue,
            )
        )
    return made

"""The bottom floor: what every extractor asks of the dependency parse (spaCy's English
ClearNLP labels), named for the role it means ("a subject", "the object of 'for'") rather
than the labels that spell it. Nothing here knows a rule of newsgraph's; the word lists are data."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..records import TextSpan

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
PASSIVE = frozenset({"nsubjpass", "auxpass"})
AUXILIARIES = frozenset({"aux", "auxpass"})
COMPLEMENTS = frozenset({"ccomp", "xcomp"})
PREPOSITIONAL_OBJECTS = frozenset({"pobj", "pcomp"})
MODIFYING_CLAUSES = frozenset({"acl", "relcl"})
VERBS = frozenset({"VERB", "AUX"})
NOUNS = frozenset({"NOUN", "PROPN"})
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
# Relative pronouns: "the senator, who said ..." means the senator. Grammar, not a rule.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Words that open an embedded question, never a relative clause: "described how it unfolded".
QUESTION_WORDS = frozenset({"how", "why", "whether"})


def child(token: Token, deps: str | Iterable[str]) -> Token | None:
    """The first child of `token` with one of these dependency labels."""
    labels = {deps} if isinstance(deps, str) else set(deps)
    return next((c for c in token.children if c.dep_ in labels), None)


def pobj(token: Token | None) -> Token | None:
    """The object of a preposition ('by X', 'according to X'); None for no preposition."""
    return child(token, "pobj") if token is not None else None


def is_root(token: Token) -> bool:
    return token.head.i == token.i


def is_ancestor(ancestor: Token, token: Token) -> bool:
    """True when `token` lies in `ancestor`'s subtree (below it)."""
    return any(a.i == ancestor.i for a in token.ancestors)


def clause_of(token: Token) -> Token:
    """The verb of the clause a word stands in (itself, for a verb; the root failing one)."""
    clause = token
    while not is_root(clause) and clause.pos_ not in VERBS:
        clause = clause.head
    return clause


def negated(token: Token, negators: frozenset[str]) -> bool:
    """'X did not attack', 'X never blamed Y', and the verb an auxiliary negation governs ('did not help trigger')."""
    heads = [token, token.head] if token.dep_ in COMPLEMENTS else [token]
    return any(c.dep_ == "neg" or c.lower_ in negators for h in heads for c in h.children)


def hangs_from(word: Token, head: Token, deps: frozenset[str]) -> bool:
    """True when `word` hangs from `head` through dependencies of these labels only."""
    while word.i != head.i:
        if word.dep_ not in deps or word.head.i == word.i:
            return False
        word = word.head
    return True


def infinitive(verb: Token) -> bool:
    return verb.pos_ in VERBS and any(c.tag_ == "TO" for c in verb.children)


def subject_of(token: Token) -> Token | None:
    """The subject of a verb; in a relative clause ("the senator, who said ..."), the noun the
    relative pronoun stands for. Of two subjects the parser gave one verb ('"One of the
    brightest members," Rep. X said', 'GENEVA — The agency said'), one that a quotation mark, a
    dash or a colon parts from it is the quotation's own, or a dateline's."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    doc = token.doc
    unparted = [c for c in subjects if not any(_parts(t) for t in doc[min(c.i, token.i) + 1 : max(c.i, token.i)])]
    subject = next(iter(unparted or subjects), None)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
        return token.head
    return subject


def _parts(token: Token) -> bool:
    return token.is_quote or token.text in ("—", "–", "--", ":")


def agent_of(token: Token) -> Token | None:
    """Who does what `token` says: its subject, a passive agent, a relative clause's antecedent,
    or the subject it shares with the verb it hangs from."""
    if (subject := subject_of(token)) is not None:
        return subject
    if (agent := child(token, "agent")) is not None:
        return pobj(agent)
    if any(c.dep_ in PASSIVE for c in token.children):
        return None  # "members had been killed": a passive clause names its agent with "by" or not at all
    if token.dep_ in ("xcomp", "conj", "advcl") and not is_root(token) and token.head.pos_ in VERBS:
        return agent_of(token.head)
    if token.dep_ == "acl" and token.head.pos_ == "NOUN":
        # "an order by Admiral X directing units to ...": the order's author.
        return pobj(next((c for c in token.head.children if c.lower_ == "by"), None))
    return None


def prep_object(token: Token, preposition: str) -> Token | None:
    """The object of `preposition` on the verb, or on its direct object ('pointed the finger at X')."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    candidates = [c for t in (token, *objects) for c in t.children]
    prep = next((c for c in candidates if c.lower_ == preposition and c.dep_ in ("prep", "dative", "agent")), None)
    return child(prep, PREPOSITIONAL_OBJECTS) if prep is not None else None


def later_conjuncts(head: Token) -> list[Token]:
    """The names coordinated after `head` ("Reuters and NBC", "both the army and the police")."""
    return [c for c in head.conjuncts if c.i > head.i and c.pos_ in NOUNS]


@cache
def phrase_matcher(vocab: Vocab, phrases: tuple[str, ...]) -> PhraseMatcher:
    """A matcher of these phrases, whatever their case, each under its own text as the match
    id; built once per pipeline and phrase list, not once per article."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase in phrases:
        matcher.add(phrase, [Doc(vocab, words=phrase.split())])
    return matcher


def paragraph_start(doc: Doc, i: int) -> int:
    """The first token of the paragraph (text between line breaks) that holds token `i`."""
    while i > 0 and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
    return max(i, 0)


# The key `text_of` keeps the joined text under; spaCy's own user data keys are tuples.
_TEXT = "newsgraph.text"


def text_of(doc: Doc) -> str:
    """The document's text, joined once: spaCy's `Doc.text` joins every token's text on each
    access, and extraction slices the text some ninety times a document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def subtree_span(token: Token) -> TextSpan:
    """The words of a token's subtree, without trailing punctuation."""
    tokens = list(token.subtree)
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return TextSpan(start, end, text_of(token.doc)[start:end])


def span_between(doc: Doc, start: int, end: int) -> TextSpan:
    start, end = min(start, end), max(start, end)
    return TextSpan(start, end, text_of(doc)[start:end])


def token_span(token: Token) -> TextSpan:
    return TextSpan(token.idx, token.idx + len(token), token.text)

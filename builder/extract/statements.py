"""Who said what: direct quotations and reported speech, with their speakers.

Reported speech comes from cue words (data file `speech_cues.json`) and their clausal
complements in the parse; cue phrases ("according to X") come from the same file, matched
with spaCy's PhraseMatcher. Direct quotations come from
the quotation marks of the text, found per paragraph so that an unbalanced mark costs at
most that one quote. A quotation inside a cue's complement makes that statement direct; a
quotation with no cue of its own takes its speaker from a cue in its sentence, a lead-in
sentence ending with a colon, or the quotation just before it. Nested attribution ("AFP
reported that the Observatory said ...") is two statements: the outer speaker's report, and
the inner speaker's words with the outer one recorded as the reporter.
A cue phrase sources the cue it modifies ("According to police, the mayor said ...") or,
inside a reported clause, only the part it stands in; a document or a share of those polled
speaks when no one is named for it; a first line "Name: ..." of an article without a title
apart is a headline giving that name's words, and a later paragraph opening so a transcript's
turn.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..records import EntityType, Rule, SourceKind, Stance, Statement, TextSpan
from .actors import ActorResolver
from .rules import Speakers, SpeechCues
from .syntax import (
    AUXILIARIES,
    COMPLEMENTS,
    NOUNS,
    PLURAL_NOUN_TAGS,
    QUESTION_WORDS,
    RELATIVE_PRONOUNS,
    SUBJECTS,
    VERBS,
    child,
    clause_of,
    is_ancestor,
    is_root,
    later_conjuncts,
    phrase_matcher,
    pobj,
    subject_of,
    text_of,
)

if TYPE_CHECKING:
    from .context import DocumentContext

# Quotation marks are typography, not a rule of the language: they stay in code.
_OPENING = "“«„"
_CLOSING = "”»"
_STRAIGHT = '"'
# How a second act of saying hangs from a first: "..., adding ...", "... and called it ...".
_CUE_CONTINUATIONS = frozenset({"advcl", "conj", "xcomp"})
# How a that-clause hangs from a noun of saying ("the claim that ..."), however the parser read it.
_NOUN_CLAUSES = frozenset({"acl", "ccomp", "relcl", "appos"})
# What describes a pronoun into a source of its own: "those close to him", "some who were there".
_DESCRIBING = frozenset({"amod", "prep", "relcl", "acl"})


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Inner spans of quotations, one per paragraph a quotation runs through.

    A paragraph that opens a quote without closing it continues into the next one when that
    paragraph opens with a quotation mark (the convention of news copy); otherwise the
    stray mark is ignored and costs nothing else.
    """
    quotes = []
    paragraphs = _paragraphs(text)
    for number, (start, end) in enumerate(paragraphs):
        opened = None
        i = start
        while i < end:
            # Two-character marks of some house styles: ``opening'' and ''straight''.
            pair = text[i : i + 2]
            ch = _STRAIGHT if pair == "''" else "“" if pair == "``" else text[i]
            width = 2 if pair in ("''", "``") else 1
            is_open = ch in _OPENING or (ch == _STRAIGHT and opened is None and _opens(text, i, start))
            if opened is None and is_open:
                opened = i + width
            elif opened is not None and (ch in _CLOSING or ch == _STRAIGHT):
                quotes.append((opened, i))
                opened = None
            i += width
        if opened is not None and number + 1 < len(paragraphs):
            following = text[paragraphs[number + 1][0] : paragraphs[number + 1][1]].lstrip()
            if following[:1] in _OPENING + _STRAIGHT:
                quotes.append((opened, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in quotes) if e > s]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _opens(text: str, i: int, paragraph_start: int) -> bool:
    return i == paragraph_start or (not text[i - 1].isalnum() and text[i - 1] not in ".,;:!?")


def _strip(text: str, start: int, end: int, trailing: str = ",;:" + _CLOSING + _STRAIGHT) -> tuple[int, int]:
    """Bounds without surrounding spaces, separators and the given trailing marks."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end


@dataclass
class _Candidate:
    cue: Token | None
    cue_text: str
    cue_lemma: str
    speaker: Token
    start: int
    end: int
    rule: Rule
    sentence: int
    reporter: int | None = None
    # Where the words of a cue phrase ("according to the ministry") end.
    phrase_end: int | None = None


def extract_statements(context: DocumentContext) -> list[Statement]:
    """Statements of one article's body; speakers NER did not find join the resolver's entities."""
    doc, resolver, cues = context.doc, context.resolver, context.rules.speech
    quotes = find_quotes(text_of(doc))
    statements: list[Statement] = []
    covered: set[tuple[int, int]] = set()
    phrases = _cue_phrases(doc, cues)
    # ", read the statement", ", police said": nouns that speak after an inverted cue.
    messages = context.rules.speakers.message_nouns
    speaking_nouns = messages | context.rules.speakers.organization_nouns
    authors = context.rules.speakers.author_prepositions
    for index, sent in context.body:
        candidates = _reported(sent, index, cues, speaking_nouns, messages, quotes, phrases, authors)
        for candidate in _nest(candidates, context.rules.speakers.pronouns):
            # "Saudi Arabia and the United States have alleged ...": each of them says it.
            for speaker in _speakers(candidate.speaker, context.rules.speakers):
                statement = _to_statement(context, replace(candidate, speaker=speaker), quotes)
                if statement is not None and not (statement.direct and _span(statement) in covered):
                    statements.append(statement)
                    covered.update(q for q in quotes if _overlap(q, _span(statement)))
        for quote in quotes:
            if quote in covered or not sent.start_char <= quote[0] < sent.end_char:
                continue
            if len(text_of(doc)[quote[0] : quote[1]].split()) < cues.min_direct_quote_words:
                continue
            statement = _attribute_quote(doc, sent, index, quote, statements, resolver, cues, messages, quotes)
            if statement is not None:
                statements.append(statement)
                covered.add(quote)
    if context.article.title is None and (headline := _name_colon(context, *_paragraphs(text_of(doc))[0])) is not None:
        statements.insert(0, headline)
    statements = sorted([*statements, *_turns(context, statements)], key=lambda s: s.sentence)
    sentence_spans = [(sent.start_char, sent.end_char) for sent in doc.sents]
    joined = _join_split_quotes(doc, statements, cues)
    return [piece for statement in joined for piece in _per_sentence(text_of(doc), statement, sentence_spans, cues)]


def _turns(context: DocumentContext, found: list[Statement]) -> list[Statement]:
    """ "PENCE: Well, the question really should be ...": a paragraph after the first that opens
    with a name and a colon gives that name's words, as a transcript's turn or a subheading
    does, unless what follows is already someone's statement."""
    doc, turns = context.doc, []
    for start, end in _paragraphs(text_of(doc))[1:]:
        turn = _name_colon(context, start, end)
        if turn is not None and not any(_overlap(_span(turn), _span(s)) for s in found):
            turns.append(turn)
    return turns


def _name_colon(context: DocumentContext, line_start: int, line_end: int) -> Statement | None:
    """ "Senator Ruiz: Tax Plan 'Will Not Pass'": a line that opens with a name and a colon
    gives that name's words: a first line of an article without a title apart is a headline."""
    doc = context.doc
    colon = text_of(doc).find(":", line_start, line_end)
    if colon < 0:
        return None
    speakers = context.rules.speech.headline_speakers
    name = next((e for e in doc.ents if e.end_char == colon and e.label_ in speakers), None)
    speaker = None
    if name is None:
        # "HENDRY: ...": a transcript names its speakers by a surname in capitals, which NER may
        # miss; it stands for the person named so before ("UPDATE:" names no one).
        shout = doc.char_span(line_start, colon, alignment_mode="contract")
        if shout is not None and len(shout) == 1 and shout.text.isupper():
            speaker = _surname_of(context, shout.text, line_start)
            name = shout if speaker is not None else None
    if name is None or name.start_char < line_start:
        return None
    # Before the name, only an article, titles ("The", "Senator") or an opening quotation mark.
    before = text_of(doc)[line_start : name.start_char].casefold().strip(_OPENING + _STRAIGHT).split()
    if not all(w == "the" or w in context.rules.speakers.titles for w in before):
        return None
    start, end = _strip(text_of(doc), colon + 1, line_end, trailing=".,;: ’'" + _CLOSING + _STRAIGHT)
    while start < end and text_of(doc)[start] in _OPENING + _STRAIGHT + "‘'":
        start += 1
    speaker = speaker if speaker is not None else context.resolver.resolve(name.root)
    if speaker is None or len(text_of(doc)[start:end].split()) < context.rules.speech.min_direct_quote_words:
        return None
    return Statement(
        speaker=speaker,
        cue=":",
        content=TextSpan(start, end, text_of(doc)[start:end]),
        direct=False,
        sentence=next(i for i, sent in enumerate(doc.sents) if sent.start_char <= colon < sent.end_char),
        stance=context.rules.speech.stance(":"),
        rule=Rule.REPORTED_PHRASE,
        confidence=context.rules.speech.confidence[Rule.REPORTED_PHRASE],
        cue_span=TextSpan(colon, colon + 1, ":"),
        speaker_words=context.resolver.words(name.root),
    )


def _surname_of(context: DocumentContext, word: str, before: int) -> int | None:
    """The person named before `before` whose name ends with this word, any case."""
    for index, entity in enumerate(context.resolver.entities):
        named = entity.type is EntityType.PERSON and entity.label.casefold().split()[-1:] == [word.casefold()]
        if named and any(m.start < before for m in entity.mentions):
            return index
    return None


def _join_split_quotes(doc: Doc, statements: list[Statement], cues: SpeechCues) -> list[Statement]:
    """'"The road is closed," she said, "and the clinic with it."' is one thing said: two
    quotations of one speaker in one sentence, with only the cue between them, are one statement;
    a cue of its own between them ('..., adding, "..."') makes the second one a statement apart."""
    text, gap = text_of(doc), cues.split_quote_gap
    joined: list[Statement] = []
    for statement in statements:
        last = joined[-1] if joined else None
        between = text[last.content.end : statement.content.start] if last is not None else ""
        if (
            last is not None
            and last.direct
            and statement.direct
            and last.speaker == statement.speaker
            and last.sentence == statement.sentence
            and last.content.end <= statement.content.start
            and len(between) <= gap
            and "\n" not in between
            # '"... remnants;" read the statement; "we will ..."': a first quotation that ends its
            # sentence or clause leaves the second one a remark of its own.
            and between.lstrip()[:1] not in (".", "!", "?", ";")
            and not _another_cue_between(doc, last, statement, cues)
        ):
            start, end = last.content.start, statement.content.end
            joined[-1] = replace(last, content=TextSpan(start, end, text[start:end]))
        else:
            joined.append(statement)
    return joined


def _another_cue_between(doc: Doc, first: Statement, second: Statement, cues: SpeechCues) -> bool:
    # The first quotation's cue may stand between them ('"A," she said, "B."'); the second's own
    # ('..., adding, "B."') makes it a second remark.
    own = {first.cue_span.start} if first.cue_span is not None else set()
    between = doc.char_span(first.content.end, second.content.start, alignment_mode="contract")
    return between is not None and any(_is_cue(t, cues) and t.idx not in own for t in between)


def _speakers(head: Token, speakers: Speakers) -> list[Token]:
    """The speaker's head and the names coordinated with it ("Reuters and NBC reported"). After a
    title the parser may coordinate the name with it ("High Commissioner ... Volker Türk"), or
    with other descriptions of the one person it names: one speaker."""
    if head.lower_ in speakers.titles:
        return [head]
    listed = [head, *later_conjuncts(head)]
    if not _descriptions_of_one(listed, speakers):
        return listed
    return [listed[-1]] if listed[-1].pos_ == "PROPN" else [head]


def _descriptions_of_one(listed: list[Token], speakers: Speakers) -> bool:
    """'Retired FBI agent and terrorism specialist Ali Soufan', 'Former councillor and longtime
    activist Maria Okonjo', 'Human rights lawyer and former judge Amina Diallo': descriptions of
    one person, singular and without an article, coordinated before the name they describe
    (the parser hangs the name on them or them on the name). A body ('police and Mayor X') is
    someone else."""
    *described, last = listed
    bare = [
        t.pos_ == "NOUN"
        and t.tag_ not in PLURAL_NOUN_TAGS
        and t.lemma_.casefold() not in speakers.organization_nouns
        and not any(c.dep_ in ("det", "poss") for c in t.children)
        for t in described
    ]
    if not described or not all(bare):
        return False
    if last.pos_ == "PROPN":
        return True
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > last.i for c in listed[0].children)


def _per_sentence(
    text: str, statement: Statement, sentences: list[tuple[int, int]], cues: SpeechCues
) -> list[Statement]:
    """A quotation that runs over several sentences is one statement per sentence: each is a
    claim of its own that an analyst cites, and each keeps the sentence it stands in (a piece
    of fewer than `min_quote_piece_words` words says nothing on its own). A short quotation
    ("It was very loud. The roof came down.") is one remark, whatever its full stops."""
    content = statement.content
    if not statement.direct or len(content.text.split()) < cues.min_split_quote_words:
        return [statement]
    pieces = []
    for index, (start, end) in enumerate(sentences):
        start, end = _strip(text, max(start, content.start), min(end, content.end), trailing=",;: " + _CLOSING)
        if end > start and len(text[start:end].split()) >= cues.min_quote_piece_words:
            pieces.append(replace(statement, content=TextSpan(start, end, text[start:end]), sentence=index))
    return pieces if len(pieces) > 1 else [statement]


def _cue_phrases(doc: Doc, cues: SpeechCues) -> dict[int, SpacySpan]:
    """Where the data's cue phrases ("according to", "in the words of") stand, by first token:
    each ends with the preposition whose object is the source."""
    found: dict[int, SpacySpan] = {}
    for _, start, end in phrase_matcher(doc.vocab, tuple(cues.phrases))(doc):
        if start not in found or end > found[start].end:
            found[start] = doc[start:end]
    return found


def _reported(
    sent: SpacySpan,
    index: int,
    cues: SpeechCues,
    speaking_nouns: frozenset[str],
    messages: frozenset[str],
    quotes: list[tuple[int, int]],
    phrases: dict[int, SpacySpan],
    authors: frozenset[str],
) -> list[_Candidate]:
    found = []
    for token in sent:
        if _inside_quote(token, quotes):
            continue
        if token.i in phrases:
            candidate = _cue_phrase(phrases[token.i], sent, index, cues)
        elif _is_cue(token, cues):
            candidate = _cue_verb(token, sent, index, cues, speaking_nouns, messages, quotes)
            if candidate is not None and (source := _phrase_source(candidate.speaker, phrases)) is not None:
                candidate.speaker, candidate.reporter = source
        elif token.pos_ == "NOUN" and token.lemma_.casefold() in cues.verbs:
            candidate = _cue_noun(token, index, authors)
        else:
            candidate = None
        if candidate is not None:
            found.append(candidate)
    return found


def _cue_verb(
    token: Token,
    sent: SpacySpan,
    index: int,
    cues: SpeechCues,
    speaking_nouns: frozenset[str],
    messages: frozenset[str],
    quotes: list[tuple[int, int]],
) -> _Candidate | None:
    lemma = token.lemma_.casefold()
    if cues.verbs[lemma].object == "quote":
        return None  # '"...," he continued' names a quotation's speaker (`_attribute_quote`) and no more
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children):
        return None  # "the inquiry would report within 30 days" predicts; it reports nothing yet
    if (misread := _misread_participle(token)) is not None:
        return _Candidate(token, token.text, lemma, *misread, Rule.REPORTED_CLAUSE, index)
    only_inverted = cues.verbs[lemma].object == "inverted"
    speaker = None if only_inverted else _subject(token, cues, messages)
    inverted = None
    finite = token.tag_ in ("VBD", "VBZ", "VBP")
    if speaker is None or (finite and subject_of(token) is None and child(token, "agent") is None):
        # "The bomb was placed in a market, stated Minister X, and ...": a name after a finite
        # cue speaks, not the subject the parser let the cue share with the verb before it
        # (after a participle, ", calling the accords ...", the name is its object).
        inverted = _inverted_speaker(token, speaking_nouns)
        speaker = inverted or speaker
        if speaker is None:
            return None
    complements = [
        c
        for c in token.children
        if c.dep_ in COMPLEMENTS
        and c.i != speaker.i
        and not _across_semicolon(c, token)
        and not _subjectless_before(c, token, quotes)
    ]
    if any(c.i > token.i for c in complements):
        # "X denied the claims, however, a report concluded Y": a cue with a clause after it
        # reports that one, not a clause before it the parser also hung on it, unless that one
        # is quoted ('"The road is closed," she said, "and ..."').
        complements = [c for c in complements if c.i > token.i or _inside_quote(c, quotes)]
    complements = complements or _misread_complement(token)
    complement = complements[0] if complements else None
    if complement is not None and complement.i < token.i:
        speaker = _subject_said_of(speaker, complement)
    if cues.verbs[lemma].object == "topic":
        # "The statement spoke of an imminent incursion": what was spoken of is what was said;
        # "she spoke on the phone" says nothing.
        if (topic := _topic(token, cues.topic_prepositions)) is None:
            return None
        words = list(topic.subtree)[1:]
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        rule = Rule.REPORTED_NOMINAL
    elif complement is None and _reported_as(token):
        # "As the agency reported on Monday, the toll rose to 40": what the cue clause stands
        # beside is what was reported.
        start, end = _clause_bounds(token.head, exclude=token)
        rule = Rule.REPORTED_PARENTHETICAL
    elif inverted is not None:
        # "The bomb was placed in a market, stated the minister": what precedes the cue, and
        # all of a quotation that closes before it ('"A. B;" read the statement').
        start, end = _strip(text_of(sent.doc), sent.start_char, token.idx, trailing=",;: " + _CLOSING + _STRAIGHT)
        rule = Rule.REPORTED_INVERTED
    elif complement is not None:
        # The parser sometimes splits one reported clause into several complements.
        bounds = [_clause_bounds(c, exclude=token, asides=cues.trailing_asides) for c in complements]
        start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
        end = _before_quoted_colon(sent, complement, end)
        # "advised U.S. citizens to leave the country": who is told to act is part of what was said.
        addressee = child(token, "dobj")
        if complement.dep_ == "xcomp" and addressee is not None and token.i < addressee.i < complement.i:
            start = min(start, addressee.left_edge.idx)
        rule = Rule.REPORTED_CLAUSE
    elif cues.verbs[lemma].object == "clause" and (bounds := _misread_object(token)) is not None:
        start, end = bounds
        rule = Rule.REPORTED_CLAUSE
    elif _between_quotations(token, speaker, quotes) or _opens_quotation(token, speaker, quotes):
        # '"A," she said, "B."', 'he said, "B."': the quotations are what was said (`_attribute_quote`)
        return None
    elif token.dep_ == "parataxis" or _set_off(token, speaker):
        # "The attacks, she noted, targeted ..." reports its sentence; "..., activists reported."
        # reports what precedes the comma.
        start, end = _sentence_bounds(sent)
        comma = min(token.i, speaker.left_edge.i) - 1
        if _ends_sentence(token):
            end = _strip(text_of(sent.doc), start, sent.doc[comma].idx, trailing=",;: ")[1]
        rule = Rule.REPORTED_PARENTHETICAL
    elif _reports_its_object(token, cues.verbs[lemma].object):
        start, end = _antecedent_bounds(token) or _own_clause_bounds(token, cues)
        rule = Rule.REPORTED_NOMINAL
    else:
        return None
    cited = _cited(token, speaker, cues)
    if cited is not None:
        # "Reuters, citing officials, reported ...": the officials speak, Reuters carries it.
        return _Candidate(token, token.text, lemma, cited, start, end, rule, index, reporter=speaker.i)
    return _Candidate(token, token.text, lemma, speaker, start, end, rule, index)


def _phrase_source(speaker: Token, phrases: dict[int, SpacySpan]) -> tuple[Token, int] | None:
    """ "According to the agency ISNA, the city's prosecutor, Ali Mehr, said ...": when the parser
    makes the phrase's source the cue's subject and the speaker its apposition, the apposition
    speaks and the source carries it."""
    # Right after the phrase, or after the part of the source's name the parser gave it.
    ends = {p.end for p in phrases.values()} | {o.right_edge.i + 1 for p in phrases.values() if (o := pobj(p[-1]))}
    if speaker.left_edge.i not in ends:
        return None
    named = next((c for c in speaker.children if c.dep_ == "appos" and c.i > speaker.i), None)
    return (named, speaker.i) if named is not None else None


def _cue_noun(noun: Token, index: int, authors: frozenset[str]) -> _Candidate | None:
    """ "Trump's claim that there were thousands of shootings", "a promise by the mayor that
    ...": a noun of a cue verb's word with a that-clause says that clause, its possessor or the
    object of 'by'/'from' the one who said it."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in _NOUN_CLAUSES and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    speaker = child(noun, "poss")
    if speaker is None:
        speaker = next(
            (pobj(c) for c in noun.children if c.dep_ == "prep" and c.lower_ in authors and pobj(c) is not None), None
        )
    if speaker is None or speaker.i > clause.i:
        return None
    start, end = _clause_bounds(clause, exclude=noun)
    return _Candidate(noun, noun.text, noun.lemma_.casefold(), speaker, start, end, Rule.REPORTED_NOUN, index)


def _between_quotations(cue: Token, speaker: Token, quotes: list[tuple[int, int]]) -> bool:
    """A quotation ends just before the cue and its speaker, and another opens just after."""
    doc = cue.doc
    first, last = min(cue.i, speaker.left_edge.i), max(cue.i, speaker.right_edge.i)
    before = doc[max(first - 3, 0) : first].start_char
    after = doc[last + 1 : min(last + 4, len(doc))].end_char
    return any(before <= e <= doc[first].idx for _, e in quotes) and any(doc[last].idx <= s <= after for s, _ in quotes)


def _opens_quotation(cue: Token, speaker: Token, quotes: list[tuple[int, int]]) -> bool:
    """A quotation opens after the cue and its speaker and a comma or colon ('he said, "It
    happened ..."'), not a quoted word the cue is about ('recorded 62 "massacres"')."""
    doc = cue.doc
    last = max(cue.i, speaker.right_edge.i)
    if last + 2 >= len(doc) or doc[last + 1].text not in (",", ":"):
        return False
    return any(doc[last + 1].idx < s <= doc[last + 2].idx + len(doc[last + 2]) for s, _ in quotes)


def _before_quoted_colon(sent: SpacySpan, clause: Token, end: int) -> int:
    """'indicated the country was disappointed: "While we await ...," she said': a colon that
    opens a quotation after the reported clause's verb ends what the cue reports; the
    quotation is a statement of its own."""
    doc = sent.doc
    for t in doc[clause.i + 1 : sent.end - 1]:
        if t.text == ":" and t.idx < end and doc[t.i + 1].is_quote:
            return _end_before(t)
    return end


def _across_semicolon(clause: Token, cue: Token) -> bool:
    """'"...," said X; he described the attacks as ...': a clause before the cue and a semicolon
    is a sentence of its own, whatever the parser hung it on."""
    if clause.i > cue.i:
        return False
    return any(t.text == ";" for t in cue.doc[clause.right_edge.i + 1 : cue.i])


def _subjectless_before(clause: Token, cue: Token, quotes: list[tuple[int, int]]) -> bool:
    """ "In a press release issued the next day, the ministry denounced ...": a clause before the
    cue with no subject, outside quotation marks, describes; it is not what was said."""
    return clause.i < cue.i and child(clause, SUBJECTS) is None and not _inside_quote(clause, quotes)


def _misread_complement(cue: Token) -> list[Token]:
    """ "He told a meeting of island leaders that few people understood ...": the parser hung the
    reported clause on the addressee as a relative clause, which a "that" of its own (a relative
    "that" is the clause's subject or object, never its marker) shows it is not; with no
    addressee, it may have made the clause adverbial (`_bare_clause`)."""
    addressee = child(cue, "dobj")
    if addressee is None:
        return [c for c in cue.children if c.i > cue.i and _bare_clause(c)][:1]
    return [c for c in addressee.subtree if c.dep_ == "relcl" and any(m.dep_ == "mark" for m in c.children)][:1]


def _misread_participle(cue: Token) -> tuple[Token, int, int] | None:
    """ "The city's security chief, Abdullah Nasser, announced on Tuesday there were suspects in
    custody": after a long subject the parser may read the cue as a participle describing it and
    make the reported clause the sentence; the subject speaks that clause. A participle with an
    agent or an object ("the attack, condemned by the UN, ...") describes indeed."""
    doc, root = cue.doc, cue.sent.root
    if cue.dep_ not in ("acl", "amod") or cue.tag_ not in ("VBD", "VBN") or cue.i == 0 or doc[cue.i - 1].text != ",":
        return None
    # Only times, places and manners may hang from it: "identified as X", "reported missing"
    # describe the subject.
    if any(c.dep_ not in ("prep", "npadvmod", "advmod", "punct") or c.lower_ == "as" for c in cue.children):
        return None
    if root.i <= cue.i or root.pos_ not in VERBS:
        return None
    subject = child(root, SUBJECTS)
    first = cue.right_edge.i + 1 if cue.right_edge.i > cue.i else cue.i + 1
    if subject is None or subject.i > cue.i or first >= cue.sent.end:
        return None
    start, end = _strip(text_of(doc), doc[first].idx, cue.sent.end_char, trailing=",;:.!? ")
    return subject, start, end


def _misread_object(cue: Token) -> tuple[int, int] | None:
    """ "Brudzinski said Adamowicz required resuscitation", "released a statement saying an
    attack that day produced no casualties": a cue that takes only clauses, given a noun object
    by the parser, reports the clause that noun opens, when the clause's verb stands right
    after the noun's words with no subject of its own, or was read as a modifier between the
    clause's subject and the noun."""
    obj = child(cue, "dobj")
    if obj is None or obj.i < cue.i:
        return None
    doc = cue.doc
    after = doc[obj.right_edge.i + 1] if obj.right_edge.i + 1 < cue.sent.end else None
    if (
        after is not None
        and after.pos_ in VERBS
        and after.tag_ in ("VBD", "VBZ", "VBP", "MD")
        and child(after, SUBJECTS) is None
    ):
        last = after.right_edge
    elif any(c.dep_ == "amod" and c.tag_ in ("VBD", "VBN") and c.i < obj.i and _noun_before(c) for c in obj.children):
        last = obj.right_edge
    else:
        return None
    end = next((t.i for t in doc[obj.i : last.i + 1] if t.text == ";"), last.i + 1)
    return _strip(text_of(doc), obj.left_edge.idx, doc[end - 1].idx + len(doc[end - 1]), trailing=",;:.!? ")


def _noun_before(word: Token) -> bool:
    return word.i > 0 and word.doc[word.i - 1].pos_ in NOUNS


def _bare_clause(clause: Token) -> bool:
    """ "Trump said after the convention he would not accept ...": an adverbial clause after the
    cue with a subject and a tense of its own, and no word ("if", "when", "as") to make it
    adverbial, is the reported clause the parser misread."""
    if clause.dep_ != "advcl" or child(clause, SUBJECTS) is None:
        return False
    if any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in clause.children):
        return False
    return clause.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in AUXILIARIES for c in clause.children)


def _topic(cue: Token, prepositions: frozenset[str]) -> Token | None:
    """The preposition, with an object, that names what a cue of speaking was about."""
    return next((c for c in cue.children if c.lower_ in prepositions and pobj(c) is not None), None)


def _cited(cue: Token, speaker: Token, cues: SpeechCues) -> Token | None:
    """The source a participle of quoting names beside the cue or its speaker ("citing X")."""
    for word in (*cue.children, *speaker.children):
        if word.dep_ in ("advcl", "acl") and word.tag_ == "VBG" and word.lemma_.casefold() in cues.quoting_verbs:
            source = child(word, "dobj")
            # "citing the move as an abuse" describes the move; it names no source.
            described = any(c.lower_ == "as" for c in (*word.children, *(source.children if source else ())))
            return source if source is not None and not described else None
    return None


def _subject_said_of(pronoun: Token, clause: Token) -> Token:
    """ "The rebels shelled the town, they said": a pronoun speaking after what it said is the
    subject of that clause when the two agree in number; any other speaker stays."""
    subject = child(clause, "nsubj")
    if pronoun.pos_ != "PRON" or subject is None or subject.pos_ not in NOUNS:
        return pronoun
    if any(t.is_quote for t in clause.subtree):
        return pronoun  # a quotation's own words ("'The roof came down,' he said") name no speaker
    if pronoun.morph.get("Gender") and subject.pos_ != "PROPN":
        return pronoun  # "he", "she" stand for a person named
    return subject if subject.morph.get("Number") == pronoun.morph.get("Number") != [] else pronoun


def _reported_as(cue: Token) -> bool:
    """ "As the mayor noted, ...", "..., as Reuters first reported.": a cue clause opened by "as"
    with nothing of its own to say reports the clause it hangs from; one with an object ("As he
    announced the plan, protesters gathered") only tells when."""
    marked = any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
    said = any(c.dep_ in ("dobj", "attr", "oprd", "dative") for c in cue.children)
    return cue.dep_ == "advcl" and marked and not said and cue.head.pos_ in VERBS


def _reports_its_object(cue: Token, kind: str) -> bool:
    """A cue of kind 'any' with an object or a preposition says it ("denied the reports"); one
    of kind 'naming' only what it names something ("called the raid a massacre", "called its
    strikes defensive") or asks for ("called for an inquiry"): "called a meeting for Friday",
    "called the police" and a name given ("on licence, also called parole") say nothing."""
    if kind == "any":
        return any(c.dep_ in ("dobj", "prep", "attr", "agent") for c in cue.children)
    if kind != "naming":
        return False
    if child(cue, "ccomp") is not None:
        return True
    asked = [pobj(c) for c in cue.children if c.dep_ == "prep"]
    if any(p is not None and p.ent_type_ not in ("DATE", "TIME") for p in asked):
        return True
    given = cue.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in cue.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children) or given:
        return False  # the name something goes by, not something said of it
    # The thing named and what it is called: an object and a predicate after it, which the
    # parser may hang on the cue, on the object ("called Trump's order swift") or on a noun
    # inside it ("called the raid by the militia a war crime").
    thing = child(cue, ("dobj", "oprd"))
    if thing is None:
        return False
    named_as = [c for c in cue.children if c.dep_ == "oprd" and c.i > thing.i]
    after = [t for t in thing.subtree if t.i > thing.i]
    return bool(named_as) or any(t.dep_ == "appos" or (t.dep_ in ("acl", "amod") and t.head == thing) for t in after)


def _antecedent_bounds(cue: Token) -> tuple[int, int] | None:
    """ "He was accused of inciting the murder, which he denied": a cue in a relative clause whose
    object is the relative pronoun says something of what that pronoun stands for, the phrase
    the clause follows (up to the verb that phrase hangs from)."""
    obj = child(cue, "dobj")
    if cue.dep_ != "relcl" or obj is None or obj.tag_ not in ("WDT", "WP") or obj.i > cue.i:
        return None
    allowed = ("dobj", "nsubj", "aux", "advmod", "npadvmod", "neg", "punct", "prep")
    if any(c.dep_ not in allowed or c.lower_ == "as" for c in cue.children):
        return None  # "which the BBC describes as ...": what follows the cue is what was said
    phrase, top = cue.head, cue.head
    while phrase.dep_ in ("pobj", "pcomp", "prep", "dobj") and not is_root(phrase.head) and phrase.head.pos_ != "AUX":
        phrase = phrase.head
        if phrase.dep_ != "prep":
            top = phrase
    skip = {t.i for t in cue.subtree}
    words = [t for t in top.subtree if t.i not in skip and not t.is_punct]
    return (words[0].idx, words[-1].idx + len(words[-1])) if words else None


def _own_clause_bounds(cue: Token, cues: SpeechCues) -> tuple[int, int]:
    """What a cue with a noun object says: what follows the cue when its subject speaks ("the
    ministry rejected the reports of abuse"), else its own clause ("The raid was claimed by the
    militia", "alleged foreign involvement"), up to a later cue of its own ("..., calling it
    ...", "... and called it ..."), which says something else."""
    later = [c.left_edge.i for c in cue.children if c.i > cue.i and c.dep_ in _CUE_CONTINUATIONS and _is_cue(c, cues)]
    end = min(later, default=len(cue.doc))
    before = [c.right_edge.i for c in cue.children if _across_semicolon(c, cue)]
    subject = child(cue, SUBJECTS)
    obj = child(cue, "dobj")
    said_after = any(cue.i < c.i < end and c.dep_ in ("dobj", "prep", "attr", "agent") for c in cue.children)
    if subject is not None and subject.dep_ == "nsubj" and subject.i < cue.i and said_after:
        # The speaker and the act of saying are the statement's speaker and cue, not part of
        # what was said; unless the object makes the act the claim ("the militia claimed
        # responsibility for the blast").
        acted = obj is not None and obj.lemma_.casefold() in cues.act_objects
        before.append(subject.left_edge.i - 1 if acted else cue.i)
    else:
        # "In a statement on Friday, the ministry denounced the talks": when and where it was
        # said is not what was said.
        before.append((subject.left_edge.i if subject is not None and subject.i < cue.i else cue.i) - 1)
    tokens = [t for t in cue.subtree if max(before, default=-1) < t.i < end]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _is_cue(token: Token, cues: SpeechCues) -> bool:
    """A cue verb; also one the tagger read as a noun but the parser gave a subject ("Trump
    claims that ...")."""
    if token.lemma_.casefold() not in cues.verbs:
        return False
    return token.pos_ in VERBS or (token.pos_ == "NOUN" and child(token, "nsubj") is not None)


def _sentence_bounds(sent: SpacySpan) -> tuple[int, int]:
    return _strip(text_of(sent.doc), sent.start_char, sent.end_char, trailing=",;: " + _CLOSING + _STRAIGHT)


def _set_off(cue: Token, speaker: Token) -> bool:
    """The cue and its speaker stand between commas, or between a comma and the sentence end."""
    doc = cue.doc
    first = min(cue.i, speaker.left_edge.i)
    last = max(cue.i, speaker.right_edge.i)
    return first > 0 and doc[first - 1].text == "," and (_ends_sentence(doc[last]) or doc[last + 1].text == ",")


def _ends_sentence(token: Token) -> bool:
    rest = token.doc[token.i + 1 : token.sent.end]
    return all(t.is_punct or t.is_space for t in rest)


def _inverted_speaker(cue: Token, speaking_nouns: frozenset[str]) -> Token | None:
    """', stated Minister of Information X': a name right after a cue that follows a comma
    (', said Minister X', ', read the statement', ', reported officials', ', police said')."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text not in (",", ";", *_CLOSING, _STRAIGHT, "''"):
        return None
    after = next((c for c in cue.children if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.i > cue.i), None)
    if after is None and cue.dep_ == "amod" and cue.head.i > cue.i:
        # '"..." tweeted Mayor of Dunmore Karen Bell': the parser made the cue a modifier of the
        # title, and the name its apposition.
        after = child(cue.head, "appos") or cue.head
    if after is None or not (after.pos_ == "PROPN" or after.tag_ == "NNS" or after.lemma_.casefold() in speaking_nouns):
        return None
    return after


def _subject(cue: Token, cues: SpeechCues, messages: frozenset[str]) -> Token | None:
    """Who speaks through `cue`: its subject, a passive agent, or the subject it shares.

    A passive subject is what was said about ("the toll is believed to be higher"), never the
    speaker, except with quoting verbs ("X was quoted as saying").
    """
    if (subject := subject_of(cue)) is not None:
        return _relative_antecedent(subject)
    if (agent := child(cue, "agent")) is not None:
        return pobj(agent)
    if child(cue, "nsubjpass") is not None:
        return None
    head = cue.head
    quoting = next((a for a in list(cue.ancestors)[:2] if a.lemma_.casefold() in cues.quoting_verbs), None)
    if quoting is not None:
        # "X was quoted as saying ...": the passive subject of the quoting verb speaks.
        return child(quoting, "nsubjpass")
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and head.head.pos_ in VERBS:
        # "X was met with applause upon announcing ...", "they tried to free him by saying ...".
        return _controller(head.head, cues)
    if any(c.dep_ == "auxpass" for c in cue.children):
        return None  # "... and is reported to be in critical condition": said of its subject, not by it
    if cue.dep_ in ("advcl", "conj", "xcomp") and (cue.tag_ == "VBG" or cue.dep_ == "conj") and not is_root(cue):
        return _controller(head, cues)
    if cue.dep_ == "acl" and cue.tag_ in ("VBD", "VBN") and head.pos_ in NOUNS and child(cue, "ccomp") is not None:
        # "The police chief, Colonel X, announced there were ...": a cue with a clause of its own
        # is no participle describing the noun before it, whatever the parser made of it.
        return head if cue.i > 0 and cue.doc[cue.i - 1].text == "," else None
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and head.pos_ in NOUNS:
        if head.dep_ == "pobj" and (message := head.head.head).pos_ in NOUNS:
            # "X posted a message on Twitter blaming Iran": the message, not the place it was
            # posted, speaks, and a message posted speaks for who posted it.
            poster = child(message.head, SUBJECTS) if message.dep_ == "dobj" else None
            return poster if poster is not None else message
        if head.dep_ == "dobj" and head.lemma_.casefold() in messages:
            # "The command released a statement saying ...": who released it speaks.
            issuer = child(head.head, SUBJECTS)
            return issuer if issuer is not None else head
        return head  # "officials reporting 150 killed": the noun the participle describes speaks
    return _adjacent_subject(cue)


def _controller(verb: Token, cues: SpeechCues) -> Token | None:
    """Who does what a participle hanging from `verb` does: the subject of that verb, or, when
    the verb only stands in what a cue reports ("described how the raid unfolded, stating ..."),
    the subject of that cue; up the verbs a shared subject comes from ("tried to have ...")."""
    for _ in range(3):
        subject = child(verb, SUBJECTS)
        if verb.dep_ == "relcl" and any(c.lower_ in QUESTION_WORDS for c in verb.children):
            # "An eyewitness described how the attack unfolded, stating ...": a question the parser
            # hung on a noun as a relative clause is only what is described;
            # who describes it speaks (the noun itself, where the parser left it no verb).
            noun, verb = verb.head, clause_of(verb.head)
            if verb.pos_ not in VERBS:
                return noun
            continue
        # The subject of a clause that is only reported or caused ("... said the army had fired,
        # adding", "tried to have him released by saying") is not who goes on speaking.
        if subject is not None and verb.dep_ not in COMPLEMENTS:
            return _relative_antecedent(subject)
        if is_root(verb) or verb.dep_ not in ("xcomp", "advcl", "conj", "ccomp") or verb.head.pos_ not in VERBS:
            return subject
        verb = verb.head
    return None


def _relative_antecedent(subject: Token) -> Token:
    """ "police, who said ...", where the parser did not make the clause relative: the noun
    before the comma is who speaks; "many of whom said ...": the noun the clause describes."""
    doc = subject.doc
    relative = pobj(child(subject, "prep"))
    if relative is not None and relative.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        # "families of the victims, many of whom say ...": a share of them speaks for them.
        return subject.head.head
    if subject.lower_ in RELATIVE_PRONOUNS and subject.i > 1 and doc[subject.i - 1].text == ",":
        before = doc[subject.i - 2]
        if before.pos_ in NOUNS:
            return before
    return subject


def _adjacent_subject(cue: Token) -> Token | None:
    """'The Committee to Protect Journalists reports ...', where the parser made 'Committee'
    the subject of its own name's verb: a subject whose phrase ends right before the cue."""
    if cue.i == 0 or cue.tag_ not in ("VBZ", "VBD", "VBP"):
        return None
    before = cue.doc[cue.i - 1]
    ends_here = [a for a in [before, *before.ancestors] if a.dep_ in ("nsubj", "csubj") and a.right_edge.i == cue.i - 1]
    subject = ends_here[0] if ends_here else None
    if subject is not None and subject.pos_ == "VERB":
        # The name read as a clause ("Committee to Protect Journalists"): its own subject heads it.
        subject = child(subject, "nsubj")
    return subject if subject is not None and subject.pos_ in NOUNS else None


def _cue_phrase(phrase: SpacySpan, sent: SpacySpan, index: int, cues: SpeechCues) -> _Candidate | None:
    """'according to X' and its kin: X said the rest of the sentence."""
    # The source is the object of the phrase's last preposition, wherever the parser hung it.
    source = next((found for t in reversed(phrase) if (found := pobj(t)) is not None), None)
    if source is None:
        return None
    cited = next((c for c in source.children if c.dep_ == "acl" and c.lemma_.casefold() in cues.quoting_verbs), None)
    named = child(cited, "dobj") if cited is not None else None
    # "according to a report citing the mayor's office": the office is the source; the report carried it.
    speaker = named if named is not None else source
    words = phrase.doc[phrase.start : max(t.i for t in source.subtree) + 1]
    start, end = sent.start_char, sent.end_char
    # "According to X, A." gives A; "A, according to X." too; "B, according to X, A." gives the
    # side that holds the sentence's main verb.
    if words.start_char - start < 3 or sent.root.i >= words.end:
        start = words.end_char
    else:
        end = words.start_char
    start, end = _strip(text_of(sent.doc), start, end, trailing=",;:.!?")
    name = phrase.text.casefold()
    return _Candidate(
        phrase[0], phrase.text, name, speaker, start, end, Rule.REPORTED_PHRASE, index, phrase_end=words.end_char
    )


def _clause_bounds(clause: Token, exclude: Token, asides: Collection[str] = ()) -> tuple[int, int]:
    """Character bounds of a clause's subtree, without the cue's own subtree, and without a
    relative clause set off by a comma at its end that opens with one of `asides`."""
    excluded = {t.i for t in exclude.subtree} if is_ancestor(clause, exclude) else set()
    tokens = [t for t in clause.subtree if t.i not in excluded]
    if asides and (aside := _trailing_aside(clause, tokens, asides)) is not None:
        tokens = [t for t in tokens if t.i < aside]
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in _CLOSING + _STRAIGHT:
        tokens = tokens[:-1]
    if not tokens:
        return clause.idx, clause.idx + len(clause)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _trailing_aside(clause: Token, tokens: list[Token], asides: Collection[str]) -> int | None:
    """ "said it would seek a recanvass in the primary, where he trailed by 0.5 percent": a
    relative clause after a comma that ends what is reported glosses it for the reader; it is
    the writer's, not the speaker's (unless it is quoted). The index of its comma."""
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return None
    last = words[-1].i
    for token in tokens:
        if token.dep_ != "relcl" or token.right_edge.i < last or token.i == clause.i:
            continue
        opening = token.left_edge
        comma = opening.i - 1
        if comma <= clause.left_edge.i or token.doc[comma].text != ",":
            continue
        if opening.lower_ not in asides or any(t.is_quote for t in token.doc[comma : token.right_edge.i + 1]):
            continue
        return comma
    return None


def _nest(candidates: list[_Candidate], pronouns: Collection[str]) -> list[_Candidate]:
    """A cue whose content holds another speaker's cue reports it: both are kept, the inner one
    with the outer speaker as its reporter ("NPR reported the minister recommended ..." is
    NPR's report and the minister's recommendation). An inner cue whose speaker is a pronoun
    ("the office said that it had documented ...") is the outer speaker going on: keep the
    outer one."""
    kept, dropped = [], set()
    for outer in candidates:
        inside = [
            c
            for c in candidates
            if c is not outer
            and c.cue is not None
            and outer.start <= c.cue.idx < outer.end
            and (outer.rule is Rule.REPORTED_CLAUSE or _phrase_of(outer, c))
        ]
        # "The agency reported that police found papers and, according to one source, a rifle":
        # a cue phrase inside what is reported sources only a part of it; the reporter still says
        # it all. One that opens the clause ("reported that, according to X, ...") sources all of it.
        for phrase in [c for c in inside if c.rule is Rule.REPORTED_PHRASE]:
            if _opens_clause(phrase, outer):
                phrase.start, phrase.end = _strip(text_of(phrase.cue.doc), phrase.phrase_end, outer.end)
            elif (last := _sourced_conjunct(phrase.cue)) is not None and outer.start < last.left_edge.idx:
                # "Witnesses say troops fired, and 30 were killed, according to medics": the
                # phrase sources the last clause alone, a second frame beside the first.
                phrase.start = max(phrase.start, last.left_edge.idx)
                outer.end = min(outer.end, _end_before(last.left_edge))
                inside.remove(phrase)
            else:
                inside.remove(phrase)
                dropped.add(id(phrase))
        # "She told the station she found it fair, saying ...": a participle of saying is a
        # second statement of the same speaker, and the first one ends before it.
        for going_on in [c for c in inside if _goes_on_saying(c, outer, pronouns)]:
            going_on.speaker = outer.speaker
            outer.end = min(outer.end, _end_before(going_on.cue.left_edge))
            inside.remove(going_on)
        # "its source said three gunmen were killed, while footage showed the car burn": a cue in
        # an adverbial clause of what is reported says its own thing beside it, and the
        # reported words end before that clause.
        for aside in [c for c in inside if _aside(c, outer)]:
            outer.end = min(outer.end, _end_before(aside.cue.left_edge))
            inside.remove(aside)
        # "..., amounting to what the senators said was gerrymandering": a cue in a relative
        # clause remarks on a part of what is reported, and "rejected Trump's claim that ..."
        # names another's words; the outer speaker still says it all.
        inside = [c for c in inside if not _relative_remark(c) and c.rule is not Rule.REPORTED_NOUN]
        # Only an inner cue with its own clause reports someone else ("said that the Observatory
        # said ..."); one without ("said the strikes were illegal and blamed Israel") is what the
        # outer speaker said, and one negated ("... but did not say he ordered it") says nothing.
        silent = {id(c) for c in inside if c.rule is Rule.REPORTED_NOMINAL or _negated_cue(c)}
        dropped |= silent
        inner = [c for c in inside if id(c) not in silent]
        if any(c.speaker.lower_ in pronouns for c in inner):
            dropped.update(id(c) for c in inner)
            kept.append(outer)
        elif inner:
            for candidate in inner:
                candidate.reporter = outer.speaker.i
            if outer.rule is not Rule.REPORTED_PHRASE:
                kept.append(outer)  # "According to police, the mayor said ...": one thing said
        else:
            kept.append(outer)
    return [c for c in kept if id(c) not in dropped]


def _aside(inner: _Candidate, outer: _Candidate) -> bool:
    cue = inner.cue
    if inner.rule is Rule.REPORTED_PHRASE or cue.head.i == outer.cue.i or cue.left_edge.idx <= outer.start:
        return False
    if cue.dep_ == "conj":
        # "She said fathers would not be eligible, and the mother replied ...": a cue the parser
        # coordinated with what is reported, with a speaker of its own, speaks beside it; one
        # that opens with 'that' ("said the road was closed and that she wanted ...") is a second
        # clause of what is reported.
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in cue.children):
            return False
        return child(cue, "nsubj") is not None and inner.speaker.i != outer.speaker.i
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" for c in cue.children)


def _relative_remark(inner: _Candidate) -> bool:
    cue = inner.cue
    if inner.rule is not Rule.REPORTED_CLAUSE or cue is None:
        return False
    said = [c for c in cue.children if c.dep_ in COMPLEMENTS]
    return any(child(c, "nsubj") is not None and child(c, "nsubj").tag_ in ("WP", "WDT") for c in said)


def _phrase_of(outer: _Candidate, inner: _Candidate) -> bool:
    """ "According to police, the mayor said ...": the phrase sources the cue it modifies."""
    return outer.rule is Rule.REPORTED_PHRASE and inner.cue is not None and outer.cue.head.i == inner.cue.i


def _sourced_conjunct(phrase: Token) -> Token | None:
    """ "A, and B, according to X": the clause with a subject of its own that a cue phrase after
    it sources: the conjunct the phrase hangs on, or the last one of the clause it hangs on."""
    clause = phrase.head
    if clause.dep_ == "conj" and clause.pos_ in VERBS and child(clause, SUBJECTS) is not None:
        return clause
    conjuncts = [
        c
        for c in clause.children
        if c.dep_ == "conj" and c.pos_ in VERBS and c.i < phrase.i and child(c, SUBJECTS) is not None
    ]
    return conjuncts[-1] if conjuncts else None


def _opens_clause(phrase: _Candidate, outer: _Candidate) -> bool:
    """Nothing but punctuation and a "that" stands between the start of what is reported and
    the cue phrase."""
    doc = phrase.cue.doc
    before = doc.char_span(outer.start, phrase.cue.idx, alignment_mode="expand")
    return before is None or all(t.is_punct or t.dep_ == "mark" for t in before)


def _goes_on_saying(inner: _Candidate, outer: _Candidate, pronouns: Collection[str]) -> bool:
    """ "..., saying ...", "... and called it ...": the outer speaker goes on with a second cue."""
    cue = inner.cue
    if cue is None or cue.idx <= outer.start or cue.dep_ not in _CUE_CONTINUATIONS:
        return False
    if cue.dep_ == "conj":
        return inner.speaker.i == outer.speaker.i
    return (
        cue.tag_ == "VBG"
        and cue.left_edge.i > 0
        and cue.doc[cue.left_edge.i - 1].text == ","
        and (inner.speaker.i == outer.speaker.i or inner.speaker.lower_ in pronouns)
    )


def _end_before(token: Token) -> int:
    """Where the words before `token` end, without the commas and conjunction that join it."""
    last = token.doc[max(token.i - 1, 0)]
    while last.i > 0 and (last.is_punct or last.is_space or last.dep_ == "cc"):
        last = last.doc[last.i - 1]
    return last.idx + len(last)


def _negated_cue(candidate: _Candidate) -> bool:
    return candidate.cue is not None and any(c.dep_ == "neg" for c in candidate.cue.children)


def _to_statement(context: DocumentContext, candidate: _Candidate, quotes: list[tuple[int, int]]) -> Statement | None:
    doc, resolver, cues = context.doc, context.resolver, context.rules.speech
    no_one = context.rules.speakers.no_one_determiners
    if any(c.dep_ == "det" and c.lower_ in no_one for c in candidate.speaker.children):
        return None
    speaker = resolver.resolve(candidate.speaker)
    # Only with words of its own reported: "the report called the raids 'massacres'" is the
    # narrator's paraphrase of a report no one is named for.
    own_words = candidate.rule is not Rule.REPORTED_NOMINAL
    if speaker is None and own_words and _speaks_unnamed(candidate.speaker, context.rules.speakers.message_nouns):
        words = resolver.words(candidate.speaker)
        speaker = resolver.unnamed(candidate.speaker, words.start, words.end)
    if speaker is None or candidate.end <= candidate.start:
        return None
    reporter = resolver.resolve(doc[candidate.reporter]) if candidate.reporter is not None else None
    if reporter == speaker:
        reporter = None
    start, end = candidate.start, candidate.end
    # "KADUNA, Nigeria, May 14 (Wire) - Gunmen killed ..., police said": the dateline is the
    # story's metadata, not what the police said.
    if filed := [d.end for d in context.datelines if start < d.end < end]:
        start = _strip(text_of(doc), max(filed), end)[0]
    if any(d.place.start_char <= candidate.speaker.idx < d.end for d in context.datelines):
        return None
    direct = False
    around = next((q for q in quotes if q[0] <= start and end <= q[1] + 1), None)
    inside = [q for q in quotes if start <= q[0] and q[1] <= end + 1]
    if around is not None:
        start, end, direct = around[0], around[1], True
    elif inside:
        longest = max(inside, key=lambda q: q[1] - q[0])
        if (longest[1] - longest[0]) * 2 >= end - start:
            start, end, direct = longest[0], longest[1], True
    # 'told local media his heart was restarted "and there is hope, but ..."': the parse may end
    # what is reported inside a quotation that it opens; the quotation ends it.
    end = max([end, *(q[1] for q in quotes if start <= q[0] < end < q[1])])
    cue_span = None
    if candidate.cue is not None:
        cue_start = candidate.cue.idx
        cue_span = TextSpan(cue_start, cue_start + len(candidate.cue_text), candidate.cue_text)
    rule = Rule.QUOTE_CUE if direct else candidate.rule
    return Statement(
        speaker=speaker,
        cue=candidate.cue_lemma,
        content=TextSpan(start, end, text_of(doc)[start:end]),
        direct=direct,
        sentence=candidate.sentence,
        stance=cues.stance(candidate.cue_lemma),
        rule=rule,
        confidence=cues.confidence[rule],
        cue_span=cue_span,
        reporter=reporter,
        speaker_words=resolver.words(candidate.speaker),
        source_kind=_source_kind(context, candidate.speaker, speaker),
    )


def _source_kind(context: DocumentContext, head: Token, speaker: int) -> SourceKind | None:
    """A document speaks ("a new poll found", "the statement said", where no author is found
    for the statement): the speaker named is the document itself."""
    rules, word = context.rules.speakers, head.lemma_.casefold()
    if word in rules.document_nouns or head.lower_ in rules.document_nouns:
        return SourceKind.DOCUMENT
    itself = context.entities[speaker].label.casefold().endswith(head.lower_)
    return SourceKind.DOCUMENT if word in rules.message_nouns and itself else None


def _speaks_unnamed(head: Token, messages: frozenset[str]) -> bool:
    """A source with no author to speak for: a document whose issuer the text never names ("A
    news report published Wednesday said ..."), or a share of those polled ("Nine in 10
    voters say ..."), or those a pronoun describes by what follows it ("Those close to him say
    ...", "others in the party said ...")."""
    if head.lemma_.casefold() in messages or (head.pos_ == "NUM" and head.dep_ in SUBJECTS):
        return True
    described = any(c.dep_ in _DESCRIBING and c.i > head.i for c in head.children)
    return head.pos_ in ("PRON", "ADJ") and head.dep_ in SUBJECTS and described


def _attribute_quote(
    doc: Doc,
    sent: SpacySpan,
    index: int,
    quote: tuple[int, int],
    statements: list[Statement],
    resolver: ActorResolver,
    cues: SpeechCues,
    messages: frozenset[str],
    quotes: list[tuple[int, int]],
) -> Statement | None:
    """A quotation with no cue clause of its own takes its speaker from, in turn: a cue in its
    own sentence, a lead-in sentence ending with a colon, a cue without a complement in the
    next sentence ("That was how X described the night."), or the quotation just before it.
    """
    rule, speaker, cue_token = None, None, None
    # The cue nearest the quotation speaks it ('Speaking to PBS, he said, "..."').
    nearest = sorted(_sentences_of(doc, quote), key=lambda t: min(abs(t.idx - quote[0]), abs(t.idx - quote[1])))
    found = _cue_in(nearest, quotes, cues, messages, needs_no_complement=False, resolver=resolver)
    if found is not None:
        rule, (cue_token, head) = Rule.QUOTE_CUE, found
    elif (lead_in := _lead_in(doc, sent)) is not None:
        # "The ministry issued a statement on Tuesday:" introduces the quotation that follows;
        # so does "Said Ellis:", whose name the parser may make the head of its cue.
        head = child(lead_in.root, SUBJECTS)
        if head is None and lead_in.root.pos_ in NOUNS and _is_cue(lead_in[0], cues):
            head = lead_in.root
        rule = Rule.QUOTE_LEAD_IN if head is not None else None
    elif not _goes_on(doc, quote, statements, index) and (
        found := _cue_in(_next_sentence(doc, quote), quotes, cues, messages, needs_no_complement=True)
    ):
        rule, (cue_token, head) = Rule.QUOTE_NEXT_SENTENCE, found
    words = None
    if rule is not None:
        speaker, words = resolver.resolve(head), resolver.words(head)
    previous = statements[-1] if statements else None
    if speaker is None and previous is not None and previous.sentence >= index - 2 and previous.direct:
        rule, speaker = Rule.QUOTE_CONTINUED, previous.speaker
        resolver.spoke(speaker, quote[0])
    if speaker is None or rule is None:
        return None
    cue = cue_token.lemma_.casefold() if cue_token is not None else (previous.cue if previous else "say")
    cue_span = TextSpan(cue_token.idx, cue_token.idx + len(cue_token), cue_token.text) if cue_token else None
    return Statement(
        speaker=speaker,
        cue=cue,
        content=TextSpan(quote[0], quote[1], text_of(doc)[quote[0] : quote[1]]),
        direct=True,
        sentence=index,
        stance=cues.verbs[cue].stance if cue in cues.verbs else Stance.ASSERTION,
        rule=rule,
        confidence=cues.confidence[rule],
        cue_span=cue_span,
        speaker_words=words,
    )


def _goes_on(doc: Doc, quote: tuple[int, int], statements: list[Statement], index: int) -> bool:
    """The quotation follows another one in its paragraph, one sentence before at most: the
    same speaker goes on, whatever the next sentence says about someone else."""
    previous = statements[-1] if statements else None
    return (
        previous is not None
        and previous.direct
        and previous.sentence >= index - 1
        and "\n" not in text_of(doc)[previous.content.end : quote[0]]
    )


def _cue_in(
    tokens: list[Token],
    quotes: list[tuple[int, int]],
    cues: SpeechCues,
    messages: frozenset[str],
    needs_no_complement: bool,
    resolver: ActorResolver | None = None,
) -> tuple[Token, Token] | None:
    """The first cue verb outside quotations with a speaker, as (cue, speaker head); given a
    resolver, the first whose speaker it knows, if any does ('"...," he said' of a "he" it
    cannot place yields to the spokesperson who indicated it)."""
    found = []
    for token in tokens:
        if _inside_quote(token, quotes) or token.lemma_.casefold() not in cues.verbs:
            continue
        if needs_no_complement and child(token, COMPLEMENTS) is not None:
            continue
        head = _subject(token, cues, messages)
        if head is not None:
            if resolver is None or resolver.resolve(head) is not None:
                return token, head
            found.append((token, head))
    return found[0] if found else None


def _next_sentence(doc: Doc, quote: tuple[int, int]) -> list[Token]:
    last = doc.char_span(quote[1] - 1, quote[1], alignment_mode="expand")
    if last is None or last[-1].sent.end >= len(doc):
        return []
    return list(doc[last[-1].sent.end].sent)


def _lead_in(doc: Doc, sent: SpacySpan) -> SpacySpan | None:
    """The sentence before `sent` when it ends with a colon (or `sent` itself up to one)."""
    before = text_of(doc)[sent.start_char : sent.end_char]
    if ":" in before.split("“")[0].split('"')[0] and sent.root.idx < sent.start_char + before.index(":"):
        return sent
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    return previous if text_of(doc)[previous.start_char : previous.end_char].rstrip().endswith(":") else None


def _sentences_of(doc: Doc, quote: tuple[int, int]) -> list[Token]:
    """Tokens of the sentences a quotation starts and ends in."""
    first = doc.char_span(quote[0], quote[0] + 1, alignment_mode="expand")
    last = doc.char_span(quote[1] - 1, quote[1], alignment_mode="expand")
    if first is None or last is None:
        return []
    return list(doc[first[0].sent.start : last[-1].sent.end])


def _span(statement: Statement) -> tuple[int, int]:
    return statement.content.start, statement.content.end


def _inside_quote(token: Token, quotes: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in quotes)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]

"""Who is meant: from the words that name an actor (a speaker, a blamed party) to an entity.

No coreference model can be had offline, so this is a resolver over the dependency parse:
names NER found, names it cut short ("Superintendent Graciano" for "Chief Superintendent
Graciano Mijares"), titles and roles ("UN human rights office spokesperson Thameen
Al-Kheetan"), appositions, surnames ("Al-Kheetan"), acronyms ("the SOHR"), nominal anaphora
("the observatory"), pronouns ("she noted": the last compatible speaker), and unnamed
sources ("a resident of Homs"), which become anonymous persons or groups of their document.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..gazetteer import fold
from ..records import Entity, EntityType, Mention, PlaceInfo, TextSpan
from .rules import Speakers
from .syntax import NOUNS, PLURAL_NOUN_TAGS, SUBJECTS, agent_of, is_ancestor, paragraph_start, pobj, text_of


class ActorResolver:
    """Resolves speaker words to entity indices, growing the document's entity list as needed.

    Speakers must be resolved in text order: pronouns look back at earlier speakers.
    """

    def __init__(self, doc: Doc, entities: list[Entity], rules: Speakers) -> None:
        self.doc = doc
        self.rules = rules
        self.entities = list(entities)
        self._sentence_starts = [sent.start_char for sent in doc.sents]
        # (where, entity) of every speaker resolved so far: pronouns take the last one before them.
        self.history: list[tuple[int, int]] = []
        self._token_entity: dict[int, int] = {}
        self._span_entity: dict[tuple[int, int], int] = {}
        for index, entity in enumerate(self.entities):
            for mention in entity.mentions:
                self._index_mention(index, mention)
                if entity.type is EntityType.PERSON:
                    self._title_before(index, mention)
                else:
                    self._description_after(index, mention)

    def resolve(self, head: Token) -> int | None:
        """The actor a speaker's head word names, or None; later pronouns may refer to it.

        A place that speaks ("Tehran said", "state news firm Saba") stands for a body there:
        an organization of that name, since only actors speak, blame or call.
        """
        index = self.speaking(self._resolve(head))
        if index is not None:
            self.spoke(index, head.idx)
        return index

    def speaking(self, index: int | None) -> int | None:
        """The actor who speaks for entity `index`: itself, or for a place the body there."""
        if index is not None and self.entities[index].type is EntityType.PLACE:
            return self.named(EntityType.ORGANIZATION, self.entities[index].label)
        return index

    def spoke(self, index: int, where: int) -> None:
        """Record that entity `index` speaks at character `where` (for later pronouns)."""
        self.history.append((where, index))

    def resolve_actor(self, head: Token) -> int | None:
        """Like `resolve`, for an actor who is not speaking (blamed, called on)."""
        return self._resolve(head)

    def unnamed(self, head: Token, start: int, end: int) -> int:
        """An unnamed actor whose words run from `start` to `end` (when the parse cuts them short)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return self._unnamed(head, span)

    def entity_at(self, token: Token) -> int | None:
        return self._token_entity.get(token.i)

    def widest_actor_at(self, token: Token) -> int | None:
        """The actor whose mention around this word is longest: 'armed groups loyal to ousted
        President Bashar al-Assad' (found by the blame rules) rather than the name inside it."""
        around = [
            (m.end - m.start, i)
            for i, e in enumerate(self.entities)
            if e.type is not EntityType.PLACE
            for m in e.mentions
            if m.start <= token.idx < m.end
        ]
        return max(around)[1] if around else None

    def named(self, entity_type: EntityType, label: str) -> int:
        """The entity of this class and label, added without mentions if the text never names it
        so (an outlet, or the body a place stands for)."""
        key = fold(label)
        found = next((i for i, e in enumerate(self.entities) if e.type is entity_type and fold(e.label) == key), None)
        if found is not None:
            return found
        self.entities.append(Entity(type=entity_type, label=label, mentions=()))
        return len(self.entities) - 1

    def add_places(self, places: dict[int, PlaceInfo]) -> None:
        """What is known of these entities as places (`places.locate_places`), by entity index."""
        for index, place in places.items():
            self.entities[index] = replace(self.entities[index], place=place)

    def words(self, head: Token) -> TextSpan:
        """The words that name the speaker in this sentence ("she", "the observatory")."""
        phrase = self._phrase(head)
        return TextSpan(phrase.start_char, phrase.end_char, phrase.text)

    def _resolve(self, head: Token) -> int | None:
        if head.lower_ in self.rules.pronouns:
            return self._antecedent(head)
        # "the New York Post": a message noun inside a name is the name, no message.
        if head.lemma_.casefold() in self.rules.message_nouns and head.i not in self._token_entity:
            author = self._author(head)
            return self._resolve(author) if author is not None else None
        if head.lower_ in self.rules.titles:
            # "Minister of Information Moammar al-Eryani": the title heads the phrase, the name is
            # inside; "High Commissioner for Human Rights Volker Türk": a name joined to the title
            # comes before the object of its "for".
            inside = [t for t in head.subtree if t.i != head.i and self._personal(t)]
            joined = [t for t in inside if t.dep_ in ("conj", "appos") and t.head.i == head.i]
            named = next(iter(joined), None) or next((t for t in inside if t.dep_ == "pobj"), None)
            if named is not None:
                head = named
        person = self._appositive_person(head)
        if person is None:
            person = self._named_person(head)
        if person is not None:
            return person
        surname = self._surname(head)
        if surname is not None:
            return surname
        if head.text.isupper() and len(head.text) > 1:
            acronym = self._acronym(head.text)
            if acronym is not None:
                return acronym
        if head.i in self._token_entity:
            return self._named(head, self._token_entity[head.i])
        if head.pos_ == "PROPN":
            return self._proper_name(head)
        if head.pos_ in NOUNS or head.tag_ in ("NN", "NNS") or self._nominal_participle(head):
            found = self._anaphor(head)
            return found if found is not None else self._unnamed(head)
        return None

    @staticmethod
    def _nominal_participle(head: Token) -> bool:
        """'The accused performed two attacks': a participle with an article, as a subject,
        is a noun naming people."""
        return head.tag_ in ("VBN", "JJ") and head.dep_ in SUBJECTS and any(c.dep_ == "det" for c in head.children)

    # --- pronouns and nominal anaphora

    def _antecedent(self, pronoun: Token) -> int | None:
        """The actor a pronoun stands for: the last compatible subject or speaker of its own
        sentence or the one before ("President Brandt condemned the attack. 'This is terror,'
        he wrote."), else the last compatible speaker, else the last compatible name."""
        allowed = self.rules.pronouns[pronoun.lower_]
        found = self.nearby_antecedent(pronoun)
        if found is not None:
            return found
        for _, index in sorted(h for h in self.history if h[0] < pronoun.idx)[::-1]:
            if self.entities[index].type in allowed:
                return index
        before = [
            (m.start, i)
            for i, e in enumerate(self.entities)
            if e.type in allowed
            for m in e.mentions
            if m.end <= pronoun.idx
        ]
        return max(before)[1] if before else None

    def _window_start(self, pronoun: Token) -> int:
        """Where a pronoun's antecedent may stand from: the start of the sentence before its own."""
        sentence = pronoun.sent
        return (self.doc[sentence.start - 1].sent if sentence.start > 0 else sentence).start_char

    def object_antecedent(self, pronoun: Token) -> int | None:
        """The actor an object pronoun stands for ("lashed out at Mayor Ines Varga, accusing her
        of ..."): the last compatible actor named in its sentence or the one before, other than
        its clause's subject; a plural one for "them"; None when the text offers none."""
        allowed = self.rules.pronouns.get(pronoun.lower_, frozenset())
        window = self._window_start(pronoun)
        subject = agent_of(pronoun.head)
        acting = self._resolve(subject) if subject is not None and subject.lower_ not in self.rules.pronouns else None
        plural = "Plur" in pronoun.morph.get("Number")
        before = [
            (m.start, i)
            for i, e in enumerate(self.entities)
            if e.type in allowed and i != acting and (self._plural(i) or not plural)
            for m in e.mentions
            if window <= m.start and m.end <= pronoun.idx
        ]
        return max(before)[1] if before else None

    def nearby_antecedent(self, pronoun: Token) -> int | None:
        """The last compatible subject or speaker of the pronoun's sentence or the one before,
        or None."""
        allowed = self.rules.pronouns[pronoun.lower_]
        window = self._window_start(pronoun)
        recent = [h for h in self.history if window <= h[0] < pronoun.idx]
        recent += [
            (m.start, i)
            for i, e in enumerate(self.entities)
            if e.type in allowed
            for m in e.mentions
            if window <= m.start and m.end <= pronoun.idx and self._is_subject(m)
        ]
        recent = [(where, i) for where, i in recent if self.entities[i].type in allowed]
        # "Farmers' unions marched, which the Herald called calm. They asked ...": "they" takes
        # a plural before a singular name (an outlet, a ministry) when the sentences offer one.
        plural = [(where, i) for where, i in recent if self._plural(i)]
        if plural and "Plur" in pronoun.morph.get("Number") and "3" in pronoun.morph.get("Person"):
            recent = plural
        return max(recent)[1] if recent else None

    def _plural(self, index: int) -> bool:
        """A group, or an actor some mention of which has a plural head ("rights groups")."""
        entity = self.entities[index]
        if entity.type is EntityType.GROUP:
            return True
        spans = (self.doc.char_span(m.start, m.end, alignment_mode="expand") for m in entity.mentions)
        return any(span is not None and span.root.tag_ in PLURAL_NOUN_TAGS for span in spans)

    def _author(self, message: Token) -> Token | None:
        """Who issued a statement, message or tweet: its possessor, 'from/by/of X', or the
        subject of the verb that issued the last such message in this sentence or the two before.
        'The statement' (definite) is the last statement issued in this paragraph or the one
        before, however many sentences a quotation between them runs to."""
        for word in message.children:
            if word.dep_ == "poss":
                return word
            if word.dep_ in ("prep", "agent") and word.lower_ in self.rules.author_prepositions:
                named = pobj(word)
                if named is not None and named.lemma_.casefold() not in self.rules.message_nouns:
                    return named
        sentence = message.sent
        first = self.doc[max(0, sentence.start - 1)].sent
        first = self.doc[max(0, first.start - 1)].sent
        definite = any(c.dep_ == "det" and c.lower_ in self.rules.definite_determiners for c in message.children)
        start = paragraph_start(self.doc, paragraph_start(self.doc, message.i) - 1) if definite else first.start
        lemma = message.lemma_.casefold()
        for token in reversed(self.doc[min(start, first.start) : message.i]):
            issued = (
                token.lemma_.casefold() in self.rules.message_nouns
                and token.dep_ in ("dobj", "pobj")
                and token.i not in self._token_entity
                and (token.i >= first.start or token.lemma_.casefold() == lemma)
            )
            author = agent_of(token.head if token.dep_ == "dobj" else token.head.head) if issued else None
            if author is not None and author.lemma_.casefold() not in self.rules.message_nouns:
                return author
        return None

    def _is_subject(self, mention: Mention) -> bool:
        """A subject, or the owner of one ("Protesters' demands include ... They had asked"):
        what a sentence is about is what a pronoun in the next one picks up."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return root.dep_ in SUBJECTS or (root.dep_ == "poss" and root.head.dep_ in SUBJECTS)

    def _anaphor(self, head: Token) -> int | None:
        """'the observatory' → an earlier organization whose name or description has that word;
        'this organisation' → the organization or group named last before it."""
        determiners = {c.lower_ for c in head.children if c.dep_ == "det"}
        if determiners & self.rules.demonstratives and head.lemma_.casefold() in self.rules.organization_nouns:
            before = [
                (m.start, i)
                for i, e in enumerate(self.entities)
                if e.type in (EntityType.ORGANIZATION, EntityType.GROUP)
                for m in e.mentions
                if m.end <= head.idx
            ]
            return max(before)[1] if before else None
        if "the" not in determiners:
            return None
        word = head.lemma_.casefold()
        plural = head.tag_ in PLURAL_NOUN_TAGS
        candidates = [
            (max(m.start for m in e.mentions) if e.mentions else -1, i)
            for i, e in enumerate(self.entities)
            if self._described_as(e, word, plural) and (not e.mentions or min(m.start for m in e.mentions) < head.idx)
        ]
        if not candidates and word in self.rules.generic_organization_nouns and not plural:
            # "the organization said", with no organization described so: the one named last.
            candidates = [
                (m.start, i)
                for i, e in enumerate(self.entities)
                if e.type is EntityType.ORGANIZATION and not e.anonymous
                for m in e.mentions
                if m.end <= head.idx
            ]
        if not candidates:
            return None
        index = max(candidates)[1]
        self._add_alias(index, self._phrase(head).text)
        return index

    @staticmethod
    def _described_as(entity: Entity, word: str, plural: bool) -> bool:
        """'the observatory' may name an organization by its name or description; 'the director' a
        person by the head of a role the article gave them ("Police director"; not 'the police',
        and no plural)."""
        # A role says what its head noun says: "a Britain-based war monitor" is a monitor, "an ally
        # of the government" no government.
        heads = [fold(role).split(" of ")[0].split()[-1:] == [word] for role in entity.roles]
        if entity.type in (EntityType.ORGANIZATION, EntityType.GROUP):
            return any(word in fold(name).split() for name in (entity.label, *entity.aliases)) or any(heads)
        if entity.type is EntityType.PERSON and not plural:
            return any(heads)
        return False

    # --- names

    def _named(self, head: Token, index: int) -> int:
        """A name NER found; the words before it in the phrase are the role ("spokesperson")."""
        phrase = self._phrase(head)
        entity = self.entities[index]
        mention_start = min((m.start for m in entity.mentions if phrase.start_char <= m.start), default=None)
        if entity.type is EntityType.PERSON and mention_start is not None and mention_start > phrase.start_char:
            role = text_of(self.doc)[phrase.start_char : mention_start].strip(" ,")
            if role:
                self._add_role(index, role)
        self._add_affiliation(index, phrase)
        return index

    def _proper_name(self, head: Token) -> int:
        """A proper name NER missed or cut short: titles are dropped, surnames matched."""
        run = self._name_run(head)
        words = list(run)
        last_title = max((i for i, t in enumerate(words) if t.lower_ in self.rules.titles), default=-1)
        if not all(t.text[:1].isupper() for t in words[last_title + 1 :]):
            last_title = -1  # "the defence ministry": a title word, but no personal name follows
        title = words[last_title] if last_title >= 0 else None
        text = text_of(self.doc)
        if title is not None and "-" in (text[title.idx - 1 : title.idx], text[title.idx + len(title) :][:1]):
            last_title = -1  # "Secretary-General", "Attorney-General": the title is the name used
        name_tokens = words[last_title + 1 :] or words[-1:]
        name = text_of(self.doc)[name_tokens[0].idx : name_tokens[-1].idx + len(name_tokens[-1])]
        name = " ".join(name.split())
        known = self._known_person(name) if last_title >= 0 or len(name_tokens) == 1 else None
        if known is None:
            known = self._acronym(name) if name.isupper() else None
        if known is None:
            known = self._by_label(name)
        if known is None:
            body = any(t.lower_ in self.rules.organization_name_words for t in name_tokens)
            personal = last_title >= 0 or len(name_tokens) > 1
            entity_type = EntityType.PERSON if personal and not body else EntityType.ORGANIZATION
            known = self._add_entity(entity_type, name, name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1]))
        if last_title >= 0:
            role = text_of(self.doc)[words[0].idx : words[last_title].idx + len(words[last_title])]
            self._add_role(known, role)
        return known

    def _personal(self, token: Token) -> bool:
        """A proper noun that names, or may name, a person (not a known place or organization)."""
        if token.pos_ != "PROPN":
            return False
        known = self._token_entity.get(token.i)
        return known is None or self.entities[known].type is EntityType.PERSON

    def _title_before(self, index: int, mention: Mention) -> None:
        """'interim President Ahmed al-Sharaa': the title in front of a name is a role, so that
        'the president' can find the person later. Read off the surface: parses split it."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return
        start = span.start
        while start > max(0, span.start - 4):
            word = self.doc[start - 1]
            if word.is_punct or word.dep_ == "case" or word.pos_ not in ("ADJ", "NOUN", "PROPN"):
                break
            start -= 1
        words = self.doc[start : span.start]
        if any(t.lower_ in self.rules.titles for t in words):
            self._add_role(index, words.text)

    def _description_after(self, index: int, mention: Mention) -> None:
        """'the Syrian Observatory for Human Rights, a Britain-based war monitor': the apposition
        describes the organization, so that 'the monitor' can find it later."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return
        for apposition in (c for c in span.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"):
            words = [t for t in apposition.subtree if not t.is_punct]
            if words:  # an odd parse can make a lone symbol the apposition
                self._add_role(index, text_of(self.doc)[words[0].idx : words[-1].idx + len(words[-1])])

    def _surname(self, head: Token) -> int | None:
        """'Lorenzana', 'Director Rebic', 'President Vučić': a person named in full earlier."""
        if head.pos_ != "PROPN":
            return None
        run = list(self._name_run(head))
        last_title = max((i for i, t in enumerate(run) if t.lower_ in self.rules.titles), default=-1)
        name = run[last_title + 1 :]
        if not name:
            return None
        surname = text_of(self.doc)[name[0].idx : name[-1].idx + len(name[-1])]
        if " " in surname:
            return None
        known = self._known_person(surname)
        if known is not None and fold(self.entities[known].label) != fold(surname):
            if last_title >= 0:
                self._add_role(known, text_of(self.doc)[run[0].idx : run[last_title].idx + len(run[last_title])])
            return known
        return None

    def _name_run(self, head: Token) -> SpacySpan:
        start = head.i
        while start > head.sent.start:
            prev = self.doc[start - 1]
            if prev.text == "-" and not prev.whitespace_ and start - 2 >= head.sent.start:
                # "Secretary-General", "al-Sharaa": a hyphen inside a word keeps the word whole.
                joined = self.doc[start - 2]
                if not joined.whitespace_ and is_ancestor(head, joined):
                    start -= 2
                    continue
            if prev.is_punct or prev.dep_ not in ("compound", "flat", "amod", "nmod") or not is_ancestor(head, prev):
                break
            start -= 1
        return self.doc[start : head.i + 1]

    def _known_person(self, name: str) -> int | None:
        """A person of the document whose name is `name`, ends with it, or is it with a first name."""
        key = fold(name)
        matches = [
            i
            for i, e in enumerate(self.entities)
            if e.type is EntityType.PERSON
            and (fold(e.label) == key or fold(e.label).endswith(" " + key) or key.endswith(" " + fold(e.label)))
        ]
        return matches[0] if matches else None

    def _acronym(self, name: str) -> int | None:
        for index, entity in enumerate(self.entities):
            initials = "".join(w[0] for w in entity.label.split() if w[0].isupper())
            if entity.type is not EntityType.PERSON and len(initials) > 1 and initials == name:
                self._add_alias(index, name)
                return index
        return None

    def _by_label(self, name: str) -> int | None:
        key = fold(name)
        return next((i for i, e in enumerate(self.entities) if fold(e.label) == key), None)

    def _appositive_person(self, head: Token) -> int | None:
        """'the general manager of Abu Dhabi Media, Dr Ali bin Tamim': the person is the apposition."""
        head_entity = self._token_entity.get(head.i)
        if head_entity is not None and self.entities[head_entity].type is EntityType.PERSON:
            return None
        phrase = {t.i for t in self._phrase(head)}
        appositions = [t for t in head.subtree if t.dep_ == "appos" and t.head.i in phrase]
        for apposition in appositions:
            # An apposition is set off by a comma: "the manager of X, Dr Ali bin Tamim".
            # ... or hangs on the head itself: "UN office spokesperson Thameen Al-Kheetan".
            set_off = apposition.left_edge.i > 0 and self.doc[apposition.left_edge.i - 1].text == ","
            person = apposition.ent_type_ == "PERSON" or apposition.pos_ == "PROPN"
            if (set_off or apposition.head.i == head.i) and person:
                known = self._token_entity.get(apposition.i)
                index = self._named(apposition, known) if known is not None else None
                if index is None:
                    index = self._proper_name(apposition)
                if self.entities[index].type is EntityType.PERSON:
                    self._add_role(index, self._phrase(head).text)
                    return index
        return None

    def _named_person(self, head: Token) -> int | None:
        """'an eyewitness named Nader', 'a man called Ahmed': the name a participle gives a noun
        (its object predicate) is the person the noun stands for."""
        for participle in head.children:
            if participle.dep_ != "acl" or participle.tag_ != "VBN":
                continue
            name = next((c for c in participle.children if c.dep_ == "oprd"), None)
            known = self._token_entity.get(name.i) if name is not None else None
            if known is not None and self.entities[known].type is EntityType.PERSON:
                words = [t for t in head.subtree if t.i <= head.i and t.dep_ != "det"]
                self._add_role(known, text_of(self.doc)[words[0].idx : head.idx + len(head)])
                return known
        return None

    # --- unnamed sources

    def _unnamed(self, head: Token, phrase: SpacySpan | None = None) -> int:
        phrase = phrase if phrase is not None else self._phrase(head)
        tokens = list(phrase)
        while tokens and tokens[0].lower_ in self.rules.drop_determiners:
            tokens = tokens[1:]
        tokens = tokens or [head]
        label = text_of(self.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        existing = self._by_label(label)
        if existing is not None:
            return existing
        # "armed groups", "human rights organizations", "the authorities": many bodies named by
        # one description are a group of them, not one organization; "the police", tagged plural
        # but its own singular, and "state media" are one body.
        word = head.lemma_.casefold()
        collective = word in self.rules.organization_nouns and head.lower_ == word
        one_body = head.lower_ in self.rules.body_words or collective
        if (head.tag_ in PLURAL_NOUN_TAGS and not one_body) or head.lower_ in self.rules.group_words:
            entity_type = EntityType.GROUP  # "the Yemen-based Houthi movement", "a local militia"
        elif one_body or word in self.rules.organization_nouns:
            entity_type = EntityType.ORGANIZATION
        else:
            entity_type = EntityType.PERSON
        if entity_type is EntityType.ORGANIZATION:
            # "state media" after "Syrian state media", "police" after "Hong Kong police": the body
            # named in full before.
            key = " " + fold(label)
            fuller = [i for i, e in enumerate(self.entities) if e.type is entity_type and fold(e.label).endswith(key)]
            if len(fuller) == 1:
                self._add_alias(fuller[0], label)
                return fuller[0]
        index = self._add_entity(entity_type, label, tokens[0].idx, tokens[-1].idx + len(tokens[-1]), anonymous=True)
        self._add_affiliation(index, phrase)
        return index

    # --- the phrase a head word stands for

    def _phrase(self, head: Token) -> SpacySpan:
        """The head's noun phrase, without relative clauses, appositions or coordination."""
        stop = self.rules.phrase_stop_dependencies
        participles = self.rules.phrase_participles
        keep = [head]
        stack = [head]
        while stack:
            for word in stack.pop().children:
                named_by = word.dep_ == "acl" and word.lemma_.casefold() in participles
                if _charge(word):
                    continue  # "accused by rights groups of ordering the killings": what they charge
                if word.dep_ not in stop or named_by:
                    keep.append(word)
                    stack.append(word)
        start, end = min(t.i for t in keep), max(t.i for t in keep) + 1
        # "the militia's attack": the possessive ending is no part of the name.
        while end > start + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].dep_ == "case"):
            end -= 1
        return self.doc[start:end]

    # --- growing the entity list

    def _add_entity(self, entity_type: EntityType, label: str, start: int, end: int, anonymous: bool = False) -> int:
        # Words that already name an entity ("Kheetan" of "Ta Kheetan") are that entity's mention,
        # never a second entity's: one mention refers to one entity.
        if (start, end) in self._span_entity:
            return self._span_entity[start, end]
        sentence = bisect_right(self._sentence_starts, start) - 1
        mention = Mention(start=start, end=end, text=text_of(self.doc)[start:end], sentence=sentence, ner_label="")
        self.entities.append(Entity(type=entity_type, label=label, mentions=(mention,), anonymous=anonymous))
        index = len(self.entities) - 1
        self._index_mention(index, mention)
        return index

    def _index_mention(self, index: int, mention: Mention) -> None:
        self._span_entity.setdefault((mention.start, mention.end), index)
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or ():
            self._token_entity.setdefault(token.i, index)

    def _add_alias(self, index: int, alias: str) -> None:
        entity = self.entities[index]
        alias = " ".join(alias.split())
        if alias and alias != entity.label and alias not in entity.aliases:
            self.entities[index] = replace(entity, aliases=(*entity.aliases, alias))

    def _add_role(self, index: int, role: str) -> None:
        entity = self.entities[index]
        role = " ".join(role.split()).strip(" ,")
        if role and role not in entity.roles:
            self.entities[index] = replace(entity, roles=(*entity.roles, role))

    def _add_affiliation(self, index: int, phrase: SpacySpan) -> None:
        """An organization named inside a person's phrase is what the person speaks for."""
        if self.entities[index].type is EntityType.ORGANIZATION or self.entities[index].affiliation is not None:
            return
        for token in phrase:
            other = self._token_entity.get(token.i)
            if other is not None and other != index and self.entities[other].type is EntityType.ORGANIZATION:
                self.entities[index] = replace(self.entities[index], affiliation=self.entities[other].label)
                return


def _charge(word: Token) -> bool:
    """ "of ordering the killings" after who accuses or convicts: the parser may hang the charge
    on the accuser's noun; an act in a gerund is no part of anyone's name."""
    gerund = any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in word.children)
    return word.dep_ == "prep" and word.lower_ == "of" and gerund

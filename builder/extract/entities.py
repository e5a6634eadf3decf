"""Actors and places of one article, from spaCy's named entities.

One entity per distinct name within a document. Each name's class is decided over all its
mentions, because the small English model often types the same city as GPE in one
sentence and ORG in the next; the words around a mention ("Maidan Wardak province", "a base
in Maidan Shahr") say more than the model's label, and a single-word name that GeoNames knows
as a place is a Place unless most of its mentions are persons. The forms of one name become
one entity whatever the model typed each ("Khashoggi", tagged a place, after "Jamal
Khashoggi"; "Mme Spanton"; "Usama bin Ladin" beside "Osama bin Laden"; "AFP" beside "Agence
France-Presse"; "Congress" beside "Congress of the Philippines"; "Taliban fighters" beside "the
Taliban"). Some bodies are named by a description rather than a name ("the Chinese
government", "Houthi rebels", "the news network RTHK"), and become entities too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..gazetteer import fold, is_known_place, lookup
from ..records import Entity, EntityType, Mention, PlaceKind, Sentence
from .rules import EntityRules, TimeWords
from .syntax import paragraph_start


def extract_sentences(doc: Doc) -> list[Sentence]:
    return [
        Sentence(index=i, start=sent.start_char, end=sent.end_char, text=sent.text) for i, sent in enumerate(doc.sents)
    ]


@dataclass(frozen=True)
class _Vote:
    """What one mention says a name is: NER's label, or the words around it (`said`)."""

    type: EntityType
    said: bool


def extract_entities(doc: Doc, rules: EntityRules, datelines: list[Dateline]) -> list[Entity]:
    """Entities in order of first mention, each with all its mentions."""
    sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
    # Names NER calls a nationality or creed anywhere ("a largely Alawite city") are one
    # elsewhere too ("the Alawite community", tagged a person's name).
    creeds = {fold(ent.text) for ent in doc.ents if rules.ner_types.get(ent.label_) is EntityType.GROUP}
    mentions: dict[str, list[tuple[Mention, _Vote]]] = {}
    labels: dict[str, str] = {}
    # "the Federal Security Service (FSB)": the name in brackets right after a name is its alias.
    ending_at: dict[int, str] = {}
    bracketed: list[tuple[str, str]] = []
    nations = _bodies_of_nations(doc, rules)
    within_body = {i for body in nations for i in range(body.start, body.end)}
    places_filed_from = [d.place for d in datelines]
    within_dateline = {i: span for span in places_filed_from for i in range(span.start, span.end)}
    found = [*doc.ents, *_bodies_ner_missed(doc, rules), *nations, *_fighters_of(doc, rules), *_initials_of(doc, rules)]
    for ent, dateline in [*((e, False) for e in found), *((d, True) for d in places_filed_from)]:
        entity_type = rules.ner_types.get(ent.label_)
        if entity_type is None or _is_modifier(ent, rules) or _names_a_time(ent, rules) or _described(ent, rules):
            continue
        if _names_an_operation(ent, rules):
            continue  # "Operation Iron Gate" tagged a place: an event (builder.extract.events), no one
        if ent.label_ in _NATION_LABELS and ent.start in within_body:
            continue  # the "U.S." of "the U.S. government" names the body, no place of its own
        if not dateline and any(i in within_dateline for i in range(ent.start, ent.end)):
            continue  # the dateline's one mention, a place, whatever NER tagged it
        tagged, ent = ent.label_, _titled_person(ent, rules)
        entity_type = rules.ner_types.get(ent.label_)
        span = _trim(ent, rules)
        if span is None:
            continue
        label = " ".join(span.text.split())
        if not fold(label):  # a span of invisible or combining characters names no one
            continue
        mention = Mention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            sentence=sentence_of[span.sent.start],
            ner_label=next((t.ent_type_ for t in span if t.ent_type_), "") if dateline else tagged,
        )
        if _plural_people(span, entity_type, label, rules) or _a_people(span, entity_type, rules):
            entity_type = EntityType.GROUP
        elif _nationals_body(ent, span, entity_type, rules):
            entity_type = EntityType.ORGANIZATION
        said = EntityType.PLACE if dateline else _context_type(span, entity_type, label, rules)
        for part, vote in _credit_line(mention, _Vote(said or entity_type, said is not None)):
            key = fold(part.text)
            labels.setdefault(key, " ".join(part.text.split()))
            mentions.setdefault(key, []).append((part, vote))
        if _in_brackets(ent) and ent.start - 1 in ending_at:
            bracketed.append((ending_at[ent.start - 1], key))
        ending_at[ent.end] = key
    _split_joined(mentions)
    entities = [
        Entity(
            type=_decide_type(labels[key], [v for _, v in found], key in creeds, rules),
            label=labels[key],
            mentions=tuple(sorted((m for m, _ in found), key=lambda m: m.start)),
        )
        for key, found in mentions.items()
    ]
    placed = {key for key, found in mentions.items() if any(v.said and v.type is EntityType.PLACE for _, v in found)}
    merged = _merge_variants(_merge_spellings(_merge_bracketed(entities, bracketed), rules), placed, rules)
    return _listed_with_places(doc, _merge_members(merged, rules))


# NER's labels for the nationality or country that a body belongs to.
_NATION_LABELS = frozenset({"NORP", "GPE"})


@dataclass(frozen=True)
class Dateline:
    """Where a story was filed from: metadata before the story proper, never a speaker."""

    place: SpacySpan
    # The character offset where the story proper begins, after the dash or colon.
    end: int


def find_datelines(doc: Doc, rules: EntityRules, time: TimeWords) -> list[Dateline]:
    """'GENEVA —', 'KARSVIK (Nordwire) —', 'BEIRUT, Lebanon —', 'KADUNA, Nigeria, May 14
    (Wire) -', 'Valmont, May 3:': a line that opens with a name in capitals (or, before a date,
    any name) and goes on, after the country, the date and the outlet in brackets where given,
    with a spaced dash, or a colon after a date, names the place the story was filed from."""
    found = []
    for token in doc:
        opens_line = token.i == 0 or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text)
        if not opens_line:
            continue
        name = _dateline_name(doc, token.i, rules, lambda t: t.is_alpha and t.is_upper)
        titled = name is None
        name = name or _dateline_name(doc, token.i, rules, lambda t: t.is_alpha and t.is_title)
        if name is None or (titled and name.text.casefold() in (*time.weekdays, *time.months)):
            continue  # "Friday, May 3:" dates a line; it names no place
        rest, dated = name.end, False
        for _ in range(3):
            if rest < len(doc) and doc[rest].text == "(":
                rest = next((t.i + 1 for t in doc[rest : rest + rules.dateline_max_words + 2] if t.text == ")"), rest)
            elif rest + 1 < len(doc) and doc[rest].text == "," and _is_date(doc, rest + 1, time.months):
                rest, dated = rest + 3, True
            elif _is_date(doc, rest, time.months):
                rest, dated = rest + 2, True
            elif rest < len(doc) and doc[rest].text == "," and not dated:
                rest += 1
                while rest < len(doc) and doc[rest].is_title and not _is_date(doc, rest, time.months):
                    rest += 1
        if rest >= len(doc) or (titled and not dated):
            continue
        dash = doc[rest].text in rules.dateline_dashes and doc[rest - 1].whitespace_
        if dash or (dated and doc[rest].text == ":"):
            found.append(Dateline(SpacySpan(doc, name.start, name.end, label="GPE"), doc[rest].idx + len(doc[rest])))
    return found


def _dateline_name(doc: Doc, start: int, rules: EntityRules, shaped: Callable[[Token], bool]) -> SpacySpan | None:
    end = start
    while end < len(doc) and end - start < rules.dateline_max_words and shaped(doc[end]):
        end += 1
    name = doc[start:end]
    if not name or len(name.text) < 2 or name.text.casefold() in rules.dateline_not_places:
        return None
    return name


def _is_date(doc: Doc, i: int, months: Collection[str]) -> bool:
    """'May 14', 'Nov. 3': a month and a day."""
    if i + 1 >= len(doc):
        return False
    month = doc[i].lower_.rstrip(".")
    named = len(month) >= 3 and any(m.startswith(month) for m in months)
    return named and doc[i].is_title and doc[i + 1].like_num and len(doc[i + 1].text) <= 2


def _initials_of(doc: Doc, rules: EntityRules) -> list[SpacySpan]:
    """'the Federal Security Service (FSB)' with no entity tagged in the brackets: a word in
    capitals there, right after a body's name, is its initials (an alias, as when NER tags it)."""
    found = []
    for ent in doc.ents:
        inside = doc[ent.end + 1] if ent.end + 2 < len(doc) else None
        if inside is None or rules.ner_types.get(ent.label_) is not EntityType.ORGANIZATION:
            continue
        initials = inside.is_upper and inside.is_alpha and len(inside) > 1 and not inside.ent_type_
        if initials and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            found.append(SpacySpan(doc, inside.i, inside.i + 1, label=ent.label_))
    return found


def _bodies_of_nations(doc: Doc, rules: EntityRules) -> list[SpacySpan]:
    """'the Chinese government', 'the Syrian interim government', 'the U.S. government': a
    nationality or country before a noun of a kind of body names that state's body, an
    organization of its own ('the government' alone names none)."""
    nations = {i: ent for ent in doc.ents if ent.label_ in _NATION_LABELS for i in range(ent.start, ent.end)}
    found = []
    for head in doc:
        if head.pos_ != "NOUN" or head.lower_ not in rules.institution_words or head.tag_ in rules.plural_tags:
            continue
        before = (c for c in head.children if c.dep_ in rules.modifier_dependencies and c.i < head.i)
        modifiers = sorted(before, key=lambda t: t.i)
        first = next((nations[c.i] for c in modifiers if c.i in nations), None)
        if first is None or any(c.i < first.start for c in modifiers):
            continue
        between = range(first.end, head.i)
        if all(i in {c.i for c in modifiers} for i in between):
            found.append(SpacySpan(doc, first.start, head.i + 1, label="ORG"))
    return found


def _fighters_of(doc: Doc, rules: EntityRules) -> list[SpacySpan]:
    """'Houthi rebels', 'ISIS militants': a one-word name before a plural noun that names an
    armed group's members is that group, under both words (the name alone describes them)."""
    found = []
    for ent in doc.ents:
        head = ent.root.head
        if len(ent) != 1 or ent.root.pos_ == "ADJ" or ent.root.dep_ != "compound" or head.i != ent.end:
            continue
        if head.tag_ in rules.plural_tags and head.lower_ in rules.group_name_words:
            found.append(SpacySpan(doc, ent.start, head.i + 1, label="NORP"))
    return found


def _bodies_ner_missed(doc: Doc, rules: EntityRules) -> list[SpacySpan]:
    """'the news network RTHK', 'the newspaper Vardar': proper nouns right after a noun of a
    kind of organization name one, when NER saw no actor or place there (none, or a product)."""
    found = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lower_ not in rules.institution_words:
            continue
        end = token.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ not in rules.ner_types:
            end += 1
        # "police Superintendent Graciano Mijares": a title before a person's name is no body.
        if end > token.i + 1 and (end == len(doc) or doc[end].ent_type_ != "PERSON"):
            found.append(SpacySpan(doc, token.i + 1, end, label="ORG"))
    return found


_AND = " and "


def _split_joined(mentions: dict[str, list[tuple[Mention, _Vote]]]) -> None:
    """'Crete and Cyprus' tagged as one name, where the article names each alone too: a mention
    of each, as the rest of the article types them."""
    for key in [k for k in mentions if _AND in k]:
        names = key.split(_AND)
        if len(names) != 2 or not all(name in mentions for name in names):
            continue
        for mention, _ in mentions.pop(key):
            cut = mention.text.casefold().index(_AND)
            first = replace(mention, end=mention.start + cut, text=mention.text[:cut])
            second = replace(mention, start=mention.start + cut + len(_AND), text=mention.text[cut + len(_AND) :])
            for name, part in zip(names, (first, second), strict=True):
                mentions[name].append((part, _Vote(mentions[name][0][1].type, said=False)))


def _credit_line(mention: Mention, vote: _Vote) -> list[tuple[Mention, _Vote]]:
    """'Nadia Farouk/AFP', a photograph's credit: the photographer (as NER typed the whole),
    then the agencies that distribute the picture, one name each."""
    if "/" not in mention.text:
        return [(mention, vote)]
    parts, start = [], mention.start
    for i, text in enumerate(mention.text.split("/")):
        stripped = text.strip()
        if stripped:
            begin = start + text.index(stripped)
            part = replace(mention, start=begin, end=begin + len(stripped), text=stripped)
            parts.append((part, vote if i == 0 else _Vote(EntityType.ORGANIZATION, True)))
        start += len(text) + 1
    return parts


def _in_brackets(ent: SpacySpan) -> bool:
    doc = ent.doc
    return ent.start > 0 and doc[ent.start - 1].text == "(" and ent.end < len(doc) and doc[ent.end].text == ")"


def _merge_bracketed(entities: list[Entity], pairs: list[tuple[str, str]]) -> list[Entity]:
    """'the Federal Security Service (FSB)', 'the Islamic State (ISIS)': one entity, of the
    class and under the name that comes first, the bracketed one an alias."""
    merged = list(entities)
    for first, second in pairs:
        named = {fold(e.label): e for e in merged}
        if first == second or first not in named or second not in named:
            continue
        target, alias = named[first], named[second]
        # "the Kurdistan Workers' Party (PKK)": a name known as an armed group's makes the whole one.
        kind = EntityType.GROUP if EntityType.GROUP in (target.type, alias.type) else target.type
        merged[merged.index(target)] = replace(_absorbed(target, alias), type=kind)
        merged.remove(alias)
    return merged


def _absorbed(target: Entity, other: Entity) -> Entity:
    """`target` with the mentions and names of `other`, another form of the same name."""
    mentions = tuple(sorted(target.mentions + other.mentions, key=lambda m: m.start))
    return replace(target, mentions=mentions, aliases=(*target.aliases, other.label, *other.aliases))


def _merge_spellings(entities: list[Entity], rules: EntityRules) -> list[Entity]:
    """'Usama bin Ladin' beside 'Osama bin Laden', 'Magnitigorsk' beside 'Magnitogorsk': one
    entity under the spelling the article uses most."""
    merged = list(entities)
    for variant in entities:
        same = [
            e
            for e in merged
            if e is not variant and e.type is variant.type and _respelled(variant.label, e.label, rules)
        ]
        if len(same) != 1 or variant not in merged:
            continue
        target = same[0]
        kept, other = (target, variant) if len(target.mentions) >= len(variant.mentions) else (variant, target)
        merged[merged.index(target)] = _absorbed(kept, other)
        merged.remove(variant)
    return merged


def _listed_with_places(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """'entered Tell Tamer and Ain Issa': a name the article gives once, tagged a person's but
    listed with a place, is a place too."""
    places = [m for e in entities if e.type is EntityType.PLACE for m in e.mentions]
    typed = []
    for entity in entities:
        once = entity.type is EntityType.PERSON and len(entity.mentions) == 1
        span = (
            doc.char_span(entity.mentions[0].start, entity.mentions[0].end, alignment_mode="expand") if once else None
        )
        if span is not None and any(m.start <= t.idx < m.end for t in _conjoined(span) for m in places):
            entity = replace(entity, type=EntityType.PLACE)
        typed.append(entity)
    return typed


def _conjoined(span: SpacySpan) -> list[Token]:
    """The words listed with a name ('Tell Tamer and Ain Issa'), from any of its words: the
    parser may hang the list on the last."""
    inside = range(span.start, span.end)
    heads = [t.head for t in span if t.dep_ == "conj" and t.head.i not in inside]
    return heads + [c for t in span for c in t.children if c.dep_ == "conj" and c.i not in inside]


def _merge_members(entities: list[Entity], rules: EntityRules) -> list[Entity]:
    """'Taliban fighters' beside 'the Taliban': the group under its own name, of which the
    members' phrase is another form."""
    merged = list(entities)
    for members in entities:
        name, _, noun = fold(members.label).rpartition(" ")
        if members.type is not EntityType.GROUP or noun not in rules.group_name_words:
            continue
        named = [e for e in merged if e is not members and fold(e.label) in (name, name + "s")]
        if len(named) == 1:
            merged[merged.index(named[0])] = replace(_absorbed(named[0], members), type=EntityType.GROUP)
            merged.remove(members)
    return merged


def _respelled(a: str, b: str, rules: EntityRules) -> bool:
    """Two transliterations of one name: the same words but for vowels inside them (Usama/Osama,
    Ladin/Laden). A last letter that differs tells names apart (Mario/Maria), as does a short word."""
    words_a, words_b = fold(a).split(), fold(b).split()
    if a != b and fold(a).replace("-", " ") == fold(b).replace("-", " "):
        return True  # "al-Marrak" and "al Marrak": a hyphen or a space joins the same words
    if a == b or len(words_a) != len(words_b):
        return False
    pairs = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    if not pairs or (len(words_a) == 1 and len(words_a[0]) < rules.respelling_min_single_word):
        return False
    return all(_vowel_respelling(x, y, rules) for x, y in pairs)


def _vowel_respelling(x: str, y: str, rules: EntityRules) -> bool:
    if len(x) != len(y) or len(x) < rules.respelling_min_word:
        return False
    differ = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    return len(differ) == 1 and differ[0] < len(x) - 1 and {x[differ[0]], y[differ[0]]} <= rules.respelling_vowels


def _merge_variants(entities: list[Entity], placed: set[str], rules: EntityRules) -> list[Entity]:
    """'Lorenzana' after 'Delfin Lorenzana', 'SOHR' beside 'Syrian Observatory for Human
    Rights', 'Osama' beside 'Osama bin Laden': one entity, the short name an alias, when exactly
    one full name fits. The short name of a person is the person whatever NER typed it
    ('Khashoggi' as a place, 'Al-Quaety' as an organization), unless the text calls it a place
    ("in Amman") or it is a country's name."""
    merged = list(entities)
    for short in entities:
        full = [e for e in merged if e is not short and _shortened(short, e, placed, rules)]
        persons = [e for e in full if e.type is EntityType.PERSON]
        if len(full) > 1 and len(persons) == len(full):
            # "Khan" beside "Usman Khan" and, later, "Sadiq Khan": the surname alone is the person
            # the story named first, its subject; the other is named in full.
            full = [min(persons, key=lambda e: e.mentions[0].start)]
        if len(full) != 1 or short not in merged:
            continue
        target = full[0]
        merged[merged.index(target)] = _absorbed(target, short)
        merged.remove(short)
    return merged


def _shortened(short: Entity, full: Entity, placed: set[str], rules: EntityRules) -> bool:
    if short.type is full.type and _shortens(short.label, full.label, rules):
        return True
    if short.type is full.type is EntityType.ORGANIZATION and _body_shortened(
        fold(short.label), fold(full.label), rules
    ):
        return True
    people = full.type is EntityType.GROUP and short.type in (EntityType.GROUP, EntityType.PERSON)
    if people and fold(full.label) == fold(short.label) + "s":
        return True  # "Houthi" beside "the Houthis", "Alawite" (tagged a person's) beside "the Alawites"
    if short.type is full.type is EntityType.PERSON and " " in short.label:
        return fold(full.label).endswith(" " + fold(short.label))  # "Crown Prince Mohammad bin Salman"
    surname = _particle_joined(short.label)
    if full.type is not EntityType.PERSON or " " in surname or fold(short.label) in placed:
        return False
    if any(c.kind == PlaceKind.COUNTRY for c in lookup(short.label)):
        return False
    # "Faisal" for "Crown Prince Faisal bin Rashed": a word of the full name but its last.
    names = [fold(n).split() for n in (full.label, *full.aliases) if " " in n]
    given = {w for words in names for w in words[:-1]}
    return bool(names) and (fold(surname) in given or _shortens(surname, full.label, rules))


def _particle_joined(name: str) -> str:
    """'el Kadri' as 'el-Kadri': a surname led by a lower-case particle is one word, however joined."""
    words = name.split()
    return "-".join(words) if len(words) == 2 and words[0].islower() else name


def _body_shortened(short: str, full: str, rules: EntityRules) -> bool:
    """'Congress' for 'Congress of the Philippines', 'ABS-CBN' for 'ABS-CBN Corporation': the
    body named without what it is of, or without the word that says it is a body."""
    if full.startswith(short + " of "):
        return True
    rest = full.removeprefix(short + " ")
    return (rest != full and rest in rules.institution_words) or _reworded(short, full)


# Letters a demonym shares with its country's name ("Iraqi" and "Iraq", "Philippine" and
# "the Philippines"): enough to tell which country it names, not to find the demonym of any.
_DEMONYM_STEM = 4


def _reworded(short: str, full: str) -> bool:
    """'Iraqi Parliament' for 'the Parliament of Iraq': the body with its country before it,
    a shorter form of the name that has the country after it."""
    adjective, _, body = short.partition(" ")
    named, of, country = full.partition(" of ")
    country = country.removeprefix("the ")
    return (
        bool(of)
        and body == named
        and len(adjective) > _DEMONYM_STEM
        and adjective[:_DEMONYM_STEM] == country[:_DEMONYM_STEM]
    )


def _shortens(short: str, full: str, rules: EntityRules) -> bool:
    """A surname of a person's full name, or the initials of an organization's name."""
    short = _particle_joined(short)
    if " " in short or " " not in full:
        return False
    if short.isupper() and len(short) > 1:
        # "AFP" for "Agence France-Presse": the words of a hyphenated name give initials too;
        # "U.S." for "United States": initials may take full stops.
        initials = "".join(w[0] for w in full.replace("-", " ").split() if w[0].isupper())
        return short.replace(".", "") == initials
    # "Assad" shortens "Bashar al-Assad" as "al-Assad" does: names join with spaces or hyphens;
    # but the name after "of" is another's ("Oman" beside "the Gulf of Oman") unless a word
    # for a kind of area comes before it ("the State of Virginia", "the Islamic Republic of Iran").
    full, short = fold(full), fold(short)
    if full.endswith(" of " + short):
        return full.removesuffix(" of " + short).split()[-1] in rules.place_words
    return full.endswith((" " + short, "-" + short))


def _plural_people(span: SpacySpan, entity_type: EntityType, label: str, rules: EntityRules) -> bool:
    """'the Houthis', 'massacring the Alawites': a plural name is people, whether tagged as a
    person or as a place, unless the gazetteer knows the place ('the Philippines') or a
    preposition of place comes before it ('in the Golan Heights')."""
    if span.root.tag_ not in rules.plural_tags:
        return False
    if entity_type is EntityType.PERSON:
        # "Graciano Mijares", "Ana Reyes": a surname may look plural; a full name is still one person.
        return len(span) == 1
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return entity_type is EntityType.PLACE and before not in rules.locative_prepositions and not is_known_place(label)


def _a_people(span: SpacySpan, entity_type: EntityType, rules: EntityRules) -> bool:
    """'the Druze', 'the minority Alawite community', tagged a person's name: a one-word name after
    an article, or before a noun for a people, names a people ('the Trump administration' is the
    person's)."""
    if entity_type is not EntityType.PERSON or len(span) != 1:
        return False
    root = span.root
    if root.dep_ in rules.modifier_dependencies:
        return root.head.lower_ in rules.people_nouns
    return span.start > 0 and span.doc[span.start - 1].lower_ in rules.people_articles


def _nationals_body(ent: SpacySpan, span: SpacySpan, entity_type: EntityType, rules: EntityRules) -> bool:
    """'Belarusian KGB', 'Saudi Aramco' tagged a nationality: a people is named by a plural or
    an adjective, so a nationality before a singular proper name names that body."""
    root = span.root
    singular_name = root.pos_ == "PROPN" and root.tag_ not in rules.plural_tags
    return ent.label_ == "NORP" and entity_type is EntityType.GROUP and len(span) > 1 and singular_name


def _context_type(span: SpacySpan, entity_type: EntityType, label: str, rules: EntityRules) -> EntityType | None:
    """What the words around a mention call it, when they say: a place ("a military base in
    Maidan Shahr" tagged PERSON, "the Jolo Cathedral" tagged ORG, "Tsuen Wan district", "the
    capital, Sanaa"), or an organization ("Deakin University" tagged a place)."""
    last = span[-1].lower_
    if entity_type is not EntityType.ORGANIZATION and (last in rules.institution_words or _named_as_body(span, rules)):
        return EntityType.ORGANIZATION
    if entity_type is not EntityType.PERSON and (_relative_who(span, rules) or _beside_a_person(span, label)):
        return EntityType.PERSON
    if entity_type is not EntityType.PLACE and (last in rules.facility_words or _street_of(span, rules)):
        return EntityType.PLACE
    root = span.root
    if root.dep_ == "compound" and root.head.i == span.end and root.head.lower_ in rules.facility_words:
        return EntityType.PLACE  # "a Walmart store", "the Boots store": the shop, a place
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    # "at Google", "in Hamas": an organization or a group after one is no place.
    located = before in rules.locative_prepositions and entity_type in (EntityType.PERSON, EntityType.PLACE)
    if located or _called_a_place(span, rules) or _beside_a_place(span, label, rules):
        return EntityType.PLACE
    if entity_type is EntityType.ORGANIZATION and before in rules.locative_prepositions and _where_done(span, rules):
        return EntityType.PLACE
    return None


def _where_done(span: SpacySpan, rules: EntityRules) -> bool:
    """'were killed in Tarsk', 'was arrested in Velm' tagged an organization: one name after a
    passive act's preposition is where it was done; initials ('in ISIS'), a body's word ('in
    Congress') and a preposition after a noun ('a split in Hamas') leave a body."""
    root = span.root
    if len(span) != 1 or root.is_upper or root.dep_ != "pobj" or root.lower_ in rules.office_words:
        return False
    act = root.head.head
    return act.tag_ in rules.participle_tags and any(c.dep_ == "auxpass" for c in act.children)


def _street_of(span: SpacySpan, rules: EntityRules) -> bool:
    """'Quai des Orfèvres', 'Rue de Rivoli', 'Avenue of the Americas': a street or building
    named first, then a particle that joins it to what it is of."""
    return len(span) > 2 and span[0].lower_ in rules.facility_words and span[1].is_lower


def _named_as_body(span: SpacySpan, rules: EntityRules) -> bool:
    """'the news agency Fars', 'state news firm Saba', 'her party Civic Platform': a noun of a
    kind of organization right before a name (or the name in apposition to it) makes it one."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.lower_ in rules.institution_words:
        return True
    root = span.root
    return root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lower_ in rules.institution_words


# The relative pronouns that stand for people ("who", "whom"): a name they follow is a person's.
_PERSONAL_RELATIVE_TAG = "WP"


def _relative_who(span: SpacySpan, rules: EntityRules) -> bool:
    """'Viktar Babaryka, who was arrested', 'Valery Tsapkala, a candidate who fled': a single
    name that 'who' takes up is a person's, whatever NER tagged it (plural names are groups)."""
    root = span.root
    if root.tag_ in rules.plural_tags:
        return False
    heads = [root] + [c for c in root.children if c.dep_ == "appos"]
    return any(
        w.tag_ == _PERSONAL_RELATIVE_TAG and w.dep_ in ("nsubj", "nsubjpass")
        for head in heads
        for clause in head.children
        if clause.dep_ == "relcl"
        for w in clause.children
    )


def _beside_a_person(span: SpacySpan, label: str) -> bool:
    """'officers Antoine Quirin and Nicolas Redouane', 'ministers Nikos Dendias, Nikos
    Christodoulides and Jean-Yves Le Drian': a name of several words listed with persons' full
    names is one too, though NER tagged it a body; a place GeoNames knows stays a place."""
    # A word inside a PERSON entity but not its first belongs to a name of several words.
    full_names = [t for t in _conjoined(span) if t.ent_type_ == "PERSON" and t.ent_iob_ == "I"]
    return len(span) > 1 and bool(full_names) and not is_known_place(label)


def _called_a_place(span: SpacySpan, rules: EntityRules) -> bool:
    """A noun of a kind of place names it: 'the Sulu region', 'the capital, Sanaa', 'the town of Mokha'."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.i == span.start - 1:
        return head.head.lower_ in rules.place_words
    if head.i == root.i or head.lower_ not in rules.place_words:
        return False
    return root.dep_ == "appos" or (root.dep_ in ("compound", "nmod") and head.i == span.end)


def _beside_a_place(span: SpacySpan, label: str, rules: EntityRules) -> bool:
    """'El Paso and Ciudad Juárez', 'Ciudad Juárez, Mexico', 'Jolo and the Sulu region': a name
    GeoNames knows, joined to a place, is that place too, not the person NER took it for."""
    root = span.root
    joined = [root.head] if root.dep_ == "conj" else []
    joined += [c for c in root.children if c.dep_ in ("conj", "appos")]
    return any(t.ent_type_ == "GPE" or t.lower_ in rules.place_words for t in joined) and is_known_place(label)


def _is_modifier(ent: SpacySpan, rules: EntityRules) -> bool:
    """A nationality or creed used as an adjective ("Syrian forces") names no group, nor a
    country's initials used so ("US troops") a place."""
    if ent.root.pos_ == "ADJ":
        return True  # no name of anyone is an adjective, whatever the tag
    root = ent.root
    if _names_areas(ent, rules):
        return False  # "in Latakia and Tartus provinces": a name before its kind of area names it
    if len(ent) == 1 and root.dep_ == "compound" and root.head.tag_ in rules.plural_tags:
        return True  # "Alawite villages", "Druze elders": one word describing many, not someone
    while root.dep_ == "conj" and len(ent) == 1:
        root = root.head  # "the Druze and Bedouin tribesmen": listed with a word that describes them
    described = root.head if root.dep_ in rules.modifier_dependencies else None
    if len(ent) == 1 and described is not None and described.pos_ == "NOUN":
        if described.tag_ in rules.plural_tags:
            return True
        # "an Alawite cleric": a people's word before a noun describes it ("the Alawite community"
        # is the people).
        if fold(ent.text).endswith(rules.people_suffixes) and described.lower_ not in rules.people_nouns:
            return True
    after = ent.doc[ent.end : ent.end + 2]
    if len(ent) == 1 and len(after) == 2 and after[0].text == "-" and after[1].tag_ in rules.participle_tags:
        return True  # "the UK-based monitor", "US-built vehicles": a place describing something else
    if ent.label_ == "NORP" and ent.root.dep_ in rules.modifier_dependencies:
        return True
    # "US troops", "U.S. officials": a country's initials before a noun say "American", as an adjective would.
    initials = ent.label_ == "GPE" and all(t.text.replace(".", "").isupper() for t in ent)
    return initials and ent.root.dep_ in rules.modifier_dependencies and ent.root.head.pos_ == "NOUN"


def _names_areas(ent: SpacySpan, rules: EntityRules) -> bool:
    """'Latakia and Tartus provinces', 'the Idlib and Hama governorates': names listed before a
    plural word for a kind of area, one of them a place's, are the names of those areas; one
    name alone there describes them ('Druze villages', 'Idlib villages')."""
    root = ent.root
    while root.dep_ == "conj":
        root = root.head
    area = root.head if root.dep_ in rules.modifier_dependencies else None
    if ent.label_ == "NORP" or area is None or area.tag_ not in rules.plural_tags:
        return False
    listed = [root, *(t for t in root.subtree if t.dep_ == "conj")]
    if len(listed) < 2 or not any(t.ent_type_ in _PLACE_LABELS for t in listed):
        return False
    return area.lemma_.lower() in rules.place_words


# NER's labels for places.
_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _names_an_operation(ent: SpacySpan, rules: EntityRules) -> bool:
    words = [t for t in ent if t.lower_ not in rules.leading_words]
    return len(words) > 1 and words[0].is_title and words[0].lower_ in rules.event_names


def _names_a_time(ent: SpacySpan, rules: EntityRules) -> bool:
    """'Friday', 'Oct.', '09:00 UTC' tagged as an organization: a time is no one."""
    words = [t for t in ent if not (t.is_punct or t.like_num)]
    return bool(words) and all(t.lower_ in rules.time_words for t in words)


def _described(ent: SpacySpan, rules: EntityRules) -> bool:
    """'An Australian, Brenton Tarrant', 'any Londoner': a name takes no indefinite article, so
    one word after one describes someone rather than naming them."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if len(ent) != 1 or before is None or before.lower_ not in rules.indefinite_determiners:
        return False
    return ent.root.tag_ not in rules.plural_tags and ent.root.dep_ not in rules.modifier_dependencies


def _trim(ent: SpacySpan, rules: EntityRules) -> SpacySpan | None:
    """Drop a leading article or courtesy title and a trailing possessive or punctuation mark."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in rules.leading_words:
        start += 1
    if ent.label_ == "PERSON":
        start = _given_name_start(ent.doc, start, end, rules)
    while start < end - 1 and ent.doc[start].lower_ in rules.honorifics:
        start += 1
    while end > start and (ent.doc[end - 1].text in rules.trailing_possessives or ent.doc[end - 1].is_punct):
        end -= 1
    if ent.label_ == "PERSON":
        end = _name_run_end(ent.doc, end)
    end = _building_of(ent.doc, end, rules)
    end = _before_headline_verb(ent.doc, start, end, rules)
    return ent.doc[start:end] if end > start else None


def _before_headline_verb(doc: Doc, start: int, end: int, rules: EntityRules) -> int:
    """'Obama Says Trade Deal Will Pass' tagged one name: in a headline, where every word is
    capitalized, the name ends before the verb of saying that follows it."""
    verb = next((t.i for t in doc[start + 1 : end] if t.lower_ in rules.headline_verbs), None)
    if verb is None:
        return end  # the line is read only for the few names with such a word inside
    line_start = paragraph_start(doc, start)
    line_end = next((t.i for t in doc[start:] if "\n" in t.text_with_ws), len(doc) - 1) + 1
    words = [t for t in doc[line_start:line_end] if t.is_alpha and len(t) > 3]
    return verb if len(words) >= 3 and all(t.is_title or t.is_upper for t in words) else end


def _building_of(doc: Doc, end: int, rules: EntityRules) -> int:
    """'Fishmongers' Hall', 'St Mary's Hospital' tagged up to the possessive: a capitalized
    word for a building or a body after it ends the name."""
    after = doc[end : end + 2]
    if len(after) < 2 or after[0].text not in rules.trailing_possessives or not after[1].is_title:
        return end
    word = after[1].lower_
    return end + 2 if word in rules.facility_words or word in rules.institution_words else end


def _titled_person(ent: SpacySpan, rules: EntityRules) -> SpacySpan:
    """'Presidential Spokesperson Harry Roque' tagged an organization: the capitalized names after
    a title within a name are a person's, the title their role (`ActorResolver` reads it)."""
    if ent.label_ == "PERSON":
        return ent
    title = max((t.i for t in ent[:-1] if t.lower_ in rules.titles), default=None)
    if title is None or not all(t.pos_ == "PROPN" and t.is_title for t in ent.doc[title + 1 : ent.end]):
        return ent
    bodies = rules.office_words | rules.institution_words | rules.facility_words | rules.group_name_words
    if any(t.lower_ in bodies for t in ent.doc[title + 1 : ent.end]):
        return ent  # "the Interior Ministry": a title's word in the name of the body it heads
    return SpacySpan(ent.doc, title + 1, ent.end, label="PERSON")


def _given_name_start(doc: Doc, start: int, end: int, rules: EntityRules) -> int:
    """'Hamza bin Ladin' tagged from 'bin', 'Mayor of London Sadiq Khan' tagged 'Khan': a
    capitalized proper noun right before a person's name, given to no one and no title, is its
    first name when the name opens with a lower-case particle ('bin', 'al', 'de') or when the
    parse makes it part of the name."""
    if start >= end or start == 0:
        return start
    before = doc[start - 1]
    if before.pos_ != "PROPN" or before.ent_type_ or not before.is_title or before.lower_ in rules.titles:
        return start
    joined = before.dep_ in ("compound", "flat") and start <= before.head.i < end
    return start - 1 if doc[start].is_lower or joined else start


def _name_run_end(doc: Doc, end: int) -> int:
    """'Chief Superintendent Graciano Mijares' tagged up to 'Graciano': a person's name runs on
    through the proper nouns right after it that NER gave to no one."""
    while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_ and doc[end].is_title:
        end += 1
    return end


def _decide_type(label: str, votes: list[_Vote], creed: bool, rules: EntityRules) -> EntityType:
    name = fold(label)
    words = name.split()
    armed = any(name == group or name.startswith(group + " ") for group in rules.armed_groups)
    if armed:
        return EntityType.GROUP
    if name in rules.platforms:
        return EntityType.ORGANIZATION
    # "the Armed Forces", "Iraqi Security Forces": a state's forces are a body of that state,
    # though "forces" ends the names of armed groups ("Syrian Democratic Forces").
    if " ".join(words[-2:]) in rules.institution_words:
        return EntityType.ORGANIZATION
    if len(words) > 1 and words[-1] in rules.group_name_words:
        return EntityType.GROUP
    # "Sri Lanka's navy" tagged a person: a country's name of several words is no one's name
    # (a one-word one may be: Jordan, Chad), and the body that speaks for the country is the
    # resolver's to add (`ActorResolver.resolve`).
    if len(words) > 1 and any(c.kind == PlaceKind.COUNTRY for c in lookup(label)):
        return EntityType.PLACE
    # The words around a mention outvote the model's labels.
    said = Counter(v.type for v in votes if v.said)
    counts = said or Counter(v.type for v in votes)
    majority = max(counts, key=lambda t: (counts[t], -rules.type_preference.index(t)))
    if creed and majority is EntityType.PERSON:
        return EntityType.GROUP
    if said:  # "state news firm Saba" is the agency, though GeoNames knows a town of that name
        return majority
    could_be_place = len(label.split()) == 1 or EntityType.PLACE in counts
    # A name the gazetteer knows is a place when some mention reads as one ("in Jolo"), even
    # if most were tagged as a person's ("Jolo said" is its authorities speaking).
    if could_be_place and is_known_place(label) and (majority is not EntityType.PERSON or EntityType.PLACE in counts):
        return EntityType.PLACE
    return majority

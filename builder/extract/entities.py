"""Actors and places of one article, from spaCy's named entities.

One entity per distinct name within a document. Each name's class is decided over all its
mentions, because the small English model often types the same city as GPE in one
sentence and ORG in the next; the words around a mention ("Maidan Wardak province", "a base
in Maidan Shahr") say more than the model's label, and a single-word name that GeoNames knows
as a place is a Place unless most of its mentions are persons. The forms of one name become
one entity whatever the model typed each ("Khashoggi", tagged a place, after "Jamal
Khashoggi"; "Mme Spanton"; "Usama bin Ladin" beside "Osama bin Laden").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..gazetteer import fold, is_known_place, lookup
from ..records import Entity, EntityType, Mention, PlaceKind, Sentence
from .rules import EntityRules


def extract_sentences(doc: Doc) -> list[Sentence]:
    return [
        Sentence(index=i, start=sent.start_char, end=sent.end_char, text=sent.text) for i, sent in enumerate(doc.sents)
    ]


@dataclass(frozen=True)
class _Vote:
    """What one mention says a name is: NER's label, or the words around it (`said`)."""

    type: EntityType
    said: bool


def extract_entities(doc: Doc, rules: EntityRules) -> list[Entity]:
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
    for ent in doc.ents:
        entity_type = rules.ner_types.get(ent.label_)
        if entity_type is None or _is_modifier(ent, rules) or _names_a_time(ent, rules) or _described(ent, rules):
            continue
        span = _trim(ent, rules)
        if span is None:
            continue
        label = " ".join(span.text.split())
        key = fold(label)
        if not key:  # a span of invisible or combining characters names no one
            continue
        labels.setdefault(key, label)
        ending_at[ent.end] = key
        if _in_brackets(ent) and ent.start - 1 in ending_at:
            bracketed.append((ending_at[ent.start - 1], key))
        mention = Mention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            sentence=sentence_of[span.sent.start],
            ner_label=ent.label_,
        )
        if _plural_people(span, entity_type, label, rules):
            entity_type = EntityType.GROUP
        said = _context_type(span, entity_type, label, rules)
        mentions.setdefault(key, []).append((mention, _Vote(said or entity_type, said is not None)))
    entities = [
        Entity(
            type=_decide_type(labels[key], [v for _, v in found], key in creeds, rules),
            label=labels[key],
            mentions=tuple(m for m, _ in found),
        )
        for key, found in mentions.items()
    ]
    placed = {key for key, found in mentions.items() if any(v.said and v.type is EntityType.PLACE for _, v in found)}
    return _merge_variants(_merge_spellings(_merge_bracketed(entities, bracketed), rules), placed)


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


def _respelled(a: str, b: str, rules: EntityRules) -> bool:
    """Two transliterations of one name: the same words but for vowels inside them (Usama/Osama,
    Ladin/Laden). A last letter that differs tells names apart (Mario/Maria), as does a short word."""
    words_a, words_b = fold(a).split(), fold(b).split()
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


def _merge_variants(entities: list[Entity], placed: set[str]) -> list[Entity]:
    """'Lorenzana' after 'Delfin Lorenzana', 'SOHR' beside 'Syrian Observatory for Human
    Rights', 'Osama' beside 'Osama bin Laden': one entity, the short name an alias, when exactly
    one full name fits. The short name of a person is the person whatever NER typed it
    ('Khashoggi' as a place, 'Al-Quaety' as an organization), unless the text calls it a place
    ("in Amman") or it is a country's name."""
    merged = list(entities)
    for short in entities:
        full = [e for e in merged if e is not short and _shortened(short, e, placed)]
        if len(full) != 1 or short not in merged:
            continue
        target = full[0]
        merged[merged.index(target)] = _absorbed(target, short)
        merged.remove(short)
    return merged


def _shortened(short: Entity, full: Entity, placed: set[str]) -> bool:
    if short.type is full.type and _shortens(short.label, full.label):
        return True
    if short.type is full.type is EntityType.GROUP and fold(full.label) == fold(short.label) + "s":
        return True  # "Houthi" beside "the Houthis"
    if short.type is full.type is EntityType.PERSON and " " in short.label:
        return fold(full.label).endswith(" " + fold(short.label))  # "Crown Prince Mohammad bin Salman"
    if full.type is not EntityType.PERSON or " " in short.label or fold(short.label) in placed:
        return False
    if any(c.kind == PlaceKind.COUNTRY for c in lookup(short.label)):
        return False
    given = fold(full.label).split()[0]
    return " " in full.label and (fold(short.label) == given or _shortens(short.label, full.label))


def _shortens(short: str, full: str) -> bool:
    """A surname of a person's full name, or the initials of an organization's name."""
    if " " in short or " " not in full:
        return False
    if short.isupper() and len(short) > 1:
        return short == "".join(w[0] for w in full.split() if w[0].isupper())
    # "Assad" shortens "Bashar al-Assad" as "al-Assad" does: names join with spaces or hyphens.
    return fold(full).endswith((" " + fold(short), "-" + fold(short)))


def _plural_people(span: SpacySpan, entity_type: EntityType, label: str, rules: EntityRules) -> bool:
    """'the Houthis', 'massacring the Alawites': a plural name is people, whether tagged as a
    person or as a place, unless the gazetteer knows the place ('the Philippines') or a
    preposition of place comes before it ('in the Golan Heights')."""
    if span.root.tag_ not in rules.plural_tags:
        return False
    if entity_type is EntityType.PERSON:
        return True
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return entity_type is EntityType.PLACE and before not in rules.locative_prepositions and not is_known_place(label)


def _context_type(span: SpacySpan, entity_type: EntityType, label: str, rules: EntityRules) -> EntityType | None:
    """What the words around a mention call it, when they say: a place ("a military base in
    Maidan Shahr" tagged PERSON, "the Jolo Cathedral" tagged ORG, "Tsuen Wan district", "the
    capital, Sanaa"), or an organization ("Deakin University" tagged a place)."""
    last = span[-1].lower_
    if entity_type is EntityType.PLACE and last in rules.institution_words:
        return EntityType.ORGANIZATION
    if entity_type is not EntityType.PLACE and last in rules.facility_words:
        return EntityType.PLACE
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    # "at Google", "in Hamas": an organization or a group after one is no place.
    located = before in rules.locative_prepositions and entity_type in (EntityType.PERSON, EntityType.PLACE)
    if located or _called_a_place(span, rules) or _beside_a_place(span, label):
        return EntityType.PLACE
    return None


def _called_a_place(span: SpacySpan, rules: EntityRules) -> bool:
    """A noun of a kind of place names it: 'the Sulu region', 'the capital, Sanaa', 'the town of Mokha'."""
    root, head = span.root, span.root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.i == span.start - 1:
        return head.head.lower_ in rules.place_words
    if head.i == root.i or head.lower_ not in rules.place_words:
        return False
    return root.dep_ == "appos" or (root.dep_ in ("compound", "nmod") and head.i == span.end)


def _beside_a_place(span: SpacySpan, label: str) -> bool:
    """'El Paso and Ciudad Juárez', 'Ciudad Juárez, Mexico': a name GeoNames knows, joined to a
    place, is that place too, not the person NER took it for."""
    root = span.root
    joined = [root.head] if root.dep_ == "conj" else []
    joined += [c for c in root.children if c.dep_ in ("conj", "appos")]
    return any(t.ent_type_ == "GPE" for t in joined) and is_known_place(label)


def _is_modifier(ent: SpacySpan, rules: EntityRules) -> bool:
    """A nationality or creed used as an adjective ("Syrian forces") names no group."""
    if ent.root.pos_ == "ADJ":
        return True  # no name of anyone is an adjective, whatever the tag
    if len(ent) == 1 and ent.root.dep_ == "compound" and ent.root.head.tag_ in rules.plural_tags:
        return True  # "Alawite villages", "Druze elders": one word describing many, not someone
    after = ent.doc[ent.end : ent.end + 2]
    if len(ent) == 1 and len(after) == 2 and after[0].text == "-" and after[1].tag_ in rules.participle_tags:
        return True  # "the UK-based monitor", "US-built vehicles": a place describing something else
    return ent.label_ == "NORP" and ent.root.dep_ in rules.modifier_dependencies


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
    while start < end - 1 and ent.doc[start].lower_ in rules.honorifics:
        start += 1
    while end > start and (ent.doc[end - 1].text in rules.trailing_possessives or ent.doc[end - 1].is_punct):
        end -= 1
    return ent.doc[start:end] if end > start else None


def _decide_type(label: str, votes: list[_Vote], creed: bool, rules: EntityRules) -> EntityType:
    name = fold(label)
    words = name.split()
    armed = any(name == group or name.startswith(group + " ") for group in rules.armed_groups)
    if armed or (len(words) > 1 and words[-1] in rules.group_name_words):
        return EntityType.GROUP
    # The words around a mention outvote the model's labels.
    counts = Counter(v.type for v in votes if v.said) or Counter(v.type for v in votes)
    majority = max(counts, key=lambda t: (counts[t], -rules.type_preference.index(t)))
    if creed and majority is EntityType.PERSON:
        return EntityType.GROUP
    could_be_place = len(label.split()) == 1 or EntityType.PLACE in counts
    # A name the gazetteer knows is a place when some mention reads as one ("in Jolo"), even
    # if most were tagged as a person's ("Jolo said" is its authorities speaking).
    if could_be_place and is_known_place(label) and (majority is not EntityType.PERSON or EntityType.PLACE in counts):
        return EntityType.PLACE
    return majority

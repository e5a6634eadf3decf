"""Actors and places of one article, from spaCy's named entities.

One entity per distinct name within a document. Each name's class is decided over all its
mentions, because the small English model often types the same city as GPE in one
sentence and ORG in the next; a single-word name that GeoNames knows as a place is a Place
unless most of its mentions are persons.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..gazetteer import fold, is_known_place
from ..records import Entity, EntityType, Mention, Sentence
from .rules import EntityRules


def extract_sentences(doc: Doc) -> list[Sentence]:
    return [
        Sentence(index=i, start=sent.start_char, end=sent.end_char, text=sent.text) for i, sent in enumerate(doc.sents)
    ]


def extract_entities(doc: Doc, rules: EntityRules) -> list[Entity]:
    """Entities in order of first mention, each with all its mentions."""
    sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
    mentions: dict[str, list[tuple[Mention, EntityType]]] = {}
    labels: dict[str, str] = {}
    for ent in doc.ents:
        entity_type = rules.ner_types.get(ent.label_)
        if entity_type is None or _is_modifier(ent, rules):
            continue
        span = _trim(ent, rules)
        if span is None:
            continue
        label = " ".join(span.text.split())
        key = fold(label)
        if not key:  # a span of invisible or combining characters names no one
            continue
        labels.setdefault(key, label)
        mention = Mention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            sentence=sentence_of[span.sent.start],
            ner_label=ent.label_,
        )
        if _plural_people(span, entity_type, label, rules):
            entity_type = EntityType.GROUP
        if _named_as_place(span, entity_type, rules):
            entity_type = EntityType.PLACE
        mentions.setdefault(key, []).append((mention, entity_type))
    entities = [
        Entity(
            type=_decide_type(labels[key], [t for _, t in found], rules),
            label=labels[key],
            mentions=tuple(m for m, _ in found),
        )
        for key, found in mentions.items()
    ]
    return _merge_short_names(entities)


def _merge_short_names(entities: list[Entity]) -> list[Entity]:
    """'Lorenzana' after 'Delfin Lorenzana', 'SOHR' beside 'Syrian Observatory for Human
    Rights': one entity, the short name an alias, when exactly one full name fits."""
    merged = list(entities)
    for short in entities:
        full = [e for e in merged if e is not short and e.type is short.type and _shortens(short.label, e.label)]
        if len(full) != 1 or short not in merged:
            continue
        target = full[0]
        merged[merged.index(target)] = replace(
            target,
            mentions=tuple(sorted(target.mentions + short.mentions, key=lambda m: m.start)),
            aliases=(*target.aliases, short.label),
        )
        merged.remove(short)
    return merged


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


def _named_as_place(span: SpacySpan, entity_type: EntityType, rules: EntityRules) -> bool:
    """'a military base in Maidan Shahr' (tagged PERSON), 'the Jolo Cathedral' (tagged ORG)."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if entity_type is EntityType.PERSON and before in rules.locative_prepositions:
        return True
    return entity_type is EntityType.ORGANIZATION and span[-1].lower_ in rules.facility_words


def _is_modifier(ent: SpacySpan, rules: EntityRules) -> bool:
    """A nationality or creed used as an adjective ("Syrian forces") names no group."""
    if ent.root.pos_ == "ADJ":
        return True  # no name of anyone is an adjective, whatever the tag
    if len(ent) == 1 and ent.root.dep_ == "compound" and ent.root.head.tag_ in rules.plural_tags:
        return True  # "Alawite villages", "Druze elders": one word describing many, not someone
    return ent.label_ == "NORP" and ent.root.dep_ in rules.modifier_dependencies


def _trim(ent: SpacySpan, rules: EntityRules) -> SpacySpan | None:
    """Drop a leading article and a trailing possessive or punctuation mark."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in rules.leading_words:
        start += 1
    while end > start and (ent.doc[end - 1].text in rules.trailing_possessives or ent.doc[end - 1].is_punct):
        end -= 1
    return ent.doc[start:end] if end > start else None


def _decide_type(label: str, votes: list[EntityType], rules: EntityRules) -> EntityType:
    name = fold(label)
    words = name.split()
    armed = any(name == group or name.startswith(group + " ") for group in rules.armed_groups)
    if armed or (len(words) > 1 and words[-1] in rules.group_name_words):
        return EntityType.GROUP
    counts = Counter(votes)
    majority = max(counts, key=lambda t: (counts[t], -rules.type_preference.index(t)))
    could_be_place = len(label.split()) == 1 or EntityType.PLACE in counts
    # A name the gazetteer knows is a place when some mention reads as one ("in Jolo"), even
    # if most were tagged as a person's ("Jolo said" is its authorities speaking).
    if could_be_place and is_known_place(label) and (majority is not EntityType.PERSON or EntityType.PLACE in counts):
        return EntityType.PLACE
    return majority

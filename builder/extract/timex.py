"""Time expressions, resolved against the publication date to intervals of dates.

"last Thursday", "Tuesday", "yesterday", "earlier this month", "between 6 and 20 March",
"in August 2018", "last year", "Feb. 13": each becomes an interval (start and end date, the
same for a single day) and keeps its words. Without a publication date, relative expressions
keep their words and get no dates: nothing is invented. The words come from `data/time.json`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from .rules import Rules, TimeWords
from .syntax import AUXILIARIES, VERBS, is_root


@dataclass(frozen=True)
class TimeExpression:
    start_char: int
    end_char: int
    text: str
    start: date | None
    end: date | None
    # It dates the telling ("the office reported Tuesday"), not what was told.
    reported: bool = False


@cache
def _patterns(words: TimeWords) -> list[tuple[str, re.Pattern]]:
    # A month by its name or the abbreviation copy desks use ("Feb. 13", "Sept. 11", "Dec 5").
    month = "|".join(rf"{m}|{m[:3]}\.?" + (rf"|{m[:4]}\.?" if len(m) > 4 else "") for m in words.months)
    weekday = "|".join(words.weekdays)
    relative = "|".join(sorted(map(re.escape, words.relative_days), key=len, reverse=True))
    periods = "|".join(sorted(map(re.escape, words.relative_periods), key=len, reverse=True))
    parts_of_day = "|".join(words.parts_of_day)
    flags = re.IGNORECASE
    return [
        ("day-span", re.compile(rf"\bbetween (\d{{1,2}}) and (\d{{1,2}}) ({month})(?:,? (\d{{4}}))?\b", flags)),
        ("day-month", re.compile(rf"\b(\d{{1,2}}) ({month})(?:,? (\d{{4}}))?\b", flags)),
        ("month-day", re.compile(rf"\b({month}) (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b", flags)),
        ("month-year", re.compile(rf"\b(?:in |since )?({month}) (\d{{4}})\b", flags)),
        ("since-year", re.compile(r"\bsince (\d{4})\b", flags)),
        ("year", re.compile(r"\bin (\d{4})\b", flags)),
        ("month", re.compile(rf"\b(?:in|since|early|late|mid-?) ({month})\b", flags)),
        ("period", re.compile(rf"\b({periods})\b", flags)),
        ("weekday", re.compile(rf"\b(last |on |this |next )?({weekday})( (?:{parts_of_day}))?\b", flags)),
        ("relative-day", re.compile(rf"\b({relative})\b", flags)),
    ]


def find_times(text: str, offset: int, published: date | None, words: TimeWords) -> list[TimeExpression]:
    """Time expressions in `text` (which starts at character `offset` of the article)."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns(words):
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            start, end = _interval(kind, match, published, words)
            taken.append((match.start(), match.end()))
            found.append(TimeExpression(offset + match.start(), offset + match.end(), match.group(0), start, end))
    return sorted(found, key=lambda t: t.start_char)


def sentence_times(doc: Doc, published: date | None, rules: Rules) -> list[list[TimeExpression]]:
    """The time expressions of every sentence, by sentence index, found once for all extractors."""
    return [
        [
            replace(t, reported=_dates_the_telling(doc, t, rules.speech.verbs))
            for t in find_times(s.text, s.start_char, published, rules.time)
        ]
        for s in doc.sents
    ]


def _dates_the_telling(doc: Doc, time: TimeExpression, speech_verbs: Collection[str]) -> bool:
    """'the UN office reported Tuesday', 'said on Monday': the expression hangs on a verb of saying."""
    words = doc.char_span(time.start_char, time.end_char, alignment_mode="expand")
    return words is not None and words.root.head.lemma_.casefold() in speech_verbs


def is_narrative(token: Token, words: TimeWords) -> bool:
    """Told in the story's past ("militias stormed", "were killed", "clashes broke out"), not
    background ("have attacked previously") or comment ("is believed"): only such a clause
    takes its time from the sentences around it."""
    clause = token
    while not _finite(clause) and not is_root(clause):
        clause = clause.head
    tenses = [clause, *(c for c in clause.children if c.dep_ in AUXILIARIES)]
    return any(t.tag_ == "VBD" for t in tenses) and not _background(token.sent, words)


_TENSED = ("VBD", "VBZ", "VBP", "MD")


def _finite(token: Token) -> bool:
    """A verb with its own tense, or with a tensed auxiliary ('were killed'; not 'to storm',
    'being attacked')."""
    return token.pos_ in VERBS and (
        token.tag_ in _TENSED or any(c.dep_ in AUXILIARIES and c.tag_ in _TENSED for c in token.children)
    )


def _background(sentence: Span, words: TimeWords) -> bool:
    return _background_words(words).search(sentence.text) is not None


@cache
def _background_words(words: TimeWords) -> re.Pattern:
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words.background_words))})\b", re.IGNORECASE)


def _month(name: str, words: TimeWords) -> int:
    short = name.casefold().rstrip(".")
    return next(i for i, m in enumerate(words.months) if m.startswith(short)) + 1


def _year(given: str | None, published: date | None) -> int | None:
    if given:
        return int(given)
    return published.year if published else None


def _interval(kind: str, match: re.Match, published: date | None, words: TimeWords) -> tuple[date | None, date | None]:
    """The dates an expression stands for, or none where the calendar has no such interval:
    "in 0000", "last year" published in year 1, "since 2030" in a 2025 article, "between 20
    and 6 March". The words are kept either way."""
    try:
        start, end = _resolve(kind, match, published, words)
    except (ValueError, OverflowError):
        return None, None
    if start is not None and end is not None and end < start:
        return None, None
    return start, end


def _resolve(kind: str, match: re.Match, published: date | None, words: TimeWords) -> tuple[date | None, date | None]:
    groups = match.groups()
    if kind == "day-span":
        year = _year(groups[3], published)
        if year is None:
            return None, None
        month = _month(groups[2], words)
        return _day(year, month, int(groups[0])), _day(year, month, int(groups[1]))
    if kind == "day-month":
        year = _year(groups[2], published)
        day = _day(year, _month(groups[1], words), int(groups[0])) if year else None
        return day, day
    if kind == "month-day":
        year = _year(groups[2], published)
        day = _day(year, _month(groups[0], words), int(groups[1])) if year else None
        return day, day
    if kind == "month-year":
        return _month_span(int(groups[1]), _month(groups[0], words))
    if kind == "since-year":
        return date(int(groups[0]), 1, 1), published
    if kind == "year":
        year = int(groups[0])
        return date(year, 1, 1), date(year, 12, 31)
    if published is None:
        return None, None
    if kind == "month":
        year = published.year - (1 if _month(groups[0], words) > published.month else 0)
        return _month_span(year, _month(groups[0], words))
    if kind == "period":
        return _period(words.relative_periods[groups[0].casefold()], published)
    if kind == "weekday":
        day = _weekday(words.weekdays.index(groups[1].casefold()), (groups[0] or "").strip().casefold(), published)
        return day, day
    offset = words.relative_days[groups[0].casefold()]
    day = published + timedelta(days=offset)
    return day, day


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _weekday(wanted: int, modifier: str, published: date) -> date:
    """News copy means the most recent such day: 'last Thursday' before today, 'Tuesday' up to today."""
    back = (published.weekday() - wanted) % 7
    if modifier == "last" and back == 0:
        back = 7
    if modifier == "next":
        return published + timedelta(days=(wanted - published.weekday()) % 7 or 7)
    return published - timedelta(days=back)


def _period(kind: str, published: date) -> tuple[date, date]:
    if kind == "week":
        monday = published - timedelta(days=published.weekday())
        return monday, published
    if kind == "week-1":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if kind == "month":
        return published.replace(day=1), published
    if kind == "month-1":
        last = published.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if kind == "year":
        return date(published.year, 1, 1), published
    if kind == "year-1":
        return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
    return published - timedelta(days=28), published

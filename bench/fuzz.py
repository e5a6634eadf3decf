"""Fuzz the build: random and mutated articles through ingest → NLP → extract → RDF → SHACL.

    python bench/fuzz.py --count N --seed S [--processes P] [--out DIR]
    python bench/fuzz.py --replay DIR/trace-01.json      # rerun one saved repro

Every input is generated from (seed, index) alone, so a run is reproducible and its work
splits across processes without shipping texts around. It prints how many inputs were
made, the tracebacks (grouped by the innermost builder/ frame and the exception type), the
documents SHACL refused (grouped by shape and message), the text spans whose offsets do not
slice the article's own text, and the slowest inputs. For each group one input, shrunk
while it still shows the same problem, is written to --out as JSON that --replay reads.

The generators live here rather than in the tests so that tests/test_fuzz.py (hypothesis,
a few hundred inputs) and long runs (100,000 and more) exercise exactly the same inputs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from builder.build import extract  # noqa: E402
from builder.ingest import Article, InputError, read_inputs  # noqa: E402
from builder.iris import IriMinter  # noqa: E402
from builder.rdf import document_graph  # noqa: E402
from builder.records import DocumentRecords  # noqa: E402
from builder.validate import Report, Validator  # noqa: E402

EXAMPLES = ROOT / "examples"
SLOW_SECONDS = 10.0

# ---------------------------------------------------------------------------------------
# Seed material. Sentences written for this fuzzer in three house styles (wire copy, UN
# briefing notes, NGO releases); the names and figures are invented. {time} and {n} are
# filled per input so that time expressions meet calendar-edge publication dates and
# figures meet every number format the claims extractor has to read.
# ---------------------------------------------------------------------------------------

WIRE = (
    "Police in the northern city of Mosul said at least {n} people were killed {time} when a car bomb "
    "exploded near a crowded market.",
    "Rebels accused the army of shelling residential districts {time}, a charge the defence ministry denied.",
    '"We have lost everything," said Amina Yusuf, a farmer who fled the fighting with her four children.',
    "The health ministry put the death toll at {n}, while a local monitoring group said more than 300 had died.",
    "Witnesses told reporters that gunmen in pickup trucks stormed the village of Tal Nuqta {time}.",
    "No group has claimed responsibility for the attack, which officials blamed on Islamic State militants.",
    'Prime Minister Elena Varga urged both sides to return to talks, saying "there is no military solution".',
    "According to the interior ministry, {n} suspects were detained in raids across Kirkuk province {time}.",
    "The United Nations said {time} that nearly {n} people had been displaced from villages around Kherson.",
    "KHARTOUM (Example Wire) - Fighting between the army and a paramilitary force spread to Omdurman {time}.",
    "An army spokesman, who spoke on condition of anonymity, said the soldiers had acted in self-defence.",
    "Hospital officials in Gaza said {n} bodies had been brought in since dawn, many of them children.",
)
UN_NOTE = (
    "The Office of the High Commissioner has documented the killing of {n} civilians in Darfur {time}.",
    "Spokesperson Martin Lindqvist told journalists in Geneva that aid convoys remained blocked at the border.",
    '"Civilians must never be a target," the Secretary-General said in a statement issued {time}.',
    "We call on all parties to allow safe and unimpeded access for humanitarian workers.",
    "The World Food Programme warned that up to {n} people faced acute hunger in the coming months.",
    "OCHA reported that {n} health facilities had been damaged in Khan Younis {time}.",
    "According to our colleagues on the ground, shelling resumed in the early hours of Tuesday.",
    "The mission called for an immediate, independent and transparent investigation into the incident.",
)
NGO_RELEASE = (
    "The Coastal Rights Network condemned the arrest of three journalists in Benghazi and called for their release.",
    "Our teams treated {n} wounded patients at the field hospital in Aleppo {time}, the group said.",
    '"These attacks on medical staff are unacceptable," said Dr. Karim Haddad, the regional director.',
    "The organisation held the militia responsible for the deaths of at least {n} aid workers {time}.",
    "Residents of Idlib told our researchers that airstrikes hit a school and a bakery {time}.",
    "Relief Without Borders demanded an independent investigation into the killings in Homs.",
    "The group said it had verified videos showing men in uniform executing {n} detainees.",
    "FOR IMMEDIATE RELEASE: Rights groups urge donors to fund shelters for families displaced from Tartus.",
)
SEEDS = WIRE + UN_NOTE + NGO_RELEASE

# The extractors resolve these against the publication date; at 0001-01-01 or 9999-12-31
# "yesterday", "last year" and "next Monday" leave the calendar.
TIME_PHRASES = (
    "on Tuesday", "last Thursday", "next Monday", "yesterday", "today", "last night", "overnight",
    "last week", "this week", "last month", "earlier this month", "last year", "this year", "in recent weeks",
    "between 6 and 20 March", "between 20 and 6 March", "on 29 February", "on February 29, 2023",
    "on 31 April", "in August 2018", "since 2015", "since 0000", "in 0000", "in 9999", "on 31 December 9999",
    "on 1 January 0001", "in early March", "since January", "on Sunday evening", "",
)
NUMBERS = (
    "12", "1,614", "twelve", "Sixty-six", "dozens of", "hundreds of", "1e9", "½", "0", "-4", "12.5",
    "1,2,3", "two-thirds of the", "99999999999999999999", "١٢", "१२", "12–15", "5-7", "a million",
    "one hundred and twelve", "3/4", "10%", "1.614", "nought", "0x1F", "∞",
)
QUOTES = ('"', "“", "”", "‘", "’", "'", "''", "``", "«", "»", "„", "‹", "›", "「", "」", "＂")
RTL = (
    "قال المتحدث باسم الوزارة إن ٣٥ شخصا قتلوا",
    "حلب",
    "دמشق",
    "דובר הצבא אמר כי 12 נהרגו",
    "ירושלים",
    "\u200fمنظمة\u200f",
    "\u202bالأمم المتحدة\u202c",
    "\u202eHoms\u202c",
    "\u2067طرطوس\u2069",
    "Al-\u0642\u0627\u0626\u062f",
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u034f")
COMBINING = ("\u0301", "\u0308", "\u0327", "\u0336", "\u20dd", "\u0489", "\u0650", "\u05b7")
CONTROL = ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\r", "\r\n")
EMOJI = ("🔥", "🇸🇾", "👨‍👩‍👧", "👍🏽", "❤️", "🕊", "💥", "🏳️‍🌈", "🧕🏾", "#️⃣", "🫡")
SPACES = ("\u00a0", "\u2009", "\u202f", "\u3000", "  ", "\t", "\n", "\n\n", " \n ")
BRACKETS = ("(", ")", "[", "]", "{", "}", "<", ">", "((", "))", "[[", "]]", "⟨", "⟩")
NUMBER_SOUP = (
    "1,2,3 12.5 1e9 -4 ½ two-thirds",
    "at least 1,2,3 people were killed",
    "between 10 and 5 people were killed",
    "-12 civilians were killed",
    "99999999999999999999 people were killed",
    "1e309 were injured",
    "½ of the 3,000,000,000 residents fled",
    "twenty-one hundred were displaced",
    "١٢ قتيلا and ٣٤ جريحا",
    "12–15 killed, 5-7 wounded, 0 missing",
    "No. 10, 10%, $5m, 3/4 of them",
    "0001-01-01 9999-12-31 2024-02-29 29/02/2023",
    "more than more than 40 killed",
    "up to or more than 7 dead",
)
SOUP_TOKENS = (
    "said", "killed", "blamed", "the", "ministry", "Homs", "army", "at least", "12", "civilians", ",", ".",
    "according to", "militants", "urged", "denied", "attack", "in", "on Tuesday", "he", "she", "they", ":",
    *QUOTES, *BRACKETS, *EMOJI[:4], *ZERO_WIDTH[:3], "\n", "\n\n", "-", "•", "|",
)
EDGE_DATES = (
    date(1, 1, 1), date(1, 1, 2), date(1, 1, 7), date(1, 3, 1), date(9999, 12, 31), date(9999, 12, 25),
    date(9999, 1, 1), date(2024, 2, 29), date(2000, 2, 29), date(2100, 2, 28), date(1900, 3, 1), date(2025, 3, 10),
)
# Strings as feeds and pages give them: the edges, impossible days, timestamps, non-dates.
EDGE_DATE_STRINGS = (
    "0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "2023-02-29", "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+14:00", "0000-01-01", "10000-01-01", "2025-13-01", "2025-03-10 12:00", "20250310",
    "2025-W10-1", "", None, 20250310, "  2025-03-10", "2025-03-10\u200b", "٢٠٢٥-٠٣-١٠",
)
OUTLETS = (
    None, "Example Wire", "", " ", "وكالة الأنباء", "🔥 News", "<b>Outlet</b>", "Agence\u200bX", "A" * 300,
    "Example Wire\nSecond line", "The Ministry of Defence", '"Quoted" Outlet',
)
URLS = (
    None, "https://example.org/a", "not a url", "https://example.org/a b", "https://例え.jp/記事",
    "urn:x-fuzz:1", "https://example.org/\u0000", "javascript:alert(1)", "http://[::1", "",
)


@lru_cache(maxsize=1)
def example_texts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The project's example articles as texts, and their paragraphs, read once per process."""
    texts = tuple(a.text for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article))
    paragraphs = tuple(p for t in texts for p in re.split(r"\n\s*\n", t) if p.strip())
    return texts, paragraphs


@lru_cache(maxsize=1)
def example_html() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.html")))


def seed_sentence(rng: random.Random) -> str:
    return rng.choice(SEEDS).format(time=rng.choice(TIME_PHRASES), n=rng.choice(NUMBERS)).replace("  ", " ")


def base_text(rng: random.Random) -> str:
    # Short on average (a few sentences) so that a long run reaches 100,000 inputs; whole
    # example articles stay rare because parsing and SHACL grow with the length.
    roll = rng.random()
    if roll < 0.6:
        text = " ".join(seed_sentence(rng) for _ in range(rng.choice((1, 1, 2, 2, 3, 4))))
    elif roll < 0.97:
        _, paragraphs = example_texts()
        text = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.choice((1, 1, 1, 2))))
    else:
        texts, _ = example_texts()
        text = rng.choice(texts)
    if rng.random() < 0.2:
        text = rng.choice(("Fighting spreads on the coast", "UN alarmed", "BREAKING", "Update 3")) + "\n\n" + text
    return text


# --- mutations: each takes the text and returns a new one --------------------------------


def _positions(rng: random.Random, text: str, words: bool) -> int:
    """An insertion point; word boundaries are where real typos and markup land most."""
    if words and " " in text and rng.random() < 0.7:
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        return rng.choice(spaces) + rng.choice((0, 1))
    return rng.randint(0, len(text))


def _insert(rng: random.Random, text: str, pieces: tuple[str, ...], count: int, words: bool = True) -> str:
    for _ in range(count):
        at = _positions(rng, text, words)
        text = text[:at] + rng.choice(pieces) + text[at:]
    return text


def stray_quotes(rng: random.Random, text: str) -> str:
    return _insert(rng, text, QUOTES, rng.randint(1, 4))


def unbalance_quotes(rng: random.Random, text: str) -> str:
    marks = [i for i, ch in enumerate(text) if ch in "\"“”«»'’‘"]
    if not marks:
        return _insert(rng, text, ("“", '"', "``"), 1)
    at = rng.choice(marks)
    return text[:at] + rng.choice(("", "“", "”", '"', "''", "``")) + text[at + 1 :]


def quote_style(rng: random.Random, text: str) -> str:
    opening, closing = rng.choice((("``", "''"), ("“", "“"), ("”", "”"), ("«", "»"), ("„", "“"), ("'", "'")))
    out, open_next = [], True
    for ch in text:
        if ch in '"“”':
            out.append(opening if open_next else closing)
            open_next = not open_next
        else:
            out.append(ch)
    return "".join(out)


def rtl(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        # A name replaced by its Arabic or Hebrew spelling: mixed scripts inside one entity.
        return re.sub(r"\b(Homs|Aleppo|Mosul|Benghazi|Tartus|Latakia|Assad|Geneva)\b", rng.choice(RTL), text)
    return _insert(rng, text, RTL, rng.randint(1, 3))


def zero_width(rng: random.Random, text: str) -> str:
    return _insert(rng, text, ZERO_WIDTH, rng.randint(1, 8), words=False)


def combining(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        return unicodedata.normalize(rng.choice(("NFD", "NFKD", "NFKC")), text)
    return _insert(rng, text, COMBINING, rng.randint(1, 8), words=False)


def control(rng: random.Random, text: str) -> str:
    return _insert(rng, text, CONTROL, rng.randint(1, 4), words=False)


def emoji(rng: random.Random, text: str) -> str:
    return _insert(rng, text, EMOJI, rng.randint(1, 5))


def long_sentence(rng: random.Random, text: str) -> str:
    # A local generator: hypothesis drives `rng`, and hundreds of draws would overrun its buffer.
    local = random.Random(rng.getrandbits(32))
    clauses = [s.rstrip(".") for s in SEEDS]
    joiners = (", ", " and ", " — ", "; ", ", while ", " as ", ", saying that ")
    parts = [local.choice(clauses).format(time=local.choice(TIME_PHRASES), n=local.choice(NUMBERS))]
    for _ in range(local.randint(20, 120)):
        parts.append(local.choice(joiners) + local.choice(clauses).format(time="", n=local.choice(NUMBERS)))
    return text + " " + "".join(parts)


def number_soup(rng: random.Random, text: str) -> str:
    return _insert(rng, text, NUMBER_SOUP, rng.randint(1, 2))


def bullets(rng: random.Random, text: str) -> str:
    marker = rng.choice(("- ", "* ", "• ", "1. ", "(a) ", "— ", "> ", "·"))
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return "\n".join(marker + s for s in sentences)


def table(rng: random.Random, text: str) -> str:
    rows = [("Province", "Killed", "Injured"), ("Latakia", "836", "n/a"), ("Tartus", "503", "1,2"),
            ("Homs", "", "—"), ("Total", "1,614", "½")]
    style = rng.choice(("md", "tsv", "ascii"))
    if style == "md":
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|---|---|---|")
    elif style == "tsv":
        lines = ["\t".join(r) for r in rows]
    else:
        lines = ["+----------+------+", *("| " + "  ".join(f"{c:<9}" for c in r) + "|" for r in rows)]
    at = rng.choice((0, len(text)))
    return text[:at] + "\n" + "\n".join(lines) + "\n" + text[at:]


def brackets(rng: random.Random, text: str) -> str:
    return _insert(rng, text, BRACKETS, rng.randint(1, 4))


def change_case(rng: random.Random, text: str) -> str:
    how = rng.choice((str.upper, str.lower, str.title, str.swapcase))
    if rng.random() < 0.5:
        return how(text)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    i = rng.randrange(len(sentences))
    sentences[i] = how(sentences[i])
    return " ".join(sentences)


def repeat(rng: random.Random, text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    chosen = rng.choice(sentences)
    # Mostly a few copies; now and then thirty, which is where quadratic work would show.
    copies = rng.choice((2, 2, 3, 5, 10, 30))
    return text + rng.choice((" ", "\n", "\n\n", "")) + rng.choice((" ", "\n", "")).join([chosen[:400]] * copies)


def whitespace(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        return rng.choice(("", " ", "\n\n", "\t", "\ufeff")) + text + rng.choice(("", " ", "\n\n\n", "\u3000"))
    out = list(text)
    spaces = [i for i, ch in enumerate(out) if ch == " "]
    for i in rng.sample(spaces, min(len(spaces), rng.randint(1, 6))):
        out[i] = rng.choice(SPACES)
    return "".join(out)


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randint(1, max(1, len(text)))]


def splice(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + seed_sentence(rng) + text[at:]


def punctuation(rng: random.Random, text: str) -> str:
    if rng.random() < 0.3:
        return re.sub(r"[.,;:!?]", "", text)
    return text.replace(".", rng.choice(("…", "!", "?!", "。", "؟", " .", "..", ". .")))


def markdown(rng: random.Random, text: str) -> str:
    return rng.choice(("# ", "## ", "**", "> ", "_", "[", "```\n")) + text + rng.choice(("", "**", "](http://x)", "_"))


def dateline(rng: random.Random, text: str) -> str:
    return rng.choice(("DAMASCUS (Example Wire) - ", "GENEVA, 11 March — ", "BEIRUT, Lebanon —", "UPDATE: ")) + text


MUTATIONS: tuple[tuple[Callable[[random.Random, str], str], float], ...] = (
    (stray_quotes, 3), (unbalance_quotes, 3), (quote_style, 2), (rtl, 2), (zero_width, 2), (combining, 2),
    (control, 2), (emoji, 2), (long_sentence, 0.15), (number_soup, 3), (bullets, 1.5), (table, 1.5),
    (brackets, 2), (change_case, 2), (repeat, 1), (whitespace, 2), (truncate, 1.5), (splice, 2),
    (punctuation, 1.5), (markdown, 1), (dateline, 1),
)


def mutate(rng: random.Random, text: str) -> tuple[str, list[str]]:
    applied = []
    functions, weights = zip(*MUTATIONS, strict=True)
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        fn = rng.choices(functions, weights)[0]
        text = fn(rng, text)
        applied.append(fn.__name__)
    return text, applied


def token_soup(rng: random.Random) -> str:
    local = random.Random(rng.getrandbits(32))
    return "".join(local.choice(SOUP_TOKENS) + local.choice(("", " ", " ", " ")) for _ in range(local.randint(1, 60)))


def publication_date(rng: random.Random) -> date | None:
    roll = rng.random()
    if roll < 0.3:
        return None
    if roll < 0.7:
        return rng.choice(EDGE_DATES)
    return date.fromordinal(rng.randint(1, date.max.toordinal()))


# --- cases: what one fuzz input is, as plain JSON so that it can be saved and replayed ----


def text_case(rng: random.Random) -> dict[str, Any]:
    """An article given in-process, as builder.build receives it after ingest."""
    if rng.random() < 0.1:
        text, applied = token_soup(rng), ["token_soup"]
    else:
        text, applied = mutate(rng, base_text(rng))
    published = publication_date(rng)
    first_line = text.strip().split("\n", 1)[0]
    title = rng.choice((None, None, first_line, seed_sentence(rng), "🔥", ""))
    return {
        "kind": "text",
        "payload": text,
        "published": published.isoformat() if published else None,
        "outlet": rng.choice(OUTLETS),
        "title": title,
        "url": rng.choice(URLS),
        "origin": applied,
    }


def file_case(rng: random.Random) -> dict[str, Any]:
    """A plain-text file through read_inputs: its headline rule and decoding run too."""
    case = text_case(rng)
    case.update(kind=rng.choice(("txt", "md")), published=None, outlet=None, title=None, url=None)
    if rng.random() < 0.05:
        # surrogateescape turns this into the raw byte 0xff on disk: invalid UTF-8.
        case["payload"] = _insert(rng, case["payload"], ("\udcff",), 1, words=False)
    return case


def html_case(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.2 and example_html():
        page, applied = mutate(rng, rng.choice(example_html()))
        return {"kind": "html", "payload": page, "origin": ["example_html", *applied]}
    text, applied = mutate(rng, base_text(rng))
    paragraphs = [p for p in re.split(r"\n+", text) if p.strip()] or [text]
    tag = rng.choice(("p", "div", "span", "li", "td", "blockquote"))
    closes = rng.random() < 0.6
    body = "".join(f"<{tag}>{p}" + (f"</{tag}>" if closes or rng.random() < 0.5 else "") for p in paragraphs)
    noise = rng.choice(
        (
            "", "<div><div><div><span><b>", "</span></div></p>", "<script>var s = \"</p>\";</script>",
            "<!-- <p>hidden</p> -->", "<![CDATA[ x ]]>", "&amp; &quot;&#8220;&#x202E;&nbsp;&bogus; &#0;",
            "<br><br/><hr>", "<table><tr><td>836<td>Latakia</tr></table>", "<ul><li>one<li>two</ul>",
            "<p class='a\"b'>", "<", "<p", "</article></body></html><p>after the end</p>",
        )
    )
    at = rng.randint(0, len(body))
    body = body[:at] + noise + body[at:]
    published = rng.choice(EDGE_DATE_STRINGS)
    meta = f'<meta property="article:published_time" content="{published}">' if isinstance(published, str) else ""
    site = rng.choice(OUTLETS)
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    title = rng.choice(("", "<title>Fighting on the coast</title>", "<title>", "<title>🔥</title>"))
    page = (
        f"<html><head>{title}{meta}</head><body><nav><a href='/'>Home</a> | <a>World</a></nav>"
        f"<article><h1>{paragraphs[0][:80]}</h1>{body}</article><footer>© Example</footer></body></html>"
    )
    if rng.random() < 0.1:
        page = page[: rng.randint(1, len(page))]
    return {"kind": "html", "payload": page, "origin": ["html", *applied]}


def _jsonl_line(rng: random.Random) -> str:
    text, _ = mutate(rng, base_text(rng))
    record: dict[str, Any] = {"text": text}
    for name, values in (
        ("id", ("brief-1", 7, "", None, ["a", 1], "🔥", "id with spaces", 1.5)),
        ("title", (None, "", "Thousands flee", text.split("\n", 1)[0], 12)),
        ("published", EDGE_DATE_STRINGS),
        ("outlet", OUTLETS),
        ("url", URLS),
        ("tags", (["syria", "coast"], {"nested": {"deep": [1, None]}}, "x")),
    ):
        if rng.random() < 0.6:
            record[name] = rng.choice(values)
    ascii_only = rng.random() < 0.5
    roll = rng.random()
    if roll < 0.05:
        # JSON escapes can carry what no UTF-8 file can: a lone surrogate, or NUL.
        record["text"] += rng.choice(("\ud800", "\udfff", "\x00", "\ud83d"))
        ascii_only = True
    elif roll < 0.1:
        record["text"] = rng.choice((5, None, ["a"], {"t": "x"}, "", " \n "))
    line = json.dumps(record, ensure_ascii=ascii_only)
    roll = rng.random()
    if roll < 0.05:
        line = line[: rng.randint(1, len(line))]
    elif roll < 0.1:
        line = rng.choice(("[1, 2]", '"text"', "null", "42", "{}", "{,}", line + "}", line + " junk"))
    elif roll < 0.12:
        line = _insert(rng, line, ("\udcff",), 1, words=False)
    return line


def jsonl_case(rng: random.Random) -> dict[str, Any]:
    sep = rng.choice(("\n", "\r\n", "\n\n"))
    payload = sep.join(_jsonl_line(rng) for _ in range(rng.randint(1, 4))) + rng.choice(("", "\n"))
    if rng.random() < 0.1:
        payload = "\ufeff" + payload
    return {"kind": "jsonl", "payload": payload, "origin": ["jsonl"]}


GENERATORS = ((text_case, 0.75), (file_case, 0.05), (html_case, 0.1), (jsonl_case, 0.1))


def make_case(seed: int, index: int) -> dict[str, Any]:
    rng = random.Random(f"{seed}/{index}")
    generators, weights = zip(*GENERATORS, strict=True)
    case = rng.choices(generators, weights)[0](rng)
    case["id"] = f"{seed}/{index}"
    return case


# --- running one case ---------------------------------------------------------------------

SUFFIX = {"txt": ".txt", "md": ".md", "html": ".html", "jsonl": ".jsonl"}


def articles_of(case: dict[str, Any], folder: Path) -> list[Article | InputError]:
    """What ingest makes of a case: files go through read_inputs as the CLI reads them."""
    if case["kind"] == "text":
        text = case["payload"]
        if not text.strip():
            # read_inputs refuses such a text, so no real build can hand it to extract.
            return [InputError(case.get("id", "case"), "no text (empty or only whitespace)")]
        published = case.get("published")
        return [
            Article(
                text=text,
                source=case.get("url") or f"fuzz:{case.get('id', 'case')}",
                key=case.get("url") or f"fuzz:{case.get('id', 'case')}",
                title=case.get("title") or None,
                published=date.fromisoformat(published) if published else None,
                outlet=case.get("outlet") or None,
                url=case.get("url") or None,
            )
        ]
    path = folder / f"case{SUFFIX[case['kind']]}"
    path.write_bytes(case["payload"].encode("utf-8", "surrogateescape"))
    try:
        return list(read_inputs([str(path)]))
    finally:
        path.unlink()


@dataclass
class Outcome:
    """What one article made, for the properties to look at."""

    records: DocumentRecords
    verdict: Report | None
    mismatches: list[tuple[str, str]]
    graph: Any = None


def span_mismatches(records: DocumentRecords) -> list[tuple[str, str]]:
    """(field, detail) for every recorded span whose offsets do not slice the article's text."""
    text = records.article.text
    found: list[tuple[str, str]] = []

    def check(name: str, span: Any) -> None:
        if span is None:
            return
        start, end, words = span.start, span.end, span.text
        if not (0 <= start <= end <= len(text)):
            found.append((name, f"[{start}:{end}] out of bounds (text has {len(text)} characters), text {words!r}"))
        elif text[start:end] != words:
            found.append((name, f"[{start}:{end}] slices {text[start:end]!r}, record says {words!r}"))

    for sentence in records.sentences:
        check("Sentence", sentence)
    for entity in records.entities:
        for mention in entity.mentions:
            check("Mention", mention)
    for statement in records.statements:
        check(f"Statement.content ({statement.rule})", statement.content)
        check(f"Statement.cue_span ({statement.rule})", statement.cue_span)
        check(f"Statement.speaker_words ({statement.rule})", statement.speaker_words)
    for item in records.attribution:
        check(f"Attribution.evidence ({item.kind}, {item.rule})", item.evidence)
    for event in records.events:
        for trigger in event.triggers:
            check(f"Event.triggers ({event.type})", trigger)
    for claim in records.claims:
        check(f"CasualtyClaim.evidence ({claim.rule})", claim.evidence)
    return found


def process(doc: Any, article: Article, validator: Validator | None) -> Outcome:
    """extract → RDF → validate for one parsed article; exceptions propagate to the caller."""
    records = extract(doc, article)
    mismatches = span_mismatches(records)
    graph = document_graph(records, IriMinter(), "fuzz")
    verdict = validator.validate(graph) if validator is not None else None
    return Outcome(records, verdict, mismatches, graph)


# --- grouping what a run found -----------------------------------------------------------


class FuzzTimeout(Exception):
    """An input ran past --timeout: a hang is a finding like a traceback."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise FuzzTimeout("input ran past the time limit")


def traceback_key(error: BaseException) -> tuple[str, str]:
    """The group of a traceback: the innermost frame in builder/ (else the innermost of all)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}builder{os.sep}" in f.filename] or frames
    site = ours[-1] if ours else None
    where = f"{_relative(site.filename)}:{site.lineno}" if site else "?"
    return f"{type(error).__name__} at {where}", "".join(traceback.format_exception(error, chain=False)[-12:])


def _relative(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(ROOT))
    except ValueError:
        return filename


def violation_key(violation: Any) -> str:
    # Messages repeat the offending value; the value makes every document its own group.
    message = re.sub(r"<[^>]*>|https?://\S+", "<iri>", violation.message)
    message = re.sub(r"Literal\(.*\)|'[^']*'|\"[^\"]*\"", "…", message)
    message = re.sub(r"\d+", "N", message)[:160]
    path = f" {violation.path}" if violation.path else ""
    return f"{violation.shape}{path}: {message}"


@dataclass
class Group:
    count: int = 0
    case: dict[str, Any] | None = None
    detail: str = ""

    def add(self, case: dict[str, Any], detail: str) -> None:
        self.count += 1
        if self.case is None or len(case["payload"]) < len(self.case["payload"]):
            self.case, self.detail = case, detail


@dataclass
class Findings:
    inputs: int = 0
    kinds: Counter = field(default_factory=Counter)
    articles: int = 0
    conforming: int = 0
    refused_documents: int = 0
    refused_after_withholding: int = 0
    ingest_errors: Counter = field(default_factory=Counter)
    tracebacks: dict[str, Group] = field(default_factory=dict)
    refused: dict[str, Group] = field(default_factory=dict)
    mismatches: dict[str, Group] = field(default_factory=dict)
    mismatch_spans: int = 0
    slowest: list[tuple[float, str, str, int, str]] = field(default_factory=list)
    stage_seconds: Counter = field(default_factory=Counter)
    characters: int = 0

    def group(self, table: dict[str, Group], key: str, case: dict[str, Any], detail: str) -> None:
        table.setdefault(key, Group()).add(case, detail)

    def merge(self, other: Findings) -> None:
        for name in ("inputs", "articles", "conforming", "refused_documents", "refused_after_withholding",
                     "mismatch_spans", "characters"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("kinds", "ingest_errors", "stage_seconds"):
            getattr(self, name).update(getattr(other, name))
        for name in ("tracebacks", "refused", "mismatches"):
            mine = getattr(self, name)
            for key, group in getattr(other, name).items():
                target = mine.setdefault(key, Group())
                target.count += group.count - 1
                target.add(group.case, group.detail)
        self.slowest = sorted(self.slowest + other.slowest, reverse=True)[:SLOWEST_KEPT]


SLOWEST_KEPT = 10


class Runner:
    """Runs batches of cases in one process: the model and the shapes are loaded once."""

    def __init__(self, validate: bool = True, timeout: float = 60.0) -> None:
        from builder.nlp import load_model

        self.nlp = load_model()
        self.validator = Validator() if validate else None
        self.timeout = timeout
        self.folder = Path(tempfile.mkdtemp(prefix="newsgraph-fuzz-"))
        signal.signal(signal.SIGALRM, _on_alarm)
        # The gazetteer and data files load on first use: seconds that belong to no input.
        warm = Article(text=WIRE[0].format(time="on Tuesday", n="12"), source="warm", key="warm", outlet="Wire")
        process(self.nlp(warm.text), warm, self.validator)

    def _guarded(self, seconds: float, fn: Callable[[], Any]) -> Any:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def run(self, cases: list[dict[str, Any]], batch_size: int = 64) -> Findings:
        found = Findings()
        for start in range(0, len(cases), batch_size):
            self._batch(cases[start : start + batch_size], found)
        return found

    def _batch(self, cases: list[dict[str, Any]], found: Findings) -> None:
        items: list[tuple[Article, dict[str, Any], float]] = []
        for case in cases:
            found.inputs += 1
            found.kinds[case["kind"]] += 1
            found.characters += len(case["payload"])
            t0 = time.perf_counter()
            try:
                made = self._guarded(self.timeout, lambda case=case: articles_of(case, self.folder))
            except Exception as error:
                self._traceback(found, case, error, "ingest")
                continue
            seconds = (time.perf_counter() - t0) / max(1, len(made))
            for item in made:
                if isinstance(item, InputError):
                    found.ingest_errors[re.sub(r"\d+|'[^']*'", "N", item.reason)[:70]] += 1
                else:
                    items.append((item, case, seconds))
        found.stage_seconds["ingest"] += sum(s for _, _, s in items)
        docs = self._parse([a.text for a, _, _ in items], items, found)
        for (article, case, ingest_seconds), (doc, parse_seconds) in zip(items, docs, strict=True):
            if doc is None:
                continue
            found.articles += 1
            timings = {"ingest": ingest_seconds, "parse": parse_seconds}
            try:
                outcome = self._guarded(self.timeout, lambda d=doc, a=article, t=timings: self._timed(d, a, t))
            except Exception as error:
                self._traceback(found, case, error, "pipeline")
                self._note_time(found, case, article, timings)
                continue
            self._note_time(found, case, article, timings)
            self._record(found, case, outcome)

    def _timed(self, doc: Any, article: Article, timings: dict[str, float]) -> Outcome:
        t0 = time.perf_counter()
        records = extract(doc, article)
        t1 = time.perf_counter()
        timings["extract"] = t1 - t0
        mismatches = span_mismatches(records)
        graph = document_graph(records, IriMinter(), "fuzz")
        t2 = time.perf_counter()
        timings["rdf"] = t2 - t1
        verdict = self.validator.validate(graph) if self.validator is not None else None
        timings["validate"] = time.perf_counter() - t2
        return Outcome(records, verdict, mismatches, graph)

    def _parse(self, texts: list[str], items: list, found: Findings) -> list[tuple[Any, float]]:
        t0 = time.perf_counter()
        try:
            docs = self._guarded(self.timeout * max(1, len(texts)), lambda: list(self.nlp.pipe(texts)))
        except Exception:
            # One bad text spoils the batch: parse them one by one to find which.
            return [self._parse_one(text, case, found) for text, (_, case, _) in zip(texts, items, strict=True)]
        seconds = time.perf_counter() - t0
        found.stage_seconds["parse"] += seconds
        total = sum(len(t) for t in texts) or 1
        # nlp.pipe times a batch, not a document: each gets its share by length.
        return [(doc, seconds * len(text) / total) for doc, text in zip(docs, texts, strict=True)]

    def _parse_one(self, text: str, case: dict[str, Any], found: Findings) -> tuple[Any, float]:
        t0 = time.perf_counter()
        try:
            doc = self._guarded(self.timeout, lambda: self.nlp(text))
        except Exception as error:
            self._traceback(found, case, error, "parse")
            return None, 0.0
        return doc, time.perf_counter() - t0

    def _traceback(self, found: Findings, case: dict[str, Any], error: Exception, stage: str) -> None:
        key, text = traceback_key(error)
        found.group(found.tracebacks, f"{key} ({stage})", case, text)

    def _note_time(self, found: Findings, case: dict[str, Any], article: Article, timings: dict[str, float]) -> None:
        for stage in ("extract", "rdf", "validate"):
            found.stage_seconds[stage] += timings.get(stage, 0.0)
        total = sum(timings.values())
        parts = ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
        found.slowest.append((total, case["id"], case["kind"], len(article.text), parts))
        found.slowest = sorted(found.slowest, reverse=True)[:SLOWEST_KEPT]

    def _record(self, found: Findings, case: dict[str, Any], outcome: Outcome) -> None:
        for name, detail in outcome.mismatches:
            found.mismatch_spans += 1
            found.group(found.mismatches, name, case, detail)
        if outcome.verdict is None:
            return
        if outcome.verdict.conforms:
            found.conforming += 1
            return
        found.refused_documents += 1
        withhold = getattr(self.validator, "withhold", None)
        if withhold is not None:
            # The gate being built withholds rejected facts; count the documents it would still refuse.
            try:
                kept = withhold(outcome.graph, IriMinter().document(outcome.records.article), outcome.verdict)
                found.refused_after_withholding += 0 if kept.conforms else 1
            except Exception as error:
                self._traceback(found, case, error, "withhold")
        for key in sorted({violation_key(v) for v in outcome.verdict.violations}):
            detail = "\n".join(str(v) for v in outcome.verdict.violations if violation_key(v) == key)
            found.group(found.refused, key, case, detail)

    def signature(self, case: dict[str, Any]) -> set[str]:
        """Every group key one case falls in; what the shrinker keeps constant."""
        found = self.run([case])
        return {*found.tracebacks, *("refused: " + k for k in found.refused), *("span: " + k for k in found.mismatches)}


# --- shrinking a group's smallest case further -------------------------------------------


def shrink(case: dict[str, Any], still: Callable[[dict[str, Any]], bool], seconds: float) -> dict[str, Any]:
    """Greedy delta debugging on the payload (lines, then ever smaller chunks), then metadata."""
    deadline = time.monotonic() + seconds
    best = dict(case)

    def attempt(candidate: dict[str, Any]) -> bool:
        nonlocal best
        if time.monotonic() > deadline or not candidate["payload"].strip():
            return False
        if still(candidate):
            best = candidate
            return True
        return False

    for name in ("title", "outlet", "url", "published"):
        if best.get(name) is not None:
            attempt({**best, name: None})
    lines = best["payload"].split("\n")
    i = 0
    while i < len(lines) and len(lines) > 1 and time.monotonic() < deadline:
        trial = lines[:i] + lines[i + 1 :]
        if attempt({**best, "payload": "\n".join(trial)}):
            lines = trial
        else:
            i += 1
    chunk = max(1, len(best["payload"]) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        text, i, changed = best["payload"], 0, False
        while i < len(text) and time.monotonic() < deadline:
            trial = text[:i] + text[i + chunk :]
            if attempt({**best, "payload": trial}):
                text, changed = trial, True
            else:
                i += chunk
        if not changed:
            chunk //= 2
    return best


# --- the command line ----------------------------------------------------------------------

_WORKER: Runner | None = None


def _init_worker(validate: bool, timeout: float) -> None:
    global _WORKER
    _WORKER = Runner(validate, timeout)


def _run_chunk(args: tuple[int, int, int, int]) -> Findings:
    seed, start, stop, batch_size = args
    assert _WORKER is not None
    return _WORKER.run([make_case(seed, i) for i in range(start, stop)], batch_size)


def chunks(seed: int, count: int, size: int, batch_size: int) -> Iterator[tuple[int, int, int, int]]:
    for start in range(0, count, size):
        yield seed, start, min(count, start + size), batch_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz", help="folder for repros")
    parser.add_argument("--batch-size", type=int, default=64, help="texts per nlp.pipe batch")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before an input counts as a hang")
    parser.add_argument("--no-shacl", action="store_true", help="skip validation (most of the time per input)")
    parser.add_argument("--shrink-seconds", type=float, default=10.0, help="per group; 0 keeps the smallest as is")
    parser.add_argument("--shrink-budget", type=float, default=300.0, help="seconds of shrinking for all groups")
    parser.add_argument("--max-seconds", type=float, help="stop generating after this long and report")
    parser.add_argument("--replay", type=Path, help="rerun one saved repro and print what it does")
    args = parser.parse_args(argv)

    if args.replay:
        return replay(args.replay, not args.no_shacl)

    started = time.perf_counter()
    work = list(chunks(args.seed, args.count, args.batch_size * 4, args.batch_size))
    found = Findings()
    done = 0
    if args.processes <= 1:
        _init_worker(not args.no_shacl, args.timeout)
        results: Iterator[Findings] = map(_run_chunk, work)
    else:
        pool = multiprocessing.get_context("fork").Pool(
            args.processes, _init_worker, (not args.no_shacl, args.timeout)
        )
        results = pool.imap_unordered(_run_chunk, work)
    for part in results:
        found.merge(part)
        done += part.inputs
        rate = done / (time.perf_counter() - started)
        print(f"\r{done:,}/{args.count:,} inputs, {rate:.1f}/s", end="", file=sys.stderr, flush=True)
        if args.max_seconds and time.perf_counter() - started > args.max_seconds:
            print(f"\nstopped after {args.max_seconds:.0f} s (--max-seconds)", end="", file=sys.stderr)
            break
    print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    if args.processes > 1:
        pool.terminate()
    report(found, args, elapsed)
    return 1 if found.tracebacks or found.mismatches else 0


def report(found: Findings, args: argparse.Namespace, elapsed: float) -> None:
    runner = _WORKER if args.processes <= 1 else None
    args.out.mkdir(parents=True, exist_ok=True)
    # Shrinking reruns the pipeline hundreds of times; a run with many groups must still end.
    shrink_until = time.monotonic() + args.shrink_budget

    def saved(prefix: str, number: int, key: str, group: Group, target: str) -> str:
        nonlocal runner
        case = group.case
        left = min(args.shrink_seconds, shrink_until - time.monotonic())
        if left > 0:
            runner = runner or Runner(not args.no_shacl, args.timeout)
            case = shrink(case, lambda c: target in runner.signature(c), left)
        path = args.out / f"{prefix}-{number:02d}.json"
        path.write_text(json.dumps({"group": key, "detail": group.detail, **case}, indent=1, ensure_ascii=True) + "\n")
        return f"{path} (case {case['id']}, {len(case['payload'])} of {len(group.case['payload'])} characters)"

    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(found.kinds.items()))
    print(f"seed {args.seed}: {found.inputs:,} inputs ({kinds}), {found.characters / max(1, found.inputs):.0f} "
          f"characters on average, {args.processes} process(es), {elapsed:.1f} s ({found.inputs / elapsed:.1f}/s)")
    print(f"articles built: {found.articles:,}; refused at ingest: {sum(found.ingest_errors.values()):,}")
    for reason, n in found.ingest_errors.most_common(8):
        print(f"    {n:6,}  {reason}")
    stages = ", ".join(f"{k} {v * 1000 / max(1, found.articles):.1f}" for k, v in found.stage_seconds.items())
    print(f"mean ms per article: {stages}")

    print(f"\ntracebacks: {sum(g.count for g in found.tracebacks.values()):,} inputs in {len(found.tracebacks)} groups")
    for n, (key, group) in enumerate(sorted(found.tracebacks.items(), key=lambda kv: -kv[1].count), 1):
        print(f"  {group.count:6,}× {key}")
        print(f"          repro: {saved('trace', n, key, group, key)}")
        print("          " + group.detail.rstrip().replace("\n", "\n          "))

    refused = found.refused_documents
    print(f"\nrefused by SHACL: {refused:,} of {found.articles:,} articles ({found.conforming:,} conform)"
          f" in {len(found.refused)} groups" + ("" if not args.no_shacl else " (SHACL skipped)"))
    if refused:
        print(f"  still refused after Validator.withhold (where it exists): {found.refused_after_withholding:,}")
    for n, (key, group) in enumerate(sorted(found.refused.items(), key=lambda kv: -kv[1].count), 1):
        print(f"  {group.count:6,}× {key}")
        print(f"          repro: {saved('refused', n, key, group, 'refused: ' + key)}")
        print("          " + group.detail.splitlines()[0][:300])

    print(f"\noffset mismatches: {found.mismatch_spans:,} spans in {len(found.mismatches)} groups")
    for n, (key, group) in enumerate(sorted(found.mismatches.items(), key=lambda kv: -kv[1].count), 1):
        print(f"  {group.count:6,}× {key}: {group.detail[:200]}")
        print(f"          repro: {saved('span', n, key, group, 'span: ' + key)}")

    print("\nslowest inputs (seconds: ingest, parse share of its batch, extract, rdf, validate):")
    for seconds, case_id, kind, length, parts in found.slowest:
        flag = "  SLOW (> 10 s)" if seconds > SLOW_SECONDS else ""
        print(f"  {seconds:7.2f} s  case {case_id} {kind}, {length:,} characters ({parts}){flag}")
    print(f"inputs over {SLOW_SECONDS:.0f} s: {sum(1 for s, *_ in found.slowest if s > SLOW_SECONDS)}")


def replay(path: Path, validate: bool) -> int:
    case = json.loads(path.read_text())
    runner = Runner(validate)
    found = runner.run([case])
    print(f"case {case.get('id')} ({case['kind']}, {len(case['payload'])} characters): {case['payload']!r}")
    for key, group in found.tracebacks.items():
        print(f"traceback {key}\n{group.detail}")
    for key, group in found.refused.items():
        print(f"refused {key}\n    {group.detail}")
    for key, group in found.mismatches.items():
        print(f"span mismatch {key}: {group.detail}")
    print(f"ingest: {dict(found.ingest_errors) or 'ok'}; conforming articles: {found.conforming}")
    for seconds, _, _, length, parts in found.slowest:
        print(f"{seconds:.2f} s for {length:,} characters ({parts})")
    return 1 if found.tracebacks or found.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

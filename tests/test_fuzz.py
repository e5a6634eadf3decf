"""Property-based fuzzing of the build, with the generators of bench/fuzz.py.

Hypothesis drives those generators through `st.randoms()`, so the few hundred inputs here are
the kind a long `python bench/fuzz.py` run sees by the hundred thousand. Seeds are fixed
(`derandomize`) and there is no example database: every run of the suite tries the same
inputs, and a failure here is one `bench/fuzz.py --replay` can be pointed at.

Properties, for every input: no exception escapes ingest → extract → RDF → validate; every
recorded span's offsets slice the article's own text to exactly the recorded words; and,
counted apart because the gate is being changed to withhold facts instead of refusing
articles, SHACL does not refuse the document.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st

from builder.ingest import Article, InputError

BENCH_FUZZ = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"


def _load_generators():
    # bench/ is not a package; the generators are loaded from their file so that the tests
    # and the long runs cannot drift apart.
    spec = importlib.util.spec_from_file_location("newsgraph_bench_fuzz", BENCH_FUZZ)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    return module


fuzz = _load_generators()

pytestmark = pytest.mark.slow

# Shrinking reruns spaCy and pyshacl hundreds of times and can outlast the suite's budget;
# bench/fuzz.py shrinks its repros with its own time limit instead.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example),
)

randoms = st.randoms(use_true_random=False)
dates = st.one_of(st.none(), st.sampled_from(fuzz.EDGE_DATES), st.dates())
# Hypothesis' own strings beside the hand-made mutations: any code point but surrogates,
# which no UTF-8 file can hold (JSONL escapes carry them: see the JSONL test).
soup = st.lists(
    st.one_of(st.sampled_from(fuzz.SOUP_TOKENS), st.text(st.characters(exclude_categories=("Cs",)), max_size=6)),
    min_size=1,
    max_size=40,
).map(" ".join)


def shown(value: object, limit: int = 1500) -> str:
    # A failing long sentence would print tens of thousands of characters; its start and
    # length are enough to find it again with the same derandomized run.
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters in all)"


def build_one(nlp, validator, article: Article):
    """The pipeline for one article; an exception escaping it fails the test as it is."""
    note(f"article: published={article.published!r} outlet={article.outlet!r} title={shown(article.title, 200)} "
         f"text={shown(article.text)}")
    outcome = fuzz.process(nlp(article.text), article, validator)
    assert outcome.mismatches == [], outcome.mismatches
    return outcome


def articles_in(case: dict) -> list[Article]:
    """Ingest a case through read_inputs (files for html/jsonl/txt); ingest must not raise."""
    note(f"case: {shown(case)}")
    with tempfile.TemporaryDirectory() as folder:
        made = fuzz.articles_of(case, Path(folder))
    assert all(isinstance(item, Article | InputError) for item in made)
    return [item for item in made if isinstance(item, Article)]


def assert_not_refused(verdict) -> None:
    # The property to count while the gate moves to withholding: a refused document loses
    # every fact of the article over one bad one.
    assert verdict.conforms, "SHACL refuses the document:\n" + "\n".join(str(v) for v in verdict.violations)


@settings(FUZZ, max_examples=20)
@given(rng=randoms)
def test_mutated_texts_are_not_refused_by_shacl(nlp, validator, rng):
    for article in articles_in(fuzz.text_case(rng)):
        assert_not_refused(build_one(nlp, validator, article).verdict)


@settings(FUZZ, max_examples=25)
@given(text=soup, published=dates)
def test_character_soup_survives_with_exact_offsets(nlp, validator, text, published):
    if not text.strip():
        return  # ingest refuses whitespace-only text before any extractor sees it
    article = Article(text=text, source="fuzz:soup", key="fuzz:soup", published=published, outlet="Example Wire")
    build_one(nlp, validator, article)


@settings(FUZZ, max_examples=20)
@given(
    sentences=st.lists(st.sampled_from(fuzz.SEEDS), min_size=1, max_size=3),
    time=st.sampled_from(fuzz.TIME_PHRASES),
    number=st.sampled_from(fuzz.NUMBERS),
    published=dates,
)
@example(sentences=[fuzz.WIRE[0]], time="yesterday", number="12", published=date(1, 1, 1))
@example(sentences=[fuzz.UN_NOTE[2]], time="last year", number="12", published=date(1, 1, 1))
@example(sentences=[fuzz.WIRE[1]], time="next Monday", number="12", published=date(9999, 12, 31))
@example(sentences=[fuzz.NGO_RELEASE[3]], time="last month", number="12", published=date(2024, 2, 29))
@example(sentences=[fuzz.WIRE[4]], time="on February 29, 2023", number="12", published=date(2000, 2, 29))
def test_publication_dates_at_the_edges_of_the_calendar(nlp, validator, sentences, time, number, published):
    text = " ".join(s.format(time=time, n=number) for s in sentences)
    article = Article(text=text, source="fuzz:date", key="fuzz:date", published=published, outlet="Example Wire")
    outcome = build_one(nlp, validator, article)
    assert_not_refused(outcome.verdict)




@settings(FUZZ, max_examples=15)
@given(published=st.sampled_from(fuzz.EDGE_DATE_STRINGS), rng=randoms)
def test_jsonl_publication_dates_at_the_edges(nlp, validator, published, rng):
    # Feeds give dates as strings: impossible days and timestamps must become an InputError or a date.
    line = json.dumps({"text": fuzz.seed_sentence(rng), "published": published, "id": "edge"})
    for article in articles_in({"kind": "jsonl", "payload": line + "\n", "id": "edge"}):
        build_one(nlp, validator, article)


@settings(FUZZ, max_examples=10)
@given(escape=st.sampled_from(("\\ud83d", "\\udfff", "\\ud800\\udc00", "\\u0000", "\\u202e", "\\ufeff")), rng=randoms)
def test_jsonl_escapes_that_no_utf8_file_holds(nlp, validator, escape, rng):
    # json.loads turns "\ud83d" into a lone surrogate, which spaCy cannot hash: ingest must
    # refuse the line or clean it, since one such line would otherwise stop a whole build.
    line = '{"text": ' + json.dumps(fuzz.seed_sentence(rng))[:-1] + " " + escape + '"}'
    for article in articles_in({"kind": "jsonl", "payload": line + "\n", "id": "escape"}):
        build_one(nlp, validator, article)


# Inputs bench/fuzz.py found and shrunk; kept so that the fix is seen to hold.
FOUND_BY_FUZZING = (
    # Two figures of one outcome in one sentence get one claim IRI, hence two ng:qualifier values.
    "l said at least one killed one",
)


@pytest.mark.parametrize("text", FOUND_BY_FUZZING)
def test_inputs_found_by_fuzzing_are_not_refused(nlp, validator, text):
    article = Article(text=text, source="fuzz:found", key="fuzz:found")
    outcome = fuzz.process(nlp(text), article, validator)
    assert outcome.mismatches == []
    assert_not_refused(outcome.verdict)


# Texts given in-process, and HTML pages and JSONL lines through read_inputs, as files.
@pytest.mark.parametrize("case", [fuzz.text_case, fuzz.html_case, fuzz.jsonl_case], ids=["text", "html", "jsonl"])
@settings(FUZZ, max_examples=20)
@given(rng=randoms)
def test_inputs_survive_with_exact_offsets(nlp, validator, case, rng):
    for article in articles_in(case(rng)):
        build_one(nlp, validator, article)

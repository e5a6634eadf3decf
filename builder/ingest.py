"""Read articles from files, folders and standard input into `Article` records.

Every input either becomes one or more Articles or one `InputError` naming the input and the
reason; a bad input never stops the others. Supported: `.jsonl` (one article per line),
`.txt`/`.md` (plain text), `.html`/`.htm` (main text through trafilatura), folders
(recursively) and `-` (standard input). A folder may hold an `index.json` sidecar, a list of
`{"file", "title", "outlet", "published", "url"}` objects, giving metadata for its files.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
SIDECAR = "index.json"
METADATA_FIELDS = ("title", "outlet", "published", "url")

# Fewer words than this from an HTML page are menus and footers, not an article.
MIN_HTML_ARTICLE_WORDS = 10

# spaCy's own default max_length: beyond it the parser's memory grows past what a laptop has.
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Article:
    """One article's text and what is known about it."""

    text: str
    source: str
    key: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputError:
    """An input that could not be read, and why, in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class IngestOptions:
    """Metadata given on the command line for the plain-text files named, and limits."""

    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    stdin_format: str = "auto"


class _BadInput(Exception):
    """Internal: carries the reason an input is refused."""


def read_inputs(
    paths: Iterable[str], options: IngestOptions | None = None, stdin: BinaryIO | None = None
) -> Iterator[Article | InputError]:
    """Yield an Article for each article found, or an InputError for each bad input."""
    options = options or IngestOptions()
    sidecars: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin or sys.stdin.buffer, options)
            continue
        target = Path(path)
        if target.is_dir():
            files = sorted(
                p
                for p in target.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(target).parts)
            )
            if not files:
                yield InputError(path, "folder holds no .txt, .md, .html, .htm or .jsonl file")
            for file in files:
                yield from _read_file(file, options, sidecars)
        else:
            yield from _read_file(target, options, sidecars)


def _read_file(
    path: Path, options: IngestOptions, sidecars: dict[Path, dict[str, dict[str, Any]]]
) -> Iterator[Article | InputError]:
    source = os.path.normpath(str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl_lines(_open_lines(path, options), source, options)
            return
        data = _read_bytes(path, options.max_chars)
        text = _decode(data)
        sidecar = _sidecar_metadata(path, sidecars)
        if suffix in HTML_SUFFIXES:
            yield _article_from_html(text, source, options, sidecar)
        else:
            yield _article_from_text(text, source, options, sidecar)
    except _BadInput as bad:
        yield InputError(source, str(bad))


def _read_stdin(stream: BinaryIO, options: IngestOptions) -> Iterator[Article | InputError]:
    source = "<stdin>"
    try:
        data = stream.read(_byte_limit(options.max_chars) + 1)
        if len(data) > _byte_limit(options.max_chars):
            raise _BadInput(f"input too large: more than {_byte_limit(options.max_chars):,} bytes")
        text = _decode(data)
        fmt = options.stdin_format
        if fmt == "auto":
            fmt = _sniff_format(text)
        if fmt == "jsonl":
            lines = ((number, line) for number, line in enumerate(text.splitlines(), start=1))
            yield from _read_jsonl_lines(lines, source, options)
        elif fmt == "html":
            yield _article_from_html(text, source, options, {})
        else:
            yield _article_from_text(text, source, options, {})
    except _BadInput as bad:
        yield InputError(source, str(bad))


def _sniff_format(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "html"
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        return "jsonl"
    return "txt"


def _byte_limit(max_chars: int) -> int:
    # UTF-8 needs at most 4 bytes a character; the character limit is checked after decoding.
    return max_chars * 4


def _read_bytes(path: Path, max_chars: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > _byte_limit(max_chars):
            raise _BadInput(f"file too large: {size:,} bytes (limit {max_chars:,} characters; raise --max-chars)")
        return path.read_bytes()
    except OSError as error:
        raise _unreadable(error) from None


def _unreadable(error: OSError) -> _BadInput:
    """The one-line reason for an operating-system error on an input path."""
    if isinstance(error, FileNotFoundError):
        return _BadInput("no such file or folder")
    if isinstance(error, PermissionError):
        return _BadInput("permission denied")
    if isinstance(error, IsADirectoryError):
        return _BadInput("is a folder")
    return _BadInput(f"cannot be read: {error.strerror or error}")


def _decode(data: bytes) -> str:
    if not data:
        raise _BadInput("empty file")
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise _BadInput(f"binary data (NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise _BadInput(f"not valid UTF-8: byte 0x{bad} at offset {error.start}") from None
    return text


def _check_text(text: str, max_chars: int) -> str:
    if not text.strip():
        raise _BadInput("no text (empty or only whitespace)")
    if len(text) > max_chars:
        raise _BadInput(f"text too large: {len(text):,} characters (limit {max_chars:,}; raise --max-chars)")
    return text


def _parse_date(value: Any, what: str) -> date | None:
    if value in (None, ""):
        return None
    text = str(value)
    # Pages and feeds often give a full timestamp; its date part is what we keep.
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _BadInput(f"{what} {value!r} is not a YYYY-MM-DD date") from None


def _sidecar_metadata(path: Path, cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    folder = path.parent
    if folder not in cache:
        cache[folder] = {}
        index = folder / SIDECAR
        if index.is_file():
            try:
                entries = json.loads(index.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise _BadInput(f"its folder's {SIDECAR} cannot be read: {error}") from None
            if isinstance(entries, list):
                cache[folder] = {
                    entry["file"]: entry for entry in entries if isinstance(entry, dict) and "file" in entry
                }
    entry = cache[folder].get(path.name, {})
    return {name: entry[name] for name in METADATA_FIELDS if entry.get(name) not in (None, "")}


def _first_line_title(text: str) -> str | None:
    """A short first line without closing punctuation reads as a headline."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if first and len(first) <= 200 and first[-1] not in '.!?)"”’:' and len(text.strip()) > len(first):
        return first
    return None


def _article_from_text(text: str, source: str, options: IngestOptions, sidecar: dict[str, Any]) -> Article:
    text = _check_text(text, options.max_chars)
    meta = {**sidecar, **{k: v for k, v in _cli_metadata(options).items() if v}}
    url = meta.get("url")
    return Article(
        text=text,
        source=url or source,
        key=url or source,
        title=meta.get("title") or _first_line_title(text),
        published=_parse_date(meta.get("published"), "published"),
        outlet=meta.get("outlet"),
        url=url,
    )


def _cli_metadata(options: IngestOptions) -> dict[str, str | None]:
    return {"published": options.published, "outlet": options.outlet, "url": options.url}


def _article_from_html(html: str, source: str, options: IngestOptions, sidecar: dict[str, Any]) -> Article:
    import trafilatura  # imported here: it costs ~0.5 s and only HTML input needs it

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    words = len((extracted.text or "").split()) if extracted is not None else 0
    if words < MIN_HTML_ARTICLE_WORDS:
        raise _BadInput(f"no article text found in the HTML page ({words} words outside menus and boilerplate)")
    meta = {
        "title": extracted.title,
        "outlet": extracted.sitename,
        "published": extracted.date,
        "url": extracted.url,
    }
    meta = {**{k: v for k, v in meta.items() if v}, **sidecar}
    meta.update({k: v for k, v in _cli_metadata(options).items() if v})
    text = _check_text(extracted.text, options.max_chars)
    url = meta.get("url")
    return Article(
        text=text,
        source=url or source,
        key=url or source,
        title=meta.get("title"),
        published=_parse_date(meta.get("published"), "published"),
        outlet=meta.get("outlet"),
        url=url,
    )


def _open_lines(path: Path, options: IngestOptions) -> Iterator[tuple[int, str | _BadInput]]:
    """Stream a JSONL file's lines; a file-level problem is raised before the first line."""
    try:
        if path.stat().st_size == 0:
            raise _BadInput("empty file")
        handle = path.open("rb")
    except OSError as error:
        raise _unreadable(error) from None

    def lines() -> Iterator[tuple[int, str | _BadInput]]:
        with handle:
            for number, raw in enumerate(handle, start=1):
                if len(raw) > _byte_limit(options.max_chars):
                    yield number, _BadInput(f"line too large: {len(raw):,} bytes (raise --max-chars)")
                    continue
                try:
                    yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    yield number, _BadInput(f"not valid UTF-8: byte {error.start} of the line")

    return lines()


def _read_jsonl_lines(
    lines: Iterable[tuple[int, str | _BadInput]], source: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    seen_any = False
    for number, line in lines:
        line_source = f"{source}:{number}"
        if isinstance(line, _BadInput):
            yield InputError(line_source, str(line))
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            yield _article_from_json(line, number, source, options)
        except _BadInput as bad:
            yield InputError(line_source, str(bad))
    if not seen_any:
        yield InputError(source, "no JSON lines")


def _article_from_json(line: str, number: int, source: str, options: IngestOptions) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _BadInput(f"broken JSON line: {error.msg} at column {error.colno}") from None
    if not isinstance(record, dict):
        raise _BadInput("JSON line is not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _BadInput('line has no "text"')
    _check_text(text, options.max_chars)
    ident = record.get("id")
    url = record.get("url") or None
    line_source = f"{source}#{ident if ident not in (None, '') else number}"
    extra = {k: v for k, v in record.items() if k not in ("text", "id", *METADATA_FIELDS)}
    return Article(
        text=text,
        source=url or line_source,
        key=url or (f"{source}#{ident}" if ident not in (None, "") else line_source),
        title=record.get("title") or None,
        published=_parse_date(record.get("published"), "published"),
        outlet=record.get("outlet") or None,
        url=url,
        metadata={"id": ident, **extra} if ident not in (None, "") else extra,
    )

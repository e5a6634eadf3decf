"""Read articles from files, folders and standard input into `Article` records.

Every input either becomes one or more Articles or one `InputError` naming the input and the
reason; a bad input never stops the others. Supported: `.jsonl` (one article per line),
`.txt`/`.md` (plain text), `.html`/`.htm` (main text through trafilatura), folders
(recursively) and `-` (standard input). A folder may hold an `index.json` sidecar, a list of
`{"file", "title", "outlet", "published", "url"}` objects, giving metadata for its files.

Only regular files are read (a named pipe would block the build), each within a size bound
checked before reading; files of other types inside a folder are named as skipped.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
KNOWN_TYPES = ".txt, .md, .html, .htm, .jsonl"
SIDECAR = "index.json"
METADATA_FIELDS = ("title", "outlet", "published", "url")

# Fewer words than this from an HTML page are menus and footers, not an article.
MIN_HTML_ARTICLE_WORDS = 10

# spaCy's own default max_length: beyond it the parser's memory grows past what a laptop has.
DEFAULT_MAX_CHARS = 1_000_000

# Dates outside this window are typos or placeholders (0001-01-01, 9999-12-31), and resolving
# "last year" against them would leave the calendar; a year ahead allows embargoed copy.
EARLIEST_PUBLISHED = date(1800, 1, 1)
LATEST_PUBLISHED_AHEAD = timedelta(days=366)

# Longest marks first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# index.json is metadata for a folder's files; nothing sane needs more.
_SIDECAR_BYTE_LIMIT = 16 * 1024 * 1024


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
    """An input that could not be read, and why, in one line.

    `skipped` marks a file inside a folder that newsgraph does not read at all (an unknown
    type): worth naming, but not a failed input.
    """

    source: str
    reason: str
    skipped: bool = False

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


class _BadInput(ValueError):
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
        try:
            is_dir = stat.S_ISDIR(target.stat().st_mode)
        except OSError as error:
            yield InputError(os.path.normpath(path), str(_unreadable(error)))
            continue
        if is_dir:
            yield from _read_folder(target, options, sidecars)
        else:
            yield from _read_file(target, options, sidecars)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles the paths hold, counted without reading them (a JSONL file's non-blank
    lines, one for any other file newsgraph reads): for progress with a total. None when standard
    input is among them."""
    if "-" in paths:
        return None
    total = 0
    for path in paths:
        target = Path(path)
        if target.is_dir():
            files = [
                Path(root) / name
                for root, dirs, names in os.walk(target)
                for name in names
                if not name.startswith(".")
                and not any(part.startswith(".") for part in Path(root).relative_to(target).parts)
            ]
        else:
            files = [target]
        for file in files:
            suffix = file.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES or file.name == SIDECAR or not file.is_file():
                continue
            if suffix == ".jsonl":
                try:
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _read_folder(
    folder: Path, options: IngestOptions, sidecars: dict[Path, dict[str, dict[str, Any]]]
) -> Iterator[Article | InputError]:
    found: list[tuple[Path, InputError | None]] = []

    def unreadable_subfolder(error: OSError) -> None:
        where = Path(error.filename or folder)
        found.append((where, InputError(os.path.normpath(where), str(_unreadable(error)))))

    # os.walk does not follow symbolic links to folders, so a link back up cannot loop.
    for root, dirs, files in os.walk(folder, onerror=unreadable_subfolder):
        here = Path(root)
        for name in list(dirs):
            if name.startswith("."):
                dirs.remove(name)
            elif (here / name).is_symlink():
                found.append((here / name, _skipped(here / name, "symbolic link to a folder, not followed")))
        for name in files:
            path = here / name
            if name.startswith(".") or name == SIDECAR:
                continue
            suffix = path.suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                found.append((path, None))
            else:
                found.append((path, _skipped(path, _unknown_type(suffix))))
    # A folder that cannot be listed at all has said so already.
    if not any(error is None for _, error in found) and not any(path == folder for path, _ in found):
        yield InputError(os.path.normpath(folder), f"folder holds no {KNOWN_TYPES} file")
    for path, error in sorted(found, key=lambda item: item[0]):
        if error is not None:
            yield error
        else:
            yield from _read_file(path, options, sidecars)


def _skipped(path: Path, reason: str) -> InputError:
    return InputError(os.path.normpath(path), f"skipped: {reason}", skipped=True)


def _unknown_type(suffix: str) -> str:
    kind = f"unknown file type {suffix}" if suffix else "unknown file type (no extension)"
    return f"{kind} (newsgraph reads {KNOWN_TYPES})"


def _read_file(
    path: Path, options: IngestOptions, sidecars: dict[Path, dict[str, dict[str, Any]]]
) -> Iterator[Article | InputError]:
    source = os.path.normpath(str(path))
    suffix = path.suffix.lower()
    try:
        _check_regular(path)
        if suffix not in SUPPORTED_SUFFIXES:
            raise _BadInput(_unknown_type(suffix))
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl_lines(_open_lines(path, options), source, options)
            return
        hint = f"limit {options.max_chars:,} characters; raise --max-chars"
        data = _read_bytes(path, _byte_limit(options.max_chars), hint)
        text = _decode(data)
        sidecar = _sidecar_metadata(path, sidecars)
        if suffix in HTML_SUFFIXES:
            yield _article_from_html(text, source, options, sidecar)
        else:
            yield _article_from_text(text, source, options, sidecar)
    except _BadInput as bad:
        yield InputError(source, str(bad))


def _check_regular(path: Path) -> None:
    """Refuse what is not a regular file before opening it: opening a named pipe blocks."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise _unreadable(error) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _BadInput("is a folder")
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "special"
    )
    raise _BadInput(f"not a regular file ({kind})")


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


def _read_bytes(path: Path, limit: int, hint: str) -> bytes:
    """The file's bytes, refused by its size before reading and never more than `limit` read."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _BadInput(f"file too large: {size:,} bytes ({hint})")
            # A file that grows while read, or one whose size the system does not know (/proc),
            # is still read no further than the limit.
            data = handle.read(limit + 1)
    except OSError as error:
        raise _unreadable(error) from None
    if len(data) > limit:
        raise _BadInput(f"file too large: more than {limit:,} bytes ({hint})")
    return data


def _unreadable(error: OSError) -> _BadInput:
    """The one-line reason for an operating-system error on an input path."""
    if isinstance(error, FileNotFoundError):
        return _BadInput("no such file or folder")
    if isinstance(error, PermissionError):
        return _BadInput("permission denied")
    if isinstance(error, IsADirectoryError):
        return _BadInput("is a folder")
    if error.errno == errno.ELOOP:
        return _BadInput("symbolic link loop")
    return _BadInput(f"cannot be read: {error.strerror or error}")


def _decode(data: bytes) -> str:
    if not data:
        raise _BadInput("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                name = encoding.upper()
                raise _BadInput(f"not valid {name} despite its byte-order mark: byte offset {error.start}") from None
            if "\x00" in text:
                raise _BadInput(f"binary data ({encoding.upper()} text holding a NUL character)")
            return text
    _refuse_nul(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise _BadInput(f"not valid UTF-8: byte 0x{bad} at offset {error.start}") from None


def _refuse_nul(data: bytes) -> None:
    """No text file holds a NUL byte: it is binary, or UTF-16 without its byte-order mark."""
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(data):
            raise _BadInput("UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)")
        raise _BadInput(f"binary data (NUL byte at offset {nul}), not text")


@contextmanager
def _closed_on_error(handle: BinaryIO) -> Iterator[None]:
    try:
        yield
    except BaseException:
        handle.close()
        raise


def _looks_like_utf16(data: bytes) -> bool:
    """Latin text in UTF-16 has a NUL in nearly every other byte, all on one side of each pair;
    a few bytes are too few to tell (a binary header has NULs too)."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 8:
        return False
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    return min(even, odd) == 0 and max(even, odd) >= 0.7 * pairs


def _check_text(text: str, max_chars: int) -> str:
    if not text.strip():
        raise _BadInput("no text (empty or only whitespace)")
    if len(text) > max_chars:
        raise _BadInput(f"text too large: {len(text):,} characters (limit {max_chars:,}; raise --max-chars)")
    if "\x00" in text:
        raise _BadInput("text holds a NUL character")
    _check_unicode(text, "text")
    return text


def _check_unicode(value: str, what: str) -> None:
    """A JSON escape can carry half of a surrogate pair ("\\ud83d"), which is no character:
    no UTF-8 text, RDF literal or tokenizer can hold it."""
    lone = next((i for i, ch in enumerate(value) if "\ud800" <= ch <= "\udfff"), None)
    if lone is not None:
        code = ord(value[lone])
        raise _BadInput(f"{what} holds a lone surrogate (U+{code:04X} at character {lone}), not Unicode text")


def check_published(value: Any, what: str = "published") -> date | None:
    """The date `value` names, or None when it is empty; ValueError when it is no sane date.

    Accepted: YYYY-MM-DD, or a timestamp starting so, between 1800-01-01 and a year after
    today.
    """
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _BadInput(f"{what} is {_kind(value)}, not a YYYY-MM-DD date")
    text = value
    # Pages and feeds often give a full timestamp; its date part is what we keep.
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        raise _BadInput(f"{what} {value!r} is not a YYYY-MM-DD date") from None
    latest = date.today() + LATEST_PUBLISHED_AHEAD
    if not EARLIEST_PUBLISHED <= parsed <= latest:
        raise _BadInput(
            f"{what} {value!r} is outside {EARLIEST_PUBLISHED.isoformat()} .. {latest.isoformat()} "
            "(too early or too far ahead for a news date)"
        )
    return parsed


def _kind(value: Any) -> str:
    """How JSON calls a value's type, for a reason line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "not a string"


def _strings(record: dict[str, Any], names: Iterable[str], where: str) -> dict[str, Any]:
    """The named metadata fields that are given; any that is not a string refuses the input."""
    given = {}
    for name in names:
        value = record.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise _BadInput(f'{where}"{name}" is {_kind(value)}, not a string')
        given[name] = value
    return given


def _sidecar_metadata(path: Path, cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    folder = path.parent
    if folder not in cache:
        cache[folder] = {}
        index = folder / SIDECAR
        if index.is_file():
            try:
                data = _read_bytes(index, _SIDECAR_BYTE_LIMIT, "not a metadata list")
                entries = json.loads(data.decode("utf-8-sig"))
            except (_BadInput, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise _BadInput(f"its folder's {SIDECAR} cannot be read: {error}") from None
            if isinstance(entries, list):
                # An entry without a file name cannot be matched to a file, so it describes none.
                cache[folder] = {
                    entry["file"]: entry
                    for entry in entries
                    if isinstance(entry, dict) and isinstance(entry.get("file"), str)
                }
    entry = cache[folder].get(path.name, {})
    return _strings(entry, METADATA_FIELDS, f"its {SIDECAR} entry's ")


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
        published=check_published(meta.get("published")),
        outlet=meta.get("outlet"),
        url=url,
    )


def _cli_metadata(options: IngestOptions) -> dict[str, str | None]:
    return {"published": options.published, "outlet": options.outlet, "url": options.url}


def _article_from_html(html: str, source: str, options: IngestOptions, sidecar: dict[str, Any]) -> Article:
    # Whatever goes wrong inside the HTML reader (a missing optional module, a parser that
    # gives up on a page) costs this page only, never the build.
    try:
        import trafilatura  # imported here: it costs ~0.5 s and only HTML input needs it

        extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except ImportError as error:
        raise _BadInput(f"the HTML reader cannot be loaded: {error}") from None
    except Exception as error:
        raise _BadInput(f"the HTML reader failed on this page: {type(error).__name__}: {error}") from None
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
        published=check_published(meta.get("published")),
        outlet=meta.get("outlet"),
        url=url,
    )


def _open_lines(path: Path, options: IngestOptions) -> Iterator[tuple[int, str | _BadInput]]:
    """Stream a JSONL file's lines; a file-level problem is raised before the first line."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise _unreadable(error) from None
    with _closed_on_error(handle):
        start = handle.read(8192)
        if not start:
            raise _BadInput("empty file")
        encoding = next((enc for bom, enc in _BOMS if start.startswith(bom)), None)
        if encoding is None:
            _refuse_nul(start)
        handle.seek(0)
    if encoding is None:
        return _utf8_lines(handle, _byte_limit(options.max_chars))
    return _decoded_lines(handle, encoding, options.max_chars)


def _utf8_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, str | _BadInput]]:
    with handle:
        number = 0
        while raw := handle.readline(limit + 1):
            number += 1
            if len(raw) > limit:
                size = len(raw)
                # The rest of an oversized line is skipped a piece at a time, never held whole.
                while not raw.endswith(b"\n") and (raw := handle.readline(1 << 20)):
                    size += len(raw)
                yield number, _BadInput(f"line too large: {size:,} bytes (raise --max-chars)")
                continue
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield number, _BadInput(f"not valid UTF-8: byte {error.start} of the line")


def _decoded_lines(handle: BinaryIO, encoding: str, limit: int) -> Iterator[tuple[int, str | _BadInput]]:
    """Lines of a JSONL file in UTF-16 or UTF-32 with a byte-order mark, decoded as they stream."""
    with io.TextIOWrapper(handle, encoding=encoding, newline="") as stream:
        number = 0
        try:
            while line := stream.readline(limit + 1):
                number += 1
                if len(line) > limit:
                    size = len(line)
                    while not line.endswith("\n") and (line := stream.readline(1 << 20)):
                        size += len(line)
                    yield number, _BadInput(f"line too large: {size:,} characters (raise --max-chars)")
                    continue
                yield number, line
        except UnicodeDecodeError:
            # A stream decoder cannot find the next line after a broken character: stop here.
            yield number + 1, _BadInput(f"not valid {encoding.upper()}; the rest of the file is not read")


def _read_jsonl_lines(
    lines: Iterable[tuple[int, str | _BadInput]], source: str, options: IngestOptions
) -> Iterator[Article | InputError]:
    seen_any = False
    for number, line in lines:
        line_source = f"{source}:{number}"
        if isinstance(line, _BadInput):
            seen_any = True
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
    except RecursionError:
        raise _BadInput("broken JSON line: nested too deeply") from None
    if not isinstance(record, dict):
        raise _BadInput("JSON line is not an object")
    # Every field is kept (as metadata if nothing else), so every field must be Unicode text.
    _check_unicode(json.dumps(record, ensure_ascii=False), "JSON line")
    if "text" not in record:
        raise _BadInput('line has no "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise _BadInput(f'"text" is {_kind(text)}, not a string')
    if not text.strip():
        raise _BadInput('"text" is empty or only whitespace')
    _check_text(text, options.max_chars)
    ident = record.get("id")
    if ident in (None, ""):
        ident = None
    elif isinstance(ident, bool) or not isinstance(ident, str | int):
        raise _BadInput(f'"id" is {_kind(ident)}, not a string or an integer')
    meta = _strings(record, ("title", "outlet", "url"), "")
    url = meta.get("url")
    line_source = f"{source}#{ident if ident is not None else number}"
    extra = {k: v for k, v in record.items() if k not in ("text", "id", *METADATA_FIELDS)}
    return Article(
        text=text,
        source=url or line_source,
        # The id names the article wherever its line comes from, so a corrected text under
        # the same id replaces the old one even when it arrives in another feed file.
        key=url or (str(ident) if ident is not None else line_source),
        title=meta.get("title"),
        published=check_published(record.get("published")),
        outlet=meta.get("outlet"),
        url=url,
        metadata={"id": ident, **extra} if ident is not None else extra,
    )

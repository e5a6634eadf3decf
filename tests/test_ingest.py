"""Reading inputs: every format, metadata, and a clear one-line error for each bad input."""

import io
import json
from datetime import date

import pytest

from builder.ingest import Article, IngestOptions, InputError, read_inputs

ARTICLE = "Officials said the clashes began on Thursday.\n\nResidents fled to nearby towns."


def read(paths, **options):
    return list(read_inputs([str(p) for p in paths], IngestOptions(**options)))


def only_error(items) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    assert "\n" not in str(items[0])
    return items[0]


def test_text_file_with_metadata_from_options(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Clashes on the coast\n\n" + ARTICLE, encoding="utf-8")
    [article] = read([path], published="2025-03-08", outlet="Example Wire")
    assert isinstance(article, Article)
    assert article.text.startswith("Clashes on the coast")
    assert article.title == "Clashes on the coast"
    assert article.published == date(2025, 3, 8)
    assert article.outlet == "Example Wire"
    assert article.source == article.key == str(path)


def test_sidecar_index_gives_metadata(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "index.json").write_text(
        json.dumps([{"file": "a.md", "outlet": "Wire", "published": "2025-03-09", "url": "https://example.org/a"}])
    )
    [article] = read([tmp_path])
    assert (article.outlet, article.published, article.url) == ("Wire", date(2025, 3, 9), "https://example.org/a")
    assert article.source == article.key == "https://example.org/a"


def test_jsonl_lines_become_articles_with_stable_sources(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"id": "x1", "text": ARTICLE, "title": "T", "published": "2025-03-10", "lang": "en"},
        {"text": ARTICLE + " More."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second = read([path])
    assert first.source == f"{path}#x1" and first.metadata == {"id": "x1", "lang": "en"}
    assert second.source == f"{path}#2"


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(["The interior ministry said security forces had come under attack in Latakia."] * 5)
    path.write_text(
        "<html><head><title>Attack in Latakia</title>"
        '<meta property="og:site_name" content="Example Wire">'
        '<meta property="article:published_time" content="2025-03-07T10:00:00Z"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>Attack in Latakia</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    [article] = read([path])
    assert isinstance(article, Article), article
    assert "interior ministry" in article.text and "Copyright" not in article.text
    assert article.outlet == "Example Wire" and article.published == date(2025, 3, 7)


def test_standard_input_is_sniffed():
    stream = io.BytesIO(json.dumps({"id": "s", "text": ARTICLE}).encode())
    [article] = list(read_inputs(["-"], stdin=stream))
    assert article.source == "<stdin>#s"
    [article] = list(read_inputs(["-"], stdin=io.BytesIO(ARTICLE.encode())))
    assert article.source == "<stdin>" and article.text == ARTICLE


def test_folder_ignores_hidden_files_and_names_unsupported_ones(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.txt").write_text(ARTICLE)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    article, skipped = read([tmp_path])
    assert article.source == str(tmp_path / "a.txt")
    assert skipped.skipped and skipped.source == str(tmp_path / "notes.pdf")
    assert skipped.reason == "skipped: unknown file type .pdf (newsgraph reads .txt, .md, .html, .htm, .jsonl)"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t ", "no text"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("latin1.txt", "Der Bürgermeister sagte".encode("latin-1"), "not valid UTF-8"),
        ("page.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
        ("empty.jsonl", b"", "empty file"),
    ],
)
def test_bad_file_gives_one_clear_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(read([path]))
    assert error.source == str(path) and reason in error.reason


def test_huge_text_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a 50 MB file; its size alone refuses it
    error = only_error(read([path]))
    assert "too large" in error.reason and "52,428,800 bytes" in error.reason


def test_text_over_the_character_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 3000)
    error = only_error(read([path], max_chars=10_000))
    assert "too large" in error.reason


def test_unreadable_paths(tmp_path):
    error = only_error(read([tmp_path / "missing.txt"]))
    assert error.reason == "no such file or folder"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere")
    assert only_error(read([link])).reason == "no such file or folder"
    (tmp_path / "empty-folder").mkdir()
    assert "folder holds no" in only_error(read([tmp_path / "empty-folder"])).reason


def test_bad_jsonl_lines_are_reported_and_good_lines_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b'{"id": "ok", "text": "Officials said the clashes began on Thursday."}\n'
        b'{"id": "broken", "text": "unterminated\n'
        b'{"id": "no-text", "title": "Headline only"}\n'
        b'["not", "an", "object"]\n'
        b'{"id": "bad-date", "text": "Some text.", "published": "last week"}\n'
        b'{"id": "latin1", "text": "B\xfcrgermeister"}\n'
    )
    items = read([path])
    articles = [i for i in items if isinstance(i, Article)]
    errors = {e.source: e.reason for e in items if isinstance(e, InputError)}
    assert [a.source for a in articles] == [f"{path}#ok"]
    assert errors[f"{path}:2"].startswith("broken JSON line")
    assert errors[f"{path}:3"] == 'line has no "text"'
    assert errors[f"{path}:4"] == "JSON line is not an object"
    assert "not a YYYY-MM-DD date" in errors[f"{path}:5"]
    assert "not valid UTF-8" in errors[f"{path}:6"]


def test_bad_inputs_do_not_stop_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    items = read([tmp_path / "missing.txt", tmp_path, tmp_path / "good.txt"])
    assert [type(i).__name__ for i in items] == ["InputError", "InputError", "Article", "Article"]


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    # Tests run as root here, where chmod cannot make a file unreadable; the OS error is simulated.
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "open", refuse)
    assert only_error(read([path])).reason == "permission denied"


def test_jsonl_key_is_the_id_across_files_and_the_url_first(tmp_path):
    one, two = tmp_path / "monday.jsonl", tmp_path / "tuesday.jsonl"
    one.write_text(json.dumps({"id": "story-7", "text": ARTICLE}) + "\n")
    two.write_text(
        json.dumps({"id": "story-7", "text": ARTICLE + " Later."})
        + "\n"
        + json.dumps({"id": "story-8", "url": "https://example.org/8", "text": ARTICLE})
        + "\n"
        + json.dumps({"text": ARTICLE})
        + "\n"
    )
    first, second, with_url, without_id = read([one, two])
    assert first.key == second.key == "story-7"
    assert (first.source, second.source) == (f"{one}#story-7", f"{two}#story-7")  # provenance keeps the file
    assert with_url.key == with_url.source == "https://example.org/8"
    assert without_id.key == without_id.source == f"{two}#3"


def test_same_id_in_another_file_replaces_the_document(tmp_path, nlp, validator):
    from builder.build import build
    from builder.store import GraphStore

    one, two = tmp_path / "monday.jsonl", tmp_path / "tuesday.jsonl"
    one.write_text(json.dumps({"id": "story-7", "text": ARTICLE}) + "\n")
    corrected = ARTICLE + " The coast road reopened on Friday."
    two.write_text(json.dumps({"id": "story-7", "text": corrected}) + "\n")
    store = GraphStore(None)
    problems: list[str] = []
    first = build(read_inputs([str(one)]), nlp, [store], validator, problems.append)
    second = build(read_inputs([str(two)]), nlp, [store], validator, problems.append)
    assert problems == [] and (first.added, second.added, second.replaced) == (1, 0, 1)
    # The earlier version stays, as the revision the corrected one replaced.
    current = "SELECT ?t WHERE { ?d ng:text ?t FILTER NOT EXISTS { ?later prov:wasRevisionOf ?d } }"
    assert [r["t"].value for r in store.query(current)] == [corrected]


def test_inputs_are_counted_without_reading_them_for_a_progress_total(tmp_path):
    from builder.ingest import count_inputs

    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "feed.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{broken\n')
    (tmp_path / "sub" / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "b.txt").write_text("Two.")
    # Each article, and each broken line (it is reported, so it is an input too); not the
    # unknown type or the hidden folder.
    assert count_inputs([str(tmp_path)]) == 4
    assert count_inputs([str(tmp_path / "a.txt"), "-"]) is None

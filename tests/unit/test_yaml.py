"""Strict YAML loading (docs/contracts.md, "YAML rules for every file"): YAML 1.2 core scalars, duplicate keys,
bounds on depth, aliases and size, tags, encodings, and the positions every diagnostic relies on."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from livescore.load.kinds import load_file
from livescore.load.strict_yaml import MAX_BYTES, parse_bytes, read_document


def parse(text: str | bytes) -> tuple[Any, list[tuple[int, int, str, str]]]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, diagnostics = parse_bytes(raw, "t.yaml")
    data = doc.data if doc is not None else None
    return data, [(d.line, d.col, d.code, d.message) for d in diagnostics]


def value_of(scalar: str) -> Any:
    data, problems = parse(f"v: {scalar}\n")
    assert problems == [], problems
    return data["v"]


def codes(text: str | bytes) -> list[str]:
    return [code for _, _, code, _ in parse(text)[1]]


# ---------------------------------------------------------------- scalars: the YAML 1.2 core schema


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("Yes", "Yes"),
        ("NO", "NO"),
        ("y", "y"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("012", 12),
        ("-012", -12),
        ("+1", 1),
        ("0", 0),
        ("1e6", 1000000.0),
        ("1E6", 1000000.0),
        ("0.1e-3", 0.0001),
        (".5", 0.5),
        ("1.", 1.0),
        ("0o17", 15),
        ("0x1f", 31),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("2024-01-01", "2024-01-01"),
        ("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ('"012"', "012"),
        ("'true'", "true"),
        ("!!str 12", "12"),
        ("!!int 12", 12),
        ("!!float 1", 1.0),
    ],
)
def test_core_schema_scalars(scalar: str, expected: Any) -> None:
    value = value_of(scalar)
    assert type(value) is type(expected)
    assert value == expected


def test_yaml_11_booleans_stay_strings_inside_collections() -> None:
    data, problems = parse("v: [yes, no, on, off, true]\n")
    assert problems == []
    assert data == {"v": ["yes", "no", "on", "off", True]}


@pytest.mark.parametrize("scalar", [".nan", ".NaN", ".NAN", ".inf", "-.inf", "+.inf", ".Inf", "-.INF"])
def test_non_finite_numbers_are_errors(scalar: str) -> None:
    data, problems = parse(f"a: 1\nv: {scalar}\n")
    assert data is None
    assert problems == [(2, 4, "non-finite", f"{scalar} is not a finite number")]


@pytest.mark.parametrize("scalar", ["1e400", "-1e400", "99999999999999999999", "0x1ffffffffffffffffff"])
def test_numbers_out_of_range_are_errors(scalar: str) -> None:
    data, problems = parse(f"v: {scalar}\n")
    assert data is None
    assert [p[:3] for p in problems] == [(1, 4, "number-range")]


# ---------------------------------------------------------------- duplicate keys, keys, documents


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    data, problems = parse("kind: vendor\nid: a\nkind: vendor\n")
    assert data is None
    assert problems == [(3, 1, "duplicate-key", "duplicate key 'kind' (first at line 1)")]


def test_duplicate_key_in_a_nested_flow_mapping() -> None:
    _, problems = parse("a:\n  b: {x: 1, y: 2, x: 3}\n")
    assert [p[:3] for p in problems] == [(2, 19, "duplicate-key")]
    assert "first at line 2" in problems[0][3]


def test_same_key_in_different_mappings_is_fine() -> None:
    data, problems = parse("a: {x: 1}\nb: {x: 2}\n")
    assert problems == []
    assert data == {"a": {"x": 1}, "b": {"x": 2}}


def test_distinct_keys_equal_in_python_are_not_duplicates() -> None:
    _, problems = parse("{1: a, true: b}\n")
    assert "duplicate-key" not in [p[2] for p in problems]


def test_non_scalar_key_is_an_error() -> None:
    _, problems = parse("? [a, b]\n: 1\n")
    assert [p[2] for p in problems] == ["yaml-key"]


def test_second_document_is_an_error_at_its_start() -> None:
    data, problems = parse("kind: vendor\n---\nkind: vendor\n")
    assert data is None
    assert [p[:3] for p in problems] == [(2, 1, "multi-document")]


def test_explicit_single_document_is_fine() -> None:
    data, problems = parse("---\nkind: vendor\n...\n")
    assert problems == []
    assert data == {"kind": "vendor"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# another\n"])
def test_empty_file(text: str) -> None:
    data, problems = parse(text)
    assert data is None
    assert [p[:3] for p in problems] == [(1, 1, "empty-file")]


def test_empty_file_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    loaded = load_file(str(path))
    assert loaded.model is None
    assert [(d.line, d.col, d.code) for d in loaded.diagnostics] == [(1, 1, "empty-file")]


def test_syntax_error_is_located() -> None:
    _, problems = parse("a: 1\nb: [1, 2\nc: 3\n")
    assert len(problems) == 1
    line, _col, code, message = problems[0]
    assert code == "yaml-syntax"
    assert line == 3
    assert "line 2" in message


# ---------------------------------------------------------------- depth and alias bounds


def test_nesting_of_64_levels_is_accepted() -> None:
    data, problems = parse("a: " + "[" * 63 + "]" * 63 + "\n")  # the root mapping + 63 sequences
    assert problems == []
    node = data["a"]
    for _ in range(62):
        node = node[0]
    assert node == []


def test_nesting_of_65_levels_is_rejected_at_the_65th() -> None:
    _, problems = parse("a: " + "[" * 64 + "]" * 64 + "\n")
    assert [p[:3] for p in problems] == [(1, 67, "yaml-depth")]


def test_deep_block_nesting_is_rejected() -> None:
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))
    _, problems = parse(text)
    assert [p[2] for p in problems] == ["yaml-depth"]
    assert problems[0][0] == 65


def test_deep_flow_nesting_100000_is_rejected_without_crashing() -> None:
    data, problems = parse("[" * 100_000)
    assert data is None
    assert len(problems) == 1
    assert problems[0][2] in {"yaml-depth", "yaml-syntax"}
    assert "depth" in problems[0][3]


def test_deep_flow_nesting_100000_has_code_yaml_depth() -> None:
    _, problems = parse("[" * 100_000)
    assert [p[2] for p in problems] == ["yaml-depth"]


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_rejected() -> None:
    data, problems = parse(BILLION_LAUGHS)
    assert data is None
    assert len(problems) == 1
    line, _, code, message = problems[0]
    assert code == "yaml-aliases"
    assert line == 5  # 9**4 = 6561 nodes at d, the first *d aliases cross 10,000
    assert "10,000" in message


def test_alias_bomb_through_the_loader_does_not_echo_the_input(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("kind: vendor\n" + BILLION_LAUGHS, encoding="utf-8")
    loaded = load_file(str(path))
    assert loaded.model is None
    assert [d.code for d in loaded.diagnostics] == ["yaml-aliases"]
    assert all(len(d.message) < 200 for d in loaded.diagnostics)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        # `evidence` and `a` are two values; the 99,999th `[]` (column 7 + 3 * 99,998) is the 100,001st.
        ("evidence:\n  a: [" + "[]," * 1_650_000 + "[]]\n", (2, 300_001)),
        ("".join(f"k{i}: 1\n" for i in range(60_000)), (50_001, 1)),  # two values a line: k50000 is the 100,001st
        ("[" + "{}," * 200_000 + "{}]", (1, 300_002)),  # the 100,001st `{}` starts at column 2 + 3 * 100,000
    ],
    ids=["empty-lists", "keys", "top-level-list"],
)
def test_a_document_of_too_many_values_stops_the_parse(body: str, where: tuple[int, int]) -> None:
    """5 MB of `[],` is 1.65 M lists (0.3: 5.8 s and 675 MB before any check): the parse stops at the
    100,001st value and names where it starts."""
    tracemalloc.start()
    data, problems = parse(body)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert data is None
    [(line, column, code, message)] = problems
    assert code == "too-many-nodes" and "100,000" in message
    assert (line, column) == where
    assert peak < 150_000_000


def test_modest_aliases_are_allowed() -> None:
    data, problems = parse("base: &b {x: 1, y: [1, 2]}\ncopy: *b\nscalar: &s hi\nagain: *s\n")
    assert problems == []
    assert data["copy"] == {"x": 1, "y": [1, 2]}
    assert data["again"] == "hi"


@pytest.mark.parametrize(
    ("text", "code"),
    [("a: *nowhere\n", "yaml-alias"), ("a: &x [*x]\n", "yaml-alias")],
)
def test_bad_aliases(text: str, code: str) -> None:
    data, problems = parse(text)
    assert data is None
    assert [p[2] for p in problems] == [code]


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system", "!!binary", "!custom"],
)
def test_foreign_tags_are_rejected_and_not_executed(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "executed"
    text = f'kind: vendor\nname: {tag} ["touch {marker}"]\n'
    data, problems = parse(text)
    assert data is None
    assert [p[:3] for p in problems] == [(2, 7, "yaml-tag")]
    assert not marker.exists()


def test_python_object_tag_through_the_loader_is_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "evil.yaml"
    path.write_text(
        f'kind: vendor\nid: evil\nname: !!python/object/apply:os.system ["touch {marker}"]\nindicator_set: x\n',
        encoding="utf-8",
    )
    loaded = load_file(str(path))
    assert loaded.model is None
    assert [(d.line, d.col, d.code) for d in loaded.diagnostics] == [(3, 7, "yaml-tag")]
    assert not marker.exists()


def test_core_tag_that_does_not_fit_is_an_error() -> None:
    assert codes("v: !!int abc\n") == ["yaml-tag"]
    assert codes("v: !!map [1]\n") == ["yaml-tag"]


# ---------------------------------------------------------------- encodings


def test_utf8_bom_is_accepted_and_positions_ignore_it() -> None:
    raw = b"\xef\xbb\xbfkind: vendor\nname: \xe6\x9e\x81\xe5\x85\x89\n"
    doc, problems = parse_bytes(raw, "t.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"kind": "vendor", "name": "极光"}
    assert doc.locate(("kind",), at_key=True) == (1, 1)
    assert doc.locate(("kind",)) == (1, 7)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_rejected(encoding: str) -> None:
    data, problems = parse("kind: vendor\nname: 极光\n".encode(encoding))
    assert data is None
    assert [p[:3] for p in problems] == [(1, 1, "encoding")]


def test_gbk_is_rejected_at_the_first_bad_byte() -> None:
    data, problems = parse("kind: vendor\nname: 极光直播\n".encode("gbk"))
    assert data is None
    assert [p[:3] for p in problems] == [(2, 7, "encoding")]
    assert "UTF-8" in problems[0][3]


def test_nul_byte_is_rejected() -> None:
    assert codes(b"kind: vendor\nname: a\x00b\n") == ["encoding"]


# ---------------------------------------------------------------- size


def test_file_over_5_mb_is_rejected_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    # Content that would give other errors if it were parsed: a foreign tag and a duplicate key.
    head = b"a: !!python/object/apply:os.system [x]\na: 1\n"
    path.write_bytes(head + b"#" * (MAX_BYTES + 1 - len(head)))
    assert path.stat().st_size == MAX_BYTES + 1
    doc, problems = read_document(str(path))
    assert doc is None
    assert [(d.line, d.col, d.code) for d in problems] == [(1, 1, "file-too-large")]


def test_file_of_exactly_5_mb_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    head = b"kind: vendor\n"
    path.write_bytes(head + b"#" * (MAX_BYTES - len(head)))
    assert path.stat().st_size == MAX_BYTES
    doc, problems = read_document(str(path))
    assert problems == []
    assert doc is not None and doc.data == {"kind": "vendor"}


def test_oversized_bytes_are_rejected_by_parse_bytes() -> None:
    _, problems = parse(b"#" * (MAX_BYTES + 1))
    assert [p[2] for p in problems] == ["file-too-large"]


def test_missing_file_is_a_located_error(tmp_path: Path) -> None:
    doc, problems = read_document(str(tmp_path / "nope.yaml"))
    assert doc is None
    assert [(d.line, d.col, d.code) for d in problems] == [(1, 1, "unreadable")]


# ---------------------------------------------------------------- positions


LOCATE_DOC = """\
kind: vendor
id: aurora
evidence:
  a.b.c: 1
  d.e.f:
    value: [x, "y"]
    source: s
flow: {k: v, list: [10, 20]}
"""


@pytest.mark.parametrize(
    ("loc", "at_key", "expected"),
    [
        (("kind",), False, (1, 7)),
        (("kind",), True, (1, 1)),
        (("id",), False, (2, 5)),
        (("evidence",), True, (3, 1)),
        (("evidence",), False, (4, 3)),
        (("evidence", "a.b.c"), True, (4, 3)),
        (("evidence", "a.b.c"), False, (4, 10)),
        (("evidence", "d.e.f", "value"), True, (6, 5)),
        (("evidence", "d.e.f", "value"), False, (6, 12)),
        (("evidence", "d.e.f", "value", 1), False, (6, 16)),
        (("evidence", "d.e.f", "source"), False, (7, 13)),
        (("flow", "k"), True, (8, 8)),
        (("flow", "k"), False, (8, 11)),
        (("flow", "list", 1), False, (8, 25)),
        # segments that name nothing (pydantic union tags) are skipped
        (("evidence", "d.e.f", "list[str]", "value"), False, (6, 12)),
        # an absent key points at its parent
        (("evidence", "nope"), False, (4, 3)),
        (("missing",), False, (1, 1)),
        ((), False, (1, 1)),
        # an index past the end points at the list
        (("flow", "list", 7), False, (8, 20)),
    ],
)
def test_locate(loc: tuple[Any, ...], at_key: bool, expected: tuple[int, int]) -> None:
    doc, problems = parse_bytes(LOCATE_DOC.encode(), "t.yaml")
    assert problems == [] and doc is not None
    assert doc.locate(loc, at_key=at_key) == expected


def test_locate_after_leading_comments() -> None:
    doc, _ = parse_bytes(b"# comment\n\n# another\nkind: vendor\n", "t.yaml")
    assert doc is not None
    assert doc.root == (4, 1)
    assert doc.locate(("kind",)) == (4, 7)


def test_diag_builds_a_located_error() -> None:
    doc, _ = parse_bytes(LOCATE_DOC.encode(), "some/file.yaml")
    assert doc is not None
    d = doc.diag(("evidence", "a.b.c"), "unknown-indicator", "nope", at_key=True)
    assert d.text() == "some/file.yaml:4:3: error[unknown-indicator]: nope"


def test_floats_from_yaml_are_finite() -> None:
    data, _ = parse("v: [1e308, -1e308, 1e-320]\n")
    assert all(math.isfinite(x) for x in data["v"])

"""Strict YAML: bytes -> plain data plus the position of every key and value, or located problems.

One pass over libyaml's event stream (the C parser when PyYAML has it) builds the data itself, so
every bound is enforced before anything large is built:

- only regular files are read (a FIFO, device or socket is refused before it can block), files
  over ``MAX_BYTES`` are refused before they are read, and only strict UTF-8 is decoded
  (a UTF-8 BOM is dropped; UTF-16/32, GBK and binary files are refused with a position);
- nesting deeper than ``MAX_DEPTH`` stops the parse (PyYAML's own composer recurses in C and
  segfaults on very deep input); alias expansion past ``MAX_NODES`` stops it too (alias bombs),
  and so does a document of more than ``MAX_DOCUMENT_NODES`` values (5 MB of ``[],`` is 1.65 M);
- scalars resolve by the YAML 1.2 core schema: only true/false are booleans, ``012`` is 12,
  ``1e6`` is a number, dates and ``1:30`` stay strings; ``.nan``/``.inf`` and overflowing numbers
  are errors; tags other than the core ones (``!!python/object``...) are errors, never executed;
- duplicate keys, non-scalar keys and a second document are errors.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from livescore.diagnostics import Diagnostic, error
from livescore.load.discover import MAX_BYTES, display_path, read_bytes
from livescore.load.document import Document, MapPos, Pos, SeqPos
from livescore.sanitize import quote

MAX_DEPTH = 64
MAX_NODES = 10_000  # nodes aliases may expand to
MAX_DOCUMENT_NODES = 100_000  # values in one document: the default tree has 3,966, a vendor file ~600
MAX_INT = 2**63

_Parser: Any
try:  # libyaml's event parser when PyYAML was built with it, else the pure-Python one
    from yaml._yaml import CParser as _CParser

    _Parser = _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.Loader

_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_NAN = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_CONSTANTS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
}  # fmt: skip
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


class YamlProblem(Exception):
    def __init__(self, pos: Pos, code: str, message: str) -> None:
        super().__init__(message)
        self.pos, self.code, self.message = pos, code, message


def read_document(path: str, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and parse one file. Never raises for bad content: problems come back located."""
    shown = display_path(display or path)
    raw, diagnostics = read_bytes(path, shown)
    if raw is None:
        return None, diagnostics
    return parse_bytes(raw, shown)


def parse_bytes(raw: bytes, path: str) -> tuple[Document | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [error(path, 1, 1, "file-too-large", f"file is over the limit of {MAX_BYTES:,} bytes")]
    try:
        text = decode(raw)
        return parse_text(text, path), []
    except YamlProblem as problem:
        return None, [error(path, problem.pos[0], problem.pos[1], problem.code, problem.message)]


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)):
        raise YamlProblem((1, 1), "encoding", "file looks UTF-16/32 encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise YamlProblem(_byte_pos(raw, nul), "encoding", "file holds a NUL byte: binary data is not YAML")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            _byte_pos(raw, exc.start),
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8 (GBK or Latin-1?); save the file as UTF-8",
        ) from None


_BREAK = re.compile(rb"\r\n|\r|\n")


def _byte_pos(raw: bytes, offset: int) -> Pos:
    """1-based line and column of a byte offset; CRLF, CR and LF each end a line (YAML 1.2)."""
    breaks = list(_BREAK.finditer(raw, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return len(breaks) + 1, column


def _text_pos(text: str, offset: int) -> Pos:
    return _byte_pos(text[:offset].encode("utf-8", errors="replace"), len(text[:offset].encode("utf-8", errors="replace")))


def _flow_depth_pos(text: str, limit: int) -> Pos:
    """Where flow nesting first passes ``limit`` levels (libyaml stops far deeper, at 1000)."""
    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return _text_pos(text, match.start())
    return 1, 1


def parse_text(text: str, path: str) -> Document:
    builder = _Builder(path)
    parser = _Parser(text)
    try:
        builder.run(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context
        if context and exc.context_mark and exc.problem_mark:
            context += f" (from line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        what = ": ".join(p for p in (context, exc.problem) if p)
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own flow-depth limit fired first
            raise YamlProblem(
                _flow_depth_pos(text, MAX_DEPTH), "yaml-depth", f"nesting depth exceeds {MAX_DEPTH} levels"
            ) from None
        raise YamlProblem(pos, "yaml-syntax", f"invalid YAML: {what}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a raw control byte
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"character U+{ord(char):04X} is not allowed in YAML text (write it as an escape in a double-quoted string)"
        raise YamlProblem(_text_pos(text, exc.position), "yaml-syntax", message) from None
    except yaml.YAMLError as exc:  # anything else without a mark
        raise YamlProblem((1, 1), "yaml-syntax", f"invalid YAML: {type(exc).__name__}") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    return Document(path, builder.data, builder.root, builder.positions)


class _Frame:
    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "nodes", "pos")

    def __init__(self, container: Any, pos: MapPos | SeqPos, anchor: str | None, is_map: bool) -> None:
        self.container, self.pos, self.anchor, self.is_map = container, pos, anchor, is_map
        self.key: Any = _NO_KEY
        self.key_pos: Pos = (0, 0)
        self.nodes = 1


_NO_KEY = object()


class _Builder:
    """Turns parser events into data, enforcing every bound on the way."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.data: Any = None
        self.root: Pos = (1, 1)
        self.positions: dict[int, MapPos | SeqPos] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded node count)
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.total_nodes = 0  # nodes as if every alias were expanded
        self.aliases_used = False

    def run(self, parser: Any) -> None:
        documents = 0
        get_event = parser.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._add(self._scalar(event), event, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._open(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (frame.container, frame.nodes)
                self._add(frame.container, event, frame.nodes, opened=frame)
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(_pos(event), "multi-document", "a second YAML document: one document per file")
            elif kind is yaml.StreamEndEvent:
                break
        if documents == 0:
            raise YamlProblem((1, 1), "empty-file", "the file holds no YAML document: expected a mapping with a `kind:` key")

    def _open(self, event: Any, is_map: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(_pos(event), "yaml-depth", f"nesting depth exceeds {MAX_DEPTH} levels")
        self._check_tag(event, "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq")
        container: Any
        pos: MapPos | SeqPos
        if is_map:
            container, pos = {}, MapPos(_pos(event))
        else:
            container, pos = [], SeqPos(_pos(event))
        self.positions[id(container)] = pos
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(container, pos, event.anchor, is_map))

    def _alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise YamlProblem(_pos(event), "yaml-alias", f"alias {quote('*' + name)} refers to a node that contains it")
        if name not in self.anchors:
            raise YamlProblem(_pos(event), "yaml-alias", f"alias {quote('*' + name)} names no anchor before it")
        value, nodes = self.anchors[name]
        self.aliases_used = True
        self._add(value, event, nodes)

    def _add(self, value: Any, event: Any, nodes: int, opened: _Frame | None = None) -> None:
        self.total_nodes += 1 if opened else nodes
        if self.aliases_used and self.total_nodes > MAX_NODES:
            raise YamlProblem(_pos(event), "yaml-aliases", f"aliases expand to more than {MAX_NODES:,} nodes")
        start = opened.pos.start if opened else _pos(event)
        if self.total_nodes > MAX_DOCUMENT_NODES:  # bounds the time a 5 MB file of `[]` or `a: 1` lines takes
            message = f"the document holds more than {MAX_DOCUMENT_NODES:,} values (the default tree has 3,966)"
            raise YamlProblem(start, "too-many-nodes", message)
        if not self.stack:
            self.data, self.root = value, start
            return
        parent = self.stack[-1]
        parent.nodes += nodes
        if not parent.is_map:
            parent.container.append(value)
            parent.pos.items.append(start)  # type: ignore[union-attr]
        elif parent.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlProblem(start, "yaml-key", "a mapping key must be a scalar")
            if value in parent.container and _same_key(value, parent.container):
                first = parent.pos.keys[value][0]  # type: ignore[union-attr]
                raise YamlProblem(start, "duplicate-key", f"duplicate key {quote(value)} (first at line {first[0]})")
            if value in parent.container:  # 1 and true, 1 and 1.0: distinct YAML keys, one Python key
                raise YamlProblem(start, "yaml-key", f"key {quote(value)} collides with another key of a different type")
            parent.key, parent.key_pos = value, start
        else:
            parent.container[parent.key] = value
            parent.pos.keys[parent.key] = (parent.key_pos, start)  # type: ignore[union-attr]
            parent.key = _NO_KEY

    def _check_tag(self, event: Any, expected: str) -> None:
        tag = event.tag
        if tag is not None and tag != expected and not (tag == "!" and expected.endswith("str")):
            if tag in _CORE_TAGS:
                raise YamlProblem(_pos(event), "yaml-tag", f"tag {quote(_short(tag))} does not fit this node")
            raise YamlProblem(_pos(event), "yaml-tag", f"tag {quote(_short(tag))} is not allowed (plain YAML values only)")

    def _scalar(self, event: Any) -> Any:
        if event.anchor is not None:
            self.anchors[event.anchor] = (None, 1)  # replaced below once the value is known
        tag, value = event.tag, event.value
        if tag is None and event.implicit[0]:
            result = self._resolve_plain(value, event)
        elif tag is None or tag in ("!", "tag:yaml.org,2002:str"):
            result = value
        elif tag in _CORE_TAGS and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            result = self._resolve_plain(value, event)
            wanted = {
                "tag:yaml.org,2002:int": int, "tag:yaml.org,2002:float": float,
                "tag:yaml.org,2002:bool": bool, "tag:yaml.org,2002:null": type(None),
            }[tag]  # fmt: skip
            if wanted is float and type(result) is int:
                result = float(result)
            if type(result) is not wanted:
                raise YamlProblem(_pos(event), "yaml-tag", f"{quote(value)} is not a valid {_short(tag)}")
        else:
            raise YamlProblem(_pos(event), "yaml-tag", f"tag {quote(_short(tag))} is not allowed (plain YAML values only)")
        if event.anchor is not None:
            self.anchors[event.anchor] = (result, 1)
        return result

    @staticmethod
    def _resolve_plain(value: str, event: Any) -> Any:
        if value in _CONSTANTS:
            return _CONSTANTS[value]
        first = value[0]
        if first.isdigit() or first in "+-.":
            if _INT.fullmatch(value):
                if len(value) > 20 or abs(number := int(value)) >= MAX_INT:
                    raise YamlProblem(_pos(event), "number-range", f"integer {value[:24]} is out of range")
                return number
            if _FLOAT.fullmatch(value):
                result = float(value)
                if math.isinf(result):
                    raise YamlProblem(_pos(event), "number-range", f"number {value[:24]} is out of range")
                return result
            if _INF_NAN.fullmatch(value):
                raise YamlProblem(_pos(event), "non-finite", f"{value} is not a finite number")
            if _OCT.fullmatch(value):
                return int(value[2:], 8)
            if _HEX.fullmatch(value):
                if len(value) > 18:
                    raise YamlProblem(_pos(event), "number-range", f"integer {value[:24]} is out of range")
                return int(value[2:], 16)
        return value


def _same_key(value: Any, container: dict[Any, Any]) -> bool:
    return any(type(k) is type(value) and k == value for k in container)


def _pos(event: Any) -> Pos:
    if event is None:  # resolving a scalar outside a parse (plain_is_string)
        return 1, 1
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _short(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def plain_is_string(value: str) -> bool:
    """Whether ``value`` written as a plain scalar would read back as this string (YAML 1.2 core)."""
    if value == "" or value != value.strip():
        return False
    try:
        return isinstance(_Builder._resolve_plain(value, None), str)
    except YamlProblem:
        return False

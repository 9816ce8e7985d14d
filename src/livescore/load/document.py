"""A parsed YAML file: its plain data and the position of every key and value, to report against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from livescore.diagnostics import Diagnostic, error

Pos = tuple[int, int]  # 1-based line, column


@dataclass(slots=True)
class MapPos:
    """Where a mapping starts, and where each of its keys and values stands."""

    start: Pos
    keys: dict[Any, tuple[Pos, Pos]] = field(default_factory=dict)


@dataclass(slots=True)
class SeqPos:
    start: Pos
    items: list[Pos] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A parsed file: its data (plain dicts, lists, scalars) and the positions to report against."""

    path: str
    data: Any
    root: Pos
    positions: dict[int, MapPos | SeqPos]

    def locate(self, loc: tuple[Any, ...], *, at_key: bool = False) -> Pos:
        """The position of ``loc`` (keys and indexes from the root); segments that name no key or
        index (pydantic's union tags) are skipped; an absent key points at its parent mapping."""
        node, pos, key_pos = self.data, self.root, self.root
        for segment in loc:
            info = self.positions.get(id(node))
            if isinstance(node, dict) and isinstance(info, MapPos) and segment in info.keys:
                key_pos, pos = info.keys[segment]
                node = node[segment]
            elif isinstance(node, list) and isinstance(info, SeqPos) and isinstance(segment, int) and 0 <= segment < len(node):
                pos = key_pos = info.items[segment]
                node = node[segment]
        return key_pos if at_key else pos

    def locate_data(self, loc: tuple[Any, ...]) -> Any:
        """The data at ``loc``, or None when a segment is missing."""
        node = self.data
        for segment in loc:
            if (isinstance(node, dict) and segment in node) or (
                isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node)
            ):
                node = node[segment]
            else:
                return None
        return node

    def diag(self, loc: tuple[Any, ...], code: str, message: str, *, at_key: bool = False) -> Diagnostic:
        line, col = self.locate(loc, at_key=at_key)
        return error(self.path, line, col, code, message)

"""The evaluation committee once loaded: its members and its decisions on abnormally low bids."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    abnormal_low: str  # accepted | rejected
    reason: str


@dataclass(frozen=True)
class CommitteeRecord:
    path: str
    members: list[Member]
    decisions: dict[str, Decision] = field(default_factory=dict)  # vendor id -> decision
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # vendor id -> (line, column) of its decision

    @property
    def member_ids(self) -> set[str]:
        return {m.id for m in self.members}

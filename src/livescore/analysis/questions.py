"""Which indicators a questionnaire asks about: all of them, or under a profile only the weighted ones."""

from __future__ import annotations

from livescore.records.profile import Profile
from livescore.records.tree import Tree


def questions(tree: Tree, profile: Profile | None, min_share: float = 0.0) -> list[str]:
    """Indicator paths in tree order; with a profile, those it counts (a global share above 0, and
    at least ``min_share``) and every one it gates (a knock-out must be answered, whatever its weight)."""
    if profile is None:
        return list(tree.paths)
    global_w = tree.global_weights(profile.weights)
    gated = {g.index for g in profile.gates}
    return [p for k, (p, w) in enumerate(zip(tree.paths, global_w, strict=True)) if k in gated or (w > 0 and w >= min_share)]

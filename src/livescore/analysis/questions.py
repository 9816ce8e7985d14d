"""Which indicators a questionnaire asks about: all of them, or under a profile only the weighted ones."""

from __future__ import annotations

from livescore.records.profile import Profile
from livescore.records.tree import Tree


def questions(tree: Tree, profile: Profile | None) -> list[str]:
    """Indicator paths in tree order; with a profile, those with a positive global weight."""
    if profile is None:
        return list(tree.paths)
    global_w = tree.global_weights(profile.weights)
    return [p for p, w in zip(tree.paths, global_w, strict=True) if w > 0]

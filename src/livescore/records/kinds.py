"""The kinds of file livescore reads: each file names its kind on a top-level `kind:` key."""

from __future__ import annotations

FILE_KINDS = ("indicator-set", "weight-profile", "vendor", "evaluation", "committee", "ahp")

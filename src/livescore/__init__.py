"""livescore: rank enterprise live-streaming vendors against a three-level indicator standard."""

__version__ = "0.3.0"

"""livescore: rank enterprise live-streaming vendors against a three-level indicator standard."""

__version__ = "0.3.0"

# The name on PyPI (`livescore` there is an unrelated project); the import package and command stay `livescore`.
DISTRIBUTION = "livescore-cn"


def pip_install(extra: str) -> str:
    """The command that installs an optional extra, as the program prints it: ``pip install 'livescore-cn[xlsx]'``."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"

"""livescore: rank enterprise live-streaming vendors against a three-level indicator standard."""

__version__ = "0.3.0"

# The name on PyPI (`livescore` there is an unrelated project); the import package and command stay `livescore`.
DISTRIBUTION = "livescore-cn"


def pip_install(extra: str) -> str:
    """The command that installs an optional extra, as the program prints it: ``pip install 'livescore-cn[xlsx]'``."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


_API = ("rank", "load_vendor", "InvalidInput", "UsageError", "RankResult", "Vendor")
__all__ = ["DISTRIBUTION", "__version__", "pip_install", *_API]


def __getattr__(name: str) -> object:
    """The Python API (livescore.api), imported on first use so that the command starts fast."""
    if name in _API:
        from livescore import api

        return getattr(api, name)
    raise AttributeError(f"module 'livescore' has no attribute {name!r}")

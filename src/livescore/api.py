"""The Python API, for notebooks: the same request, checks, scores and JSON as ``livescore rank``.

>>> import livescore
>>> r = livescore.rank(["vendors/"], weights="marketing-m3")
>>> r.to_dict()["vendors"][0]["id"]        # exactly json.loads(`livescore rank -f json ...`)
'aurora-live'

Invalid files raise :class:`InvalidInput` carrying the located diagnostics the command prints; a
request that cannot be served as asked (an unknown profile name, ``--method topsis`` with
``missing="exclude"``, no vendor at all) raises :class:`UsageError`; a path that does not exist
raises :class:`FileNotFoundError`. Warnings are on the result (``r.diagnostics``), never printed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from livescore.diagnostics import Diagnostic
from livescore.records.profile import Method, Policy

if TYPE_CHECKING:
    from livescore.records.ranking import Ranking
    from livescore.records.tree import FloatArray

MEMORY = "<memory>"


class InvalidInput(Exception):
    """Raised when an input file (or in-memory vendor) is invalid; ``diagnostics`` lists every problem,
    errors and warnings, as ``livescore validate`` would print them."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        shown = "\n".join(d.text() for d in errors[:5]) + (f"\n... and {len(errors) - 5} more" if len(errors) > 5 else "")
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the input:\n{shown}")


class UsageError(ValueError):
    """A request that cannot be served as asked (what the command answers with exit code 2)."""


@dataclass(frozen=True)
class Vendor:
    """A vendor file's bytes, read once or made from a mapping; checked exactly like a file when ranked."""

    name: str  # how diagnostics name it: the path, or ``<memory>`` (or the name given)
    raw: bytes


def load_vendor(source: Mapping[str, Any] | str | os.PathLike[str], name: str | None = None) -> Vendor:
    """A vendor from a mapping with the keys of a vendor file (``kind``, ``id``, ``name``,
    ``indicator_set``, ``evidence``...) or from a file path. A mapping is written as YAML and read back
    through the same strict reader as a file, so its problems are the file's problems, located in
    that YAML text (``<memory>:LINE:COL``)."""
    if isinstance(source, Mapping):
        import yaml

        text = yaml.safe_dump(dict(source), allow_unicode=True, sort_keys=False, default_flow_style=False)
        return Vendor(name or MEMORY, text.encode("utf-8"))
    from livescore.load.discover import read_bytes

    path = os.fspath(source)
    if not os.path.lexists(path):
        raise FileNotFoundError(path)
    raw, diagnostics = read_bytes(path, name or path)
    if raw is None:
        raise InvalidInput(diagnostics)
    return Vendor(name or path, raw)


@dataclass(frozen=True)
class RankResult:
    """What ``livescore rank`` computes: the ranking, its JSON form, a data frame and the score matrix."""

    ranking: Ranking
    diagnostics: list[Diagnostic]  # the warnings the command would print (errors raise InvalidInput)

    def to_dict(self) -> dict[str, Any]:
        """Exactly ``json.loads`` of ``livescore rank -f json`` on the same inputs."""
        from livescore.render.jsonfmt import dumps, ranking_data

        data: dict[str, Any] = json.loads(dumps(ranking_data(self.ranking)))
        return data

    def to_frame(self) -> Any:  # a pandas.DataFrame (pandas is optional, so not named in the type)
        """One row per vendor, in ranking order: rank, id, name, qualified, score, quality,
        price_score, coverage and one column per dimension (0-100). Needs pandas."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("RankResult.to_frame needs pandas: pip install pandas") from exc
        dims = self.ranking.tree.dimension_ids
        rows = [{**v, **v["dimensions"]} for v in self.to_dict()["vendors"]]  # the JSON's vendors, dimensions as columns
        columns = ["rank", "id", "name", "qualified", "score", "quality", "price_score", "coverage", *dims]
        frame = pandas.DataFrame(rows, columns=columns)
        frame["rank"] = frame["rank"].astype("Int64")  # null for the disqualified, integers otherwise
        return frame

    @property
    def vendor_ids(self) -> list[str]:
        """The vendors of ``matrix``'s rows, in that order (by id)."""
        return sorted(v.id for v in self.ranking.vendors)

    @property
    def paths(self) -> list[str]:
        """The indicators of ``matrix``'s columns."""
        return list(self.ranking.tree.paths)

    @property
    def matrix(self) -> FloatArray:
        """Indicator scores in [0, 1], vendors (``vendor_ids``) x indicators (``paths``); NaN where a
        vendor gave no evidence. Under ``missing="zero"``, ``nan_to_num(matrix) @ global_weights x 100``
        is each vendor's quality."""
        matrix: FloatArray = self.ranking.scores.copy()
        return matrix

    @property
    def global_weights(self) -> FloatArray:
        """Each indicator's global weight under the profile (the product of normalised weights along
        its path; they sum to 1)."""
        weights: FloatArray = self.ranking.global_weights.copy()
        return weights


def rank(
    paths: Iterable[str | os.PathLike[str] | Vendor],
    evaluations: Iterable[str | os.PathLike[str]] | None = None,
    weights: str | os.PathLike[str] | None = None,
    indicators: str | os.PathLike[str] | None = None,
    missing: Policy | None = None,
    method: Method = "wsum",
) -> RankResult:
    """Rank vendor files, folders of them and in-memory vendors (:func:`load_vendor`) as
    ``livescore rank PATHS [-e EVALUATIONS] [-w WEIGHTS] [-i INDICATORS] [--missing M] [--method M]``."""
    from livescore.load.profiles import UnknownProfile, builtin_names, is_file_ref
    from livescore.request import Request, UsageProblem, check_method, load_inputs
    from livescore.score.rank import rank_vendors

    items = [paths] if isinstance(paths, (str, os.PathLike, Vendor)) else list(paths)
    files = [os.fspath(p) for p in items if not isinstance(p, Vendor)]
    memory = [(p.name, p.raw) for p in items if isinstance(p, Vendor)]
    request = Request(
        files,
        None if indicators is None else os.fspath(indicators),
        None if weights is None else os.fspath(weights),
        missing,
        method,
        evaluations=[os.fspath(p) for p in evaluations or []],
        documents=memory,
    )
    for ref, is_file in ((request.set_path, True), (request.profile_ref, is_file_ref(request.profile_ref or ""))):
        if ref is not None and is_file and not os.path.lexists(ref):
            raise FileNotFoundError(ref)
    try:
        inputs = load_inputs(request)
    except UnknownProfile as exc:
        raise UsageError(f"unknown profile {exc.name!r}; built-in profiles: {', '.join(builtin_names())}") from None
    if inputs.missing_paths:
        raise FileNotFoundError(", ".join(inputs.missing_paths))
    if not inputs.ok:
        raise InvalidInput(inputs.diagnostics)
    try:
        check_method(inputs.method, inputs.policy, inputs.profile)
    except UsageProblem as exc:
        raise UsageError(str(exc)) from None
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        raise UsageError("no vendor files among the paths given")
    ranking = rank_vendors(inputs.tree, inputs.profile, inputs.records, inputs.policy, inputs.method, inputs.committee)
    return RankResult(ranking, list(inputs.diagnostics))

"""From options to loaded inputs: one request per command, its problems printed, its exit chosen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import typer

from livescore.cli import emit
from livescore.cli.emit import EXIT_INVALID
from livescore.cli.options import Missing

if TYPE_CHECKING:
    from livescore.records.ranking import Ranking
    from livescore.request import Inputs, Request


def load(request: Request) -> Inputs:
    """Load everything a command needs; print problems and exit on any error."""
    from livescore.load.profiles import UnknownProfile, builtin_names, is_file_ref
    from livescore.request import UsageProblem, check_method, load_inputs

    for option, ref in (("-i", request.set_path), ("-w", request.profile_ref)):
        if ref is not None and (option == "-i" or is_file_ref(ref)) and not os.path.exists(ref):
            emit.usage(f"{option} {ref}: no such file")
    try:
        inputs = load_inputs(request)
    except UnknownProfile as exc:
        emit.usage(f"unknown profile {exc.name!r}; built-in profiles: {', '.join(builtin_names())} (or give a .yaml file)")
    emit.print_diagnostics(inputs.diagnostics)
    if inputs.missing_paths:
        emit.usage("no such file or folder: " + ", ".join(inputs.missing_paths))
    if not inputs.ok:
        raise typer.Exit(EXIT_INVALID)
    try:
        check_method(inputs.method, inputs.policy, inputs.profile)
    except UsageProblem as exc:
        emit.usage(str(exc))
    return inputs


def rank(request: Request) -> tuple[Ranking, Inputs]:
    inputs = load(request)
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        emit.usage("no vendor files among the paths given")
    from livescore.score.rank import rank_vendors

    return rank_vendors(inputs.tree, inputs.profile, inputs.records, inputs.policy, inputs.method, inputs.committee), inputs


def request(
    paths: list[str],
    indicators: str | None,
    weights: str | None,
    missing: Missing | None,
    evaluations: list[str] | None = None,
    **more: Any,
) -> Request:
    from livescore.request import Request

    return Request(paths, indicators, weights, missing.value if missing else None, evaluations=evaluations or [], **more)

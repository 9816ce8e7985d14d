"""The analyst's commands: sensitivity (SMAA-2, break-even), compare, profiles, weights ahp."""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import Annotated, assert_never

import typer

from livescore.cli import emit, loading
from livescore.cli.app import app
from livescore.cli.emit import EXIT_INVALID
from livescore.cli.options import (
    FILE,
    EvaluationsOption,
    Level,
    Missing,
    ProfileOption,
    SetOption,
    ViewFormat,
    ViewFormatOption,
    choices,
    examples,
    within,
)


@app.command(
    epilog=examples(
        "livescore sensitivity vendors/ -w examples/gp-services.yaml",
        "livescore sensitivity vendors/ --level dimension --uniform --samples 20000 --seed 1",
    )
)
def sensitivity(
    paths: Annotated[list[str], typer.Argument(metavar="PATHS...", help="Vendor files or folders of them.")],
    evaluations: EvaluationsOption = None,
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None,
        typer.Option(
            "--missing", metavar=choices(Missing), help="Missing evidence: zero or fail (exclude is not supported here)."
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option("--samples", metavar="N", callback=within(1, 10_000_000), help="Number of weight samples, 1 to 10,000,000."),
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", metavar="N", callback=within(0), help="Random seed, 0 or more (echoed in the output).")
    ] = 0,
    level: Annotated[Level, typer.Option("--level", metavar=choices(Level), help="Which nodes' weights vary.")] = Level.group,
    uniform: Annotated[
        bool, typer.Option("--uniform", help="Sample uniformly over the simplex (no preference information).")
    ] = False,
    concentration: Annotated[
        float | None,
        typer.Option(
            "--concentration",
            metavar="ALPHA",
            callback=within(0.001),
            help="Dirichlet concentration around the profile, 0.001 or more (default 100).",
        ),
    ] = None,
    fmt: ViewFormatOption = ViewFormat.table,
) -> None:
    """How robust is the winner? Rank acceptability under sampled weights (SMAA-2) and break-even shares."""
    if uniform and concentration is not None:
        emit.usage("--uniform and --concentration exclude each other")
    if missing is Missing.exclude:
        emit.usage("sensitivity scores missing evidence as 0: use --missing zero or fail")
    ranking, _ = loading.rank(loading.request(paths, indicators, weights, missing, evaluations))
    if ranking.policy == "exclude":
        emit.usage("the profile says missing: exclude; sensitivity needs --missing zero or fail")
    from livescore.analysis.sensitivity import smaa

    run = partial(
        smaa, ranking, level=level.value, samples=samples, seed=seed, uniform=uniform, concentration=concentration or 100.0
    )
    progress_bar = None
    if samples >= 200_000 and sys.stderr.isatty():
        from rich.progress import Progress

        progress_bar = Progress(console=emit.console(stderr=True), transient=True)
    if progress_bar:
        with progress_bar:
            task = progress_bar.add_task("sampling weights", total=samples)
            result = run(progress=lambda done: progress_bar.update(task, completed=done))
    else:
        result = run()
    names = {v.id: v.name for v in ranking.vendors}
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, sensitivity_data

            emit.emit(dumps(sensitivity_data(result, names)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            emit.emit_rich(analysis.sensitivity(result, names, emit.console().width), None)
        case _ as unreachable:
            assert_never(unreachable)


@app.command(
    epilog=examples(
        "livescore compare vendors/aurora-live.yaml vendors/panshi-securecast.yaml", "livescore compare vendors/ --detail -f json"
    )
)
def compare(
    paths: Annotated[list[str], typer.Argument(metavar="PATHS...", help="Two or more vendor files (or folders).")],
    evaluations: EvaluationsOption = None,
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None, typer.Option("--missing", metavar=choices(Missing), help="Missing evidence: zero, exclude or fail.")
    ] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Show indicators too.")] = False,
    fmt: ViewFormatOption = ViewFormat.table,
) -> None:
    """Vendors side by side by dimension and group (and indicator with --detail), most separating first."""
    ranking, _ = loading.rank(loading.request(paths, indicators, weights, missing, evaluations))
    if len(ranking.vendors) < 2:
        emit.usage("compare needs at least two vendors")
    from livescore.analysis.compare import compare as run

    result = run(ranking, detail=detail)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import comparison_data, dumps

            emit.emit(dumps(comparison_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            names = {v.id: v.name for v in ranking.vendors}
            emit.emit_rich(analysis.comparison(result, names, emit.console().width), None)
        case _ as unreachable:
            assert_never(unreachable)


@app.command(epilog=examples("livescore profiles", "livescore profiles -f json"))
def profiles(
    fmt: ViewFormatOption = ViewFormat.table,
) -> None:
    """List the built-in weight profiles (use one with -w NAME)."""
    from livescore.load.profiles import builtin_rows

    rows = builtin_rows()
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps

            emit.emit(dumps([{"name": n, "title": t, "description": d} for n, t, d in rows]), None)
        case ViewFormat.table:
            from livescore.render import analysis

            emit.emit_rich(analysis.profiles(rows), None)
        case _ as unreachable:
            assert_never(unreachable)


weights_app = typer.Typer(help="Derive weights.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(weights_app, name="weights")


@weights_app.command(
    "ahp",
    epilog=examples(
        "livescore weights ahp examples/ahp-dimensions.yaml",
        "livescore weights ahp examples/ahp-dimensions.yaml -o committee.yaml",
    ),
)
def weights_ahp(
    ahp_file: Annotated[str, typer.Argument(metavar="AHP_FILE", help="A `kind: ahp` file of pairwise judgements.")],
    indicators: SetOption = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar=FILE, help="Write a weight profile that `rank -w` accepts.")
    ] = None,
    fmt: Annotated[
        ViewFormat, typer.Option("--format", "-f", metavar=choices(ViewFormat), help="Output format (stdout).")
    ] = ViewFormat.table,
    accept_inconsistent: Annotated[
        bool,
        typer.Option("--accept-inconsistent", help="Write the profile with -o even when CR is above 0.10 (not acceptable)."),
    ] = False,
) -> None:
    """Weights from pairwise judgements (AHP): eigenvector or geometric mean, lambda max, CI and CR."""
    inputs = loading.load(loading.request([], indicators, None, None))
    assert inputs.tree is not None
    if not os.path.exists(ahp_file):
        emit.usage(f"no such file: {ahp_file}")
    from livescore.analysis.ahp import ahp, profile_id_for, profile_yaml
    from livescore.load.kinds import load_file
    from livescore.validate import check_ahp_file

    loaded = load_file(ahp_file, expect=("ahp",))
    diagnostics = loaded.diagnostics if loaded.model is None else check_ahp_file(loaded, inputs.tree)
    emit.print_diagnostics(diagnostics)
    if loaded.model is None or any(d.is_error for d in diagnostics):
        raise typer.Exit(EXIT_INVALID)
    result = ahp(loaded.model, inputs.tree)
    if output and not result.consistent and not accept_inconsistent:
        from livescore.diagnostics import error

        refused = error(
            next(d.path for d in diagnostics) if diagnostics else loaded.path,
            *((diagnostics[0].line, diagnostics[0].col) if diagnostics else (1, 1)),
            "inconsistent",
            f"consistency ratio {result.cr:.3f} is not acceptable (above 0.10): {output} not written; "
            "revise the judgements, or pass --accept-inconsistent",
        )
        emit.print_diagnostics([refused])
        raise typer.Exit(EXIT_INVALID)
    if output:
        emit.emit(profile_yaml(result, inputs.tree, profile_id_for(output)), output, reads=[*inputs.files, ahp_file])
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import ahp_data, dumps

            emit.emit(dumps(ahp_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            emit.emit_rich(analysis.ahp(result), None)
        case _ as unreachable:
            assert_never(unreachable)

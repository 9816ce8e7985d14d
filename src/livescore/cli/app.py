"""The commands: each parses its options, builds one request, calls the core, renders, exits.

Exit codes: 0 success; 1 invalid input (a file that fails to parse or validate, a scoring error);
2 usage error (unknown option or profile name, no such file). Heavy modules (numpy, pydantic, rich
tables) are imported inside the commands that need them, so `--help` stays instant.
"""

from __future__ import annotations

import os
import sys
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, assert_never

import typer

from livescore.cli import emit
from livescore.cli.emit import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livescore.cli.options import (
    Lang,
    LangOption,
    Level,
    Method,
    Missing,
    ProfileOption,
    RankFormat,
    SchemaKind,
    SetOption,
    TemplateFormat,
    ValidateFormat,
    ViewFormat,
)

if TYPE_CHECKING:
    from livescore.records.ranking import Ranking
    from livescore.request import Inputs, Request

app = typer.Typer(
    name="livescore",
    help="Rank enterprise live-streaming vendors against the 2022 three-level vendor standard.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)] = False,
) -> None:
    if version:
        from livescore import __version__

        typer.echo(f"livescore {__version__}")
        raise typer.Exit(EXIT_OK)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE)


# ---------------------------------------------------------------- helpers


def _load(request: Request) -> Inputs:
    """Load everything a command needs; print problems and exit on any error."""
    from livescore.load.profiles import UnknownProfile, builtin_names, is_file_ref
    from livescore.request import UsageProblem, load_inputs

    for option, ref in (("-i", request.set_path), ("-w", request.profile_ref)):
        if ref is not None and (option == "-i" or is_file_ref(ref)) and not os.path.isfile(ref):
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
        from livescore.request import check_method

        check_method(inputs.method, inputs.policy)
    except UsageProblem as exc:
        emit.usage(str(exc))
    return inputs


def _rank(request: Request) -> tuple[Ranking, Inputs]:
    inputs = _load(request)
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        emit.usage("no vendor files among the paths given")
    from livescore.score.rank import rank_vendors

    return rank_vendors(inputs.tree, inputs.profile, inputs.records, inputs.policy, inputs.method), inputs


def _request(paths: list[str], indicators: str | None, weights: str | None, missing: Missing | None, **more: Any) -> Request:
    from livescore.request import Request

    return Request(paths, indicators, weights, missing.value if missing else None, **more)


# ---------------------------------------------------------------- commands


@app.command()
def rank(
    paths: Annotated[list[str], typer.Argument(help="Vendor files or folders of them.")],
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None, typer.Option("--missing", help="Missing evidence: zero, exclude or fail (default: the profile's).")
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", help="wsum (weighted sum) or topsis (closeness to the ideal).")
    ] = Method.wsum,
    fmt: Annotated[RankFormat, typer.Option("--format", "-f", help="Output format.")] = RankFormat.table,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to this file (atomically), not stdout.")] = None,
    lang: LangOption = Lang.en,
) -> None:
    """Score and rank vendors: qualified vendors by score, then the disqualified with their reasons."""
    if fmt is RankFormat.xlsx and not output:
        emit.usage("-f xlsx writes a workbook: give the file with -o FILE.xlsx")
    report = fmt in (RankFormat.html, RankFormat.xlsx)  # reports explain every vendor
    result, inputs = _rank(_request(paths, indicators, weights, missing, method=method.value, detail=report))
    match fmt:
        case RankFormat.json:
            from livescore.render.jsonfmt import dumps, ranking_data

            emit.emit(dumps(ranking_data(result)), output)
        case RankFormat.table:
            from livescore.render import table

            width = 120 if output else emit.console().width
            emit.emit_rich(table.ranking(result, lang.value, width), output)
        case RankFormat.csv:
            from livescore.render.tabular import to_csv

            emit.emit(to_csv(result), output)
        case RankFormat.markdown:
            from livescore.render.tabular import to_markdown

            emit.emit(to_markdown(result), output)
        case RankFormat.html:
            html_report = emit.optional("livescore.render.html", "html")
            from livescore.analysis.explain import explain_all
            from livescore.analysis.sensitivity import report_robustness

            explained = explain_all(result.tree, result.profile, inputs.records, result.policy)
            emit.emit(html_report.report(result, explained, report_robustness(result), lang.value), output)
        case RankFormat.xlsx:
            xlsx_report = emit.optional("livescore.render.xlsx", "xlsx")
            from livescore.analysis.explain import explain_all

            explained = explain_all(result.tree, result.profile, inputs.records, result.policy)
            emit.emit(xlsx_report.workbook(result, explained), output)
        case _ as unreachable:
            assert_never(unreachable)


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of any kind (indicator sets, profiles, vendors).")],
    indicators: SetOption = None,
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format", "-f", help="text (stderr), json or github (stdout); github is the default under GitHub Actions."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check files for CI: every problem in every file, as PATH:LINE:COL: error[CODE]: message."""
    from livescore.validate import validate as run

    report = run(paths, indicators)
    chosen = fmt or (ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text)
    match chosen:
        case ValidateFormat.text:
            emit.print_diagnostics(report.diagnostics)
            sys.stderr.write(
                f"{emit.count(report.files, 'file')} checked: "
                f"{emit.count(report.errors, 'error')}, {emit.count(report.warnings, 'warning')}\n"
            )
        case ValidateFormat.json:
            from livescore.diagnostics import report_json

            sys.stdout.write(report_json(report.files, report.diagnostics) + "\n")
        case ValidateFormat.github:
            for d in report.diagnostics:
                sys.stdout.write(d.github() + "\n")
        case _ as unreachable:
            assert_never(unreachable)
    if report.missing_paths:
        emit.usage("no such file or folder: " + ", ".join(report.missing_paths))
    if report.errors or (strict and report.warnings):
        raise typer.Exit(EXIT_INVALID)


@app.command()
def tree(
    indicators: SetOption = None,
    weights: ProfileOption = None,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")] = ViewFormat.table,
    lang: LangOption = Lang.en,
) -> None:
    """Show the indicator tree with each node's weight and effective global weight."""
    inputs = _load(_request([], indicators, weights, None))
    assert inputs.tree is not None and inputs.profile is not None
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, tree_data

            emit.emit(dumps(tree_data(inputs.tree, inputs.profile)), None)
        case ViewFormat.table:
            from livescore.render import table

            view = table.tree_view(inputs.tree, inputs.profile.weights, lang.value, inputs.profile.id, emit.console().width)
            emit.emit_rich(view, None)
        case _ as unreachable:
            assert_never(unreachable)


@app.command()
def explain(
    vendor_file: Annotated[str, typer.Argument(help="The vendor file to explain.")],
    evaluations: Annotated[list[str] | None, typer.Argument(help="Evaluation files (or folders) scoring this vendor.")] = None,
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[Missing | None, typer.Option("--missing", help="Missing evidence: zero, exclude or fail.")] = None,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")] = ViewFormat.table,
    lang: LangOption = Lang.en,
) -> None:
    """Explain one vendor's score: each indicator's value, score, weight, points and source."""
    if os.path.isdir(vendor_file):
        emit.usage(f"{vendor_file} is a folder: explain takes one vendor file")
    request = _request([vendor_file, *(evaluations or [])], indicators, weights, missing, detail=True, only_vendor=vendor_file)
    inputs = _load(request)
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        emit.usage(f"{vendor_file} holds no vendor")
    from livescore.analysis.explain import explain as run

    result = run(inputs.tree, inputs.profile, inputs.records[0], inputs.policy)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, explanation_data

            emit.emit(dumps(explanation_data(result)), None)
        case ViewFormat.table:
            from livescore.render import table

            emit.emit_rich(table.explanation(result, lang.value, emit.console().width), None)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="File kind: indicator-set, weight-profile, vendor, evaluation or ahp.")],
    indicators: SetOption = None,
) -> None:
    """Print the JSON Schema of a file kind (vendor and profile schemas list the set's indicator paths)."""
    inputs = _load(_request([], indicators, None, None))
    assert inputs.tree is not None
    from livescore.render.jsonfmt import dumps
    from livescore.schema import schema_for

    emit.emit(dumps(schema_for(kind.value, inputs.tree)), None)


@app.command()
def sensitivity(
    paths: Annotated[list[str], typer.Argument(help="Vendor files or folders of them.")],
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None, typer.Option("--missing", help="Missing evidence: zero or fail (exclude is not supported here).")
    ] = None,
    samples: Annotated[int, typer.Option("--samples", min=1, max=10_000_000, help="Number of weight samples.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed (echoed in the output).")] = 0,
    level: Annotated[Level, typer.Option("--level", help="Which nodes' weights vary.")] = Level.group,
    uniform: Annotated[
        bool, typer.Option("--uniform", help="Sample uniformly over the simplex (no preference information).")
    ] = False,
    concentration: Annotated[
        float | None, typer.Option("--concentration", min=0.001, help="Dirichlet concentration around the profile (default 100).")
    ] = None,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")] = ViewFormat.table,
) -> None:
    """How robust is the winner? Rank acceptability under sampled weights (SMAA-2) and break-even shares."""
    if uniform and concentration is not None:
        emit.usage("--uniform and --concentration exclude each other")
    if missing is Missing.exclude:
        emit.usage("sensitivity scores missing evidence as 0: use --missing zero or fail")
    ranking, _ = _rank(_request(paths, indicators, weights, missing))
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
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, sensitivity_data

            emit.emit(dumps(sensitivity_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            names = {v.id: v.name for v in ranking.vendors}
            emit.emit_rich(analysis.sensitivity(result, names, emit.console().width), None)


@app.command()
def compare(
    paths: Annotated[list[str], typer.Argument(help="Two or more vendor files (or folders).")],
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[Missing | None, typer.Option("--missing", help="Missing evidence: zero, exclude or fail.")] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Show indicators too.")] = False,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")] = ViewFormat.table,
) -> None:
    """Vendors side by side by dimension and group (and indicator with --detail), most separating first."""
    ranking, _ = _rank(_request(paths, indicators, weights, missing))
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


@app.command()
def profiles(
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format.")] = ViewFormat.table,
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


weights_app = typer.Typer(help="Derive weights.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(weights_app, name="weights")


@weights_app.command("ahp")
def weights_ahp(
    ahp_file: Annotated[str, typer.Argument(help="An `kind: ahp` file of pairwise judgements.")],
    indicators: SetOption = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write a weight profile that `rank -w` accepts.")] = None,
    fmt: Annotated[ViewFormat, typer.Option("--format", "-f", help="Output format (stdout).")] = ViewFormat.table,
) -> None:
    """Weights from pairwise judgements (AHP): eigenvector or geometric mean, lambda max, CI and CR."""
    inputs = _load(_request([], indicators, None, None))
    assert inputs.tree is not None
    if not os.path.isfile(ahp_file):
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
    if output:
        emit.emit(profile_yaml(result, inputs.tree, profile_id_for(output)), output)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import ahp_data, dumps

            emit.emit(dumps(ahp_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            emit.emit_rich(analysis.ahp(result), None)


@app.command()
def template(
    output: Annotated[str, typer.Option("--output", "-o", help="The questionnaire file to write.")],
    fmt: Annotated[TemplateFormat, typer.Option("--format", "-f", help="yaml (a vendor file to fill in) or xlsx (a workbook).")],
    indicators: SetOption = None,
    weights: ProfileOption = None,
) -> None:
    """Write a questionnaire for vendors: every indicator (only the weighted ones under -w) as a question."""
    inputs = _load(_request([], indicators, weights, None))
    assert inputs.tree is not None and inputs.profile is not None
    tree = inputs.tree
    from livescore.analysis.questions import questions

    paths = questions(tree, inputs.profile if weights is not None else None)

    questionnaire = emit.optional("livescore.render.questionnaire", "xlsx")
    match fmt:
        case TemplateFormat.yaml:
            emit.emit(questionnaire.template_yaml(tree, paths), output)
        case TemplateFormat.xlsx:
            emit.optional("livescore.render.xlsx", "xlsx")
            emit.emit(questionnaire.template_xlsx(tree, paths), output)
        case _ as unreachable:
            assert_never(unreachable)
    sys.stderr.write(f"wrote {output}: {len(paths)} questions\n")


@app.command("import")
def import_(
    filled: Annotated[str, typer.Argument(help="A filled questionnaire workbook (from `livescore template -f xlsx`).")],
    output: Annotated[str, typer.Option("--output", "-o", help="The vendor file to write.")],
    indicators: SetOption = None,
) -> None:
    """Turn a filled questionnaire workbook into a vendor file; a bad answer is reported at its cell."""
    if not os.path.isfile(filled):
        emit.usage(f"no such file: {filled}")
    inputs = _load(_request([], indicators, None, None))
    assert inputs.tree is not None
    emit.optional("livescore.render.xlsx", "xlsx")
    from livescore.load.questionnaire import read_workbook
    from livescore.render.questionnaire import vendor_yaml

    result = read_workbook(filled, inputs.tree)
    emit.print_diagnostics(result.diagnostics)
    if result.diagnostics or result.vendor_id is None or result.name is None:
        raise typer.Exit(EXIT_INVALID)
    emit.emit(vendor_yaml(result.vendor_id, result.name, inputs.tree.id, result.evidence), output)
    sys.stderr.write(f"wrote {output}: {len(result.evidence)} answers\n")

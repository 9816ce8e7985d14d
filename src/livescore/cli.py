"""The command line: parse arguments, call the core, pick a renderer, choose the exit code.

Exit codes: 0 success; 1 invalid input (a file that fails to parse or validate, a scoring error);
2 usage error (unknown option or profile name, no such file). Heavy modules (numpy, pydantic, rich
tables) are imported inside the commands that need them, so `--help` stays instant.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, assert_never

import typer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from livescore.analysis.explain import Explanation
    from livescore.analysis.sensitivity import Sensitivity
    from livescore.diagnostics import Diagnostic
    from livescore.score.aggregate import Policy
    from livescore.score.rank import Ranking
    from livescore.workflow import Inputs

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="livescore",
    help="Rank enterprise live-streaming vendors against the 2022 three-level vendor standard.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ViewFormat(StrEnum):
    table = "table"
    json = "json"


class Missing(StrEnum):
    zero = "zero"
    exclude = "exclude"
    fail = "fail"


class Method(StrEnum):
    wsum = "wsum"
    topsis = "topsis"


class Level(StrEnum):
    dimension = "dimension"
    group = "group"
    indicator = "indicator"


class Lang(StrEnum):
    en = "en"
    zh = "zh"


SetOption = Annotated[
    str | None, typer.Option("--indicators", "-i", help="Indicator set file (default: the embedded enterprise-live-2022).")
]
ProfileOption = Annotated[
    str | None, typer.Option("--weights", "-w", help="Weight profile: a built-in name (see `livescore profiles`) or a YAML file.")
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of names in tables.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show a Python traceback on internal errors.", hidden=True)]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


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


def _console(*, stderr: bool = False, width: int | None = None) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width, emoji=False)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        sys.stderr.write(d.text() + "\n")


def _usage(message: str) -> NoReturn:
    sys.stderr.write(f"livescore: error: {message}\n")
    raise typer.Exit(EXIT_USAGE)


def _load(
    paths: list[str],
    set_path: str | None,
    profile: str | None,
    missing: Missing | None,
    *,
    full: bool = False,
    only_vendor: str | None = None,
) -> Inputs:
    """Load everything a scoring command needs; print problems and exit on any error."""
    from livescore.load.profiles import UnknownProfile, builtin_names, is_file_ref
    from livescore.workflow import load_inputs

    for option, ref in (("-i", set_path), ("-w", profile)):
        if ref is not None and (option == "-i" or is_file_ref(ref)) and not os.path.isfile(ref):
            _usage(f"{option} {ref}: no such file")

    try:
        policy: Policy | None = missing.value if missing else None
        inputs = load_inputs(paths, set_path=set_path, profile_ref=profile, policy=policy, full=full, only_vendor=only_vendor)
    except UnknownProfile as exc:
        _usage(f"unknown profile {exc.name!r}; built-in profiles: {', '.join(builtin_names())} (or give a .yaml file)")
    _print_diagnostics(inputs.diagnostics)
    if inputs.missing_paths:
        _usage("no such file or folder: " + ", ".join(inputs.missing_paths))
    if not inputs.ok:
        raise typer.Exit(EXIT_INVALID)
    return inputs


def _rank(
    paths: list[str], indicators: str | None, weights: str | None, missing: Missing | None, method: Method = Method.wsum
) -> Ranking:
    return _rank_with_inputs(paths, indicators, weights, missing, method)[0]


def _rank_with_inputs(
    paths: list[str], indicators: str | None, weights: str | None, missing: Missing | None, method: Method, *, full: bool = False
) -> tuple[Ranking, Inputs]:
    inputs = _load(paths, indicators, weights, missing, full=full)
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        _usage("no vendor files among the paths given")
    from livescore.score.rank import rank_vendors

    policy = missing.value if missing else inputs.profile.missing
    if method is Method.topsis and policy == "exclude":
        _usage("--method topsis needs a complete matrix: use --missing zero or fail, not exclude")
    return rank_vendors(inputs.tree, inputs.profile, inputs.records, policy, method.value), inputs


def _explanations(result: Ranking, inputs: Inputs) -> dict[str, Explanation]:
    from livescore.analysis.explain import explain as run

    return {r.id: run(result.tree, result.profile, r, result.policy) for r in inputs.records}


def _robustness(result: Ranking) -> Sensitivity | None:
    """The sensitivity summary for reports: 2,000 samples at group level when there is a contest."""
    from livescore.analysis.sensitivity import smaa

    if result.policy == "exclude" or sum(v.qualified for v in result.vendors) < 2:
        return None
    return smaa(result, level="group", samples=2000, seed=0)


def _optional(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        hint = "" if "livescore[" in str(exc) else f" (the `{extra}` extra: pip install 'livescore[{extra}]')"
        _usage(f"{exc}{hint}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _emit(text: str, output: str | None) -> None:
    if output:
        from livescore.output import write_atomic

        try:
            write_atomic(output, text)
        except OSError as exc:
            _usage(f"cannot write {output}: {exc.strerror or exc}")
    else:
        sys.stdout.write(text)


def _emit_rich(renderable: RenderableType, output: str | None) -> None:
    if output:
        console = _console(width=120)
        with console.capture() as capture:
            console.print(renderable)
        from rich.text import Text

        _emit(Text.from_ansi(capture.get()).plain, output)
    else:
        _console().print(renderable)


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
        _usage("-f xlsx writes a workbook: give the file with -o FILE.xlsx")
    report = fmt in (RankFormat.html, RankFormat.xlsx)
    result, inputs = _rank_with_inputs(paths, indicators, weights, missing, method, full=report)
    match fmt:
        case RankFormat.json:
            from livescore.render.jsonfmt import dumps, ranking_data

            _emit(dumps(ranking_data(result)), output)
        case RankFormat.table:
            from livescore.render import table

            width = 120 if output else _console().width
            _emit_rich(table.ranking(result, lang.value, width), output)
        case RankFormat.csv:
            from livescore.render.tabular import to_csv

            _emit(to_csv(result), output)
        case RankFormat.markdown:
            from livescore.render.tabular import to_markdown

            _emit(to_markdown(result), output)
        case RankFormat.html:
            html_report = _optional("livescore.render.html", "html")
            _emit(html_report.report(result, _explanations(result, inputs), _robustness(result), lang.value), output)
        case RankFormat.xlsx:
            xlsx_report = _optional("livescore.render.xlsx", "xlsx")
            _emit(xlsx_report.workbook(result, _explanations(result, inputs)), output)
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
            _print_diagnostics(report.diagnostics)
            sys.stderr.write(
                f"{_count(report.files, 'file')} checked: "
                f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}\n"
            )
        case ValidateFormat.json:
            from livescore.diagnostics import report_json

            sys.stdout.write(report_json(report.files, report.diagnostics) + "\n")
        case ValidateFormat.github:
            for d in report.diagnostics:
                sys.stdout.write(d.github() + "\n")
    if report.missing_paths:
        _usage("no such file or folder: " + ", ".join(report.missing_paths))
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
    inputs = _load([], indicators, weights, None)
    assert inputs.tree is not None and inputs.profile is not None
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, tree_data

            _emit(dumps(tree_data(inputs.tree, inputs.profile)), None)
        case ViewFormat.table:
            from livescore.render import table

            view = table.tree_view(inputs.tree, inputs.profile.weights, lang.value, inputs.profile.id, _console().width)
            _emit_rich(view, None)


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
        _usage(f"{vendor_file} is a folder: explain takes one vendor file")
    inputs = _load([vendor_file, *(evaluations or [])], indicators, weights, missing, full=True, only_vendor=vendor_file)
    assert inputs.tree is not None and inputs.profile is not None
    if not inputs.records:
        _usage(f"{vendor_file} holds no vendor")
    from livescore.analysis.explain import explain as run

    policy = missing.value if missing else inputs.profile.missing
    result = run(inputs.tree, inputs.profile, inputs.records[0], policy)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, explanation_data

            _emit(dumps(explanation_data(result)), None)
        case ViewFormat.table:
            from livescore.render import table

            _emit_rich(table.explanation(result, lang.value, _console().width), None)


class SchemaKind(StrEnum):
    indicator_set = "indicator-set"
    weight_profile = "weight-profile"
    vendor = "vendor"
    evaluation = "evaluation"
    ahp = "ahp"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="File kind: indicator-set, weight-profile, vendor, evaluation or ahp.")],
    indicators: SetOption = None,
) -> None:
    """Print the JSON Schema of a file kind (vendor and profile schemas list the set's indicator paths)."""
    inputs = _load([], indicators, None, None)
    assert inputs.tree is not None
    from livescore.render.jsonfmt import dumps
    from livescore.schema import schema_for

    _emit(dumps(schema_for(kind.value, inputs.tree)), None)


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
        _usage("--uniform and --concentration exclude each other")
    if missing is Missing.exclude:
        _usage("sensitivity scores missing evidence as 0: use --missing zero or fail")
    ranking = _rank(paths, indicators, weights, missing)
    if ranking.policy == "exclude":
        _usage("the profile says missing: exclude; sensitivity needs --missing zero or fail")
    from livescore.analysis.sensitivity import smaa

    run = partial(
        smaa, ranking, level=level.value, samples=samples, seed=seed, uniform=uniform, concentration=concentration or 100.0
    )
    progress_bar = None
    if samples >= 200_000 and sys.stderr.isatty():
        from rich.progress import Progress

        progress_bar = Progress(console=_console(stderr=True), transient=True)
    if progress_bar:
        with progress_bar:
            task = progress_bar.add_task("sampling weights", total=samples)
            result = run(progress=lambda done: progress_bar.update(task, completed=done))
    else:
        result = run()
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import dumps, sensitivity_data

            _emit(dumps(sensitivity_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            names = {v.id: v.name for v in ranking.vendors}
            _emit_rich(analysis.sensitivity(result, names, _console().width), None)


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
    ranking = _rank(paths, indicators, weights, missing)
    if len(ranking.vendors) < 2:
        _usage("compare needs at least two vendors")
    from livescore.analysis.compare import compare as run

    result = run(ranking, detail=detail)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import comparison_data, dumps

            _emit(dumps(comparison_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            names = {v.id: v.name for v in ranking.vendors}
            _emit_rich(analysis.comparison(result, names, _console().width), None)


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

            _emit(dumps([{"name": n, "title": t, "description": d} for n, t, d in rows]), None)
        case ViewFormat.table:
            from livescore.render import analysis

            _emit_rich(analysis.profiles(rows), None)


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
    inputs = _load([], indicators, None, None)
    assert inputs.tree is not None
    if not os.path.isfile(ahp_file):
        _usage(f"no such file: {ahp_file}")
    from livescore.analysis.ahp import ahp, profile_yaml
    from livescore.load.models import load_file
    from livescore.validate import check_ahp_file

    loaded = load_file(ahp_file, expect=("ahp",))
    diagnostics = loaded.diagnostics if loaded.model is None else check_ahp_file(loaded, inputs.tree)
    _print_diagnostics(diagnostics)
    if loaded.model is None or any(d.is_error for d in diagnostics):
        raise typer.Exit(EXIT_INVALID)
    result = ahp(loaded.model, inputs.tree)
    if output:
        stem = os.path.splitext(os.path.basename(output))[0].lower()
        import re

        profile_id = "-".join(filter(None, re.split(r"[^a-z0-9]+", stem))) or "ahp-weights"
        _emit(profile_yaml(result, inputs.tree, profile_id), output)
    match fmt:
        case ViewFormat.json:
            from livescore.render.jsonfmt import ahp_data, dumps

            _emit(dumps(ahp_data(result)), None)
        case ViewFormat.table:
            from livescore.render import analysis

            _emit_rich(analysis.ahp(result), None)


class TemplateFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command()
def template(
    output: Annotated[str, typer.Option("--output", "-o", help="The questionnaire file to write.")],
    fmt: Annotated[TemplateFormat, typer.Option("--format", "-f", help="yaml (a vendor file to fill in) or xlsx (a workbook).")],
    indicators: SetOption = None,
    weights: ProfileOption = None,
) -> None:
    """Write a questionnaire for vendors: every indicator (only the weighted ones under -w) as a question."""
    inputs = _load([], indicators, weights, None)
    assert inputs.tree is not None and inputs.profile is not None
    tree = inputs.tree
    global_w = tree.global_weights(inputs.profile.weights)
    paths = [p for p, w in zip(tree.paths, global_w, strict=True) if weights is None or w > 0]
    questionnaire = _optional("livescore.render.questionnaire", "xlsx")
    match fmt:
        case TemplateFormat.yaml:
            _emit(questionnaire.template_yaml(tree, paths), output)
        case TemplateFormat.xlsx:
            _optional("livescore.render.xlsx", "xlsx")
            _emit(questionnaire.template_xlsx(tree, paths), output)
    sys.stderr.write(f"wrote {output}: {len(paths)} questions\n")


@app.command("import")
def import_(
    filled: Annotated[str, typer.Argument(help="A filled questionnaire workbook (from `livescore template -f xlsx`).")],
    output: Annotated[str, typer.Option("--output", "-o", help="The vendor file to write.")],
    indicators: SetOption = None,
) -> None:
    """Turn a filled questionnaire workbook into a vendor file; a bad answer is reported at its cell."""
    if not os.path.isfile(filled):
        _usage(f"no such file: {filled}")
    inputs = _load([], indicators, None, None)
    assert inputs.tree is not None
    _optional("livescore.render.xlsx", "xlsx")
    from livescore.load.questionnaire import read_workbook
    from livescore.render.questionnaire import vendor_yaml

    result = read_workbook(filled, inputs.tree)
    _print_diagnostics(result.diagnostics)
    if result.diagnostics or result.vendor_id is None or result.name is None:
        raise typer.Exit(EXIT_INVALID)
    _emit(vendor_yaml(result.vendor_id, result.name, inputs.tree.id, result.evidence), output)
    sys.stderr.write(f"wrote {output}: {len(result.evidence)} answers\n")

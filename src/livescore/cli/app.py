"""The commands: each parses its options, builds one request, calls the core, renders, exits.

Exit codes: 0 success; 1 invalid input (a file that fails to parse or validate, a scoring error);
2 usage error (unknown option or profile name, no such file). Heavy modules (numpy, pydantic, rich
tables) are imported inside the commands that need them, so `--help` stays instant.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from livescore.cli import emit, loading
from livescore.cli.emit import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from livescore.cli.options import (
    FILE,
    EvaluationsOption,
    Lang,
    LangOption,
    Method,
    Missing,
    ProfileOption,
    RankFormat,
    SchemaKind,
    SetOption,
    ValidateFormat,
    ViewFormat,
    ViewFormatOption,
    choices,
    examples,
)
from livescore.records.kinds import FILE_KINDS

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="livescore",
    help="Rank enterprise live-streaming vendors against the 2022 three-level vendor standard.",
    no_args_is_help=True,
    add_completion=True,
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


# ---------------------------------------------------------------- commands


@app.command(
    epilog=examples(
        "livescore rank vendors/",
        "livescore rank vendors/ -e examples/evaluations/ -w examples/gp-services.yaml -o report.html",
        "livescore rank vendors/*.yaml -w sme -f json",
    )
)
def rank(
    paths: Annotated[list[str], typer.Argument(metavar="PATHS...", help="Vendor files or folders of them.")],
    evaluations: EvaluationsOption = None,
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None,
        typer.Option(
            "--missing", metavar=choices(Missing), help="Missing evidence: zero, exclude or fail (default: the profile's)."
        ),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", metavar=choices(Method), help="wsum (weighted sum) or topsis (closeness to the ideal).")
    ] = Method.wsum,
    fmt: Annotated[
        RankFormat | None,
        typer.Option(
            "--format", "-f", metavar=choices(RankFormat), help="Output format (default: the -o file's extension, else table)."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar=FILE,
            help="Write to this file (atomically), not stdout; .json .csv .md .html .xlsx choose the format.",
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start CSV on stdout with a UTF-8 byte order mark (a CSV file from -o has one).")
    ] = False,
    lang: LangOption = Lang.en,
) -> None:
    """Score and rank vendors: qualified vendors by score, then the disqualified with their reasons.

    Reads vendor files (PATHS), the buyer's evaluation files (-e), an indicator set (-i) and a weight
    profile (-w); other YAML found in a folder (no `kind:` key) is skipped with a warning.
    """
    fmt = rank_format(fmt, output)
    if fmt is RankFormat.xlsx and not output:
        emit.usage("-f xlsx writes a workbook: give the file with -o FILE.xlsx")
    if bom and fmt is not RankFormat.csv:
        emit.usage(f"--bom applies to CSV only, not -f {fmt.value}")
    report = fmt in (RankFormat.html, RankFormat.xlsx)  # reports explain every vendor
    result, inputs = loading.rank(
        loading.request(paths, indicators, weights, missing, evaluations, method=method.value, detail=report)
    )
    reads = inputs.files
    match fmt:
        case RankFormat.json:
            from livescore.render.jsonfmt import dumps, ranking_data

            emit.emit(dumps(ranking_data(result)), output, reads=reads)
        case RankFormat.table:
            from livescore.render import table

            width = 120 if output else emit.console().width
            emit.emit_rich(table.ranking(result, lang.value, width), output, reads=reads)
        case RankFormat.csv:
            from livescore.render.tabular import to_csv

            emit.emit(to_csv(result), output, reads=reads, bom=bom or bool(output))  # Excel reads a BOM'd file as UTF-8
        case RankFormat.markdown:
            from livescore.render.tabular import to_markdown

            emit.emit(to_markdown(result), output, reads=reads)
        case RankFormat.html:
            html_report = emit.optional("livescore.render.html", "html")
            from livescore.analysis.explain import explain_all
            from livescore.analysis.sensitivity import report_robustness

            explained = explain_all(result.tree, result.profile, inputs.records, result.policy)
            emit.emit(html_report.report(result, explained, report_robustness(result), lang.value), output, reads=reads)
        case RankFormat.xlsx:
            xlsx_report = emit.optional("livescore.render.xlsx", "xlsx")
            from livescore.analysis.explain import explain_all

            explained = explain_all(result.tree, result.profile, inputs.records, result.policy)
            emit.emit(xlsx_report.workbook(result, explained, lang.value), output, reads=reads)
        case _ as unreachable:
            assert_never(unreachable)


SUFFIX_FORMATS = {
    ".json": RankFormat.json,
    ".csv": RankFormat.csv,
    ".md": RankFormat.markdown,
    ".markdown": RankFormat.markdown,
    ".html": RankFormat.html,
    ".htm": RankFormat.html,
    ".xlsx": RankFormat.xlsx,
}


def rank_format(fmt: RankFormat | None, output: str | None) -> RankFormat:
    """-f if given, else the format the -o file's extension names (another extension or none: a table).
    An -f that contradicts the extension is a usage error."""
    suffix = os.path.splitext(output)[1].lower() if output else ""
    implied = SUFFIX_FORMATS.get(suffix)
    if fmt is not None and implied is not None and fmt is not implied:
        emit.usage(f"-f {fmt.value} contradicts -o {output}, whose {suffix} extension means {implied.value}")
    return fmt or implied or RankFormat.table


@app.command(
    epilog=examples(
        "livescore validate indicators/ vendors/ examples/", "livescore validate --strict -f github vendors/ examples/"
    )
)
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATHS...",
            help="Files or folders of any kind: indicator sets, profiles, vendors, evaluations, committees, AHP judgements.",
        ),
    ],
    indicators: SetOption = None,
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar=choices(ValidateFormat),
            help="text (stderr), json or github (stdout); github is the default under GitHub Actions.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check files for CI: every problem in every file, as PATH:LINE:COL: error[CODE]: message.

    Takes every file kind, told apart by its `kind:` key: indicator sets, weight profiles, vendors,
    evaluations and AHP judgements; other YAML found in a folder (no `kind:` key) is skipped with a
    warning.
    """
    from livescore.validate import validate as run

    report = run(paths, indicators)
    chosen = fmt or (ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text)
    match chosen:
        case ValidateFormat.text:
            emit.print_diagnostics(report.diagnostics)
            sys.stderr.write(
                f"{emit.count(report.files, 'file')} checked"
                + (f" ({report.skipped} not livescore, skipped)" if report.skipped else "")
                + f": {emit.count(report.errors, 'error')}, {emit.count(report.warnings, 'warning')}\n"
            )
        case ValidateFormat.json:
            from livescore.diagnostics import report_json

            emit.emit(report_json(report.files, report.diagnostics) + "\n", None)
        case ValidateFormat.github:
            emit.emit("".join(d.github() + "\n" for d in report.diagnostics), None)
        case _ as unreachable:
            assert_never(unreachable)
    if report.missing_paths:
        emit.usage("no such file or folder: " + ", ".join(report.missing_paths))
    if report.errors or (strict and report.warnings):
        raise typer.Exit(EXIT_INVALID)


@app.command(epilog=examples("livescore tree -w sme", "livescore tree -i my-set.yaml -f json"))
def tree(
    indicators: SetOption = None,
    weights: ProfileOption = None,
    fmt: ViewFormatOption = ViewFormat.table,
    lang: LangOption = Lang.en,
) -> None:
    """Show the indicator tree with each node's weight and effective global weight."""
    inputs = loading.load(loading.request([], indicators, weights, None))
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


@app.command(
    epilog=examples(
        "livescore explain vendors/aurora-live.yaml -w examples/gp-services.yaml",
        "livescore explain vendors/aurora-live.yaml -e examples/evaluations/ -f json",
    )
)
def explain(
    vendor_file: Annotated[str, typer.Argument(metavar="VENDOR_FILE", help="The vendor file to explain.")],
    evaluations: EvaluationsOption = None,
    indicators: SetOption = None,
    weights: ProfileOption = None,
    missing: Annotated[
        Missing | None, typer.Option("--missing", metavar=choices(Missing), help="Missing evidence: zero, exclude or fail.")
    ] = None,
    fmt: ViewFormatOption = ViewFormat.table,
    lang: LangOption = Lang.en,
) -> None:
    """Explain one vendor's score: each indicator's value, score, weight, points and source."""
    if os.path.isdir(vendor_file):
        emit.usage(f"{vendor_file} is a folder: explain takes one vendor file")
    request = loading.request([vendor_file], indicators, weights, missing, evaluations, detail=True, one_vendor=True)
    inputs = loading.load(request)
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
        case _ as unreachable:
            assert_never(unreachable)


@app.command(epilog=examples("livescore schema vendor > vendor.schema.json", "livescore schema weight-profile -i my-set.yaml"))
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(metavar="KIND", help=f"File kind: {', '.join(FILE_KINDS[:-1])} or {FILE_KINDS[-1]}.")
    ],
    indicators: SetOption = None,
) -> None:
    """Print the JSON Schema of a file kind (vendor and profile schemas list the set's indicator paths)."""
    inputs = loading.load(loading.request([], indicators, None, None))
    assert inputs.tree is not None
    from livescore.render.jsonfmt import dumps
    from livescore.schema import schema_for

    emit.emit(dumps(schema_for(kind.value, inputs.tree)), None)

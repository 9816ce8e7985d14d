"""Questionnaires: `template` writes one for vendors, `import` reads a filled workbook back."""

from __future__ import annotations

import os
import sys
from typing import Annotated, assert_never

import typer

from livescore.cli import emit, loading
from livescore.cli.app import app
from livescore.cli.emit import EXIT_INVALID
from livescore.cli.options import FILE, ProfileOption, SetOption, TemplateFormat, choices, examples, within


@app.command(
    epilog=examples(
        "livescore template -f xlsx -o questionnaire.xlsx", "livescore template -f yaml -w examples/gp-services.yaml -o acme.yaml"
    )
)
def template(
    output: Annotated[str, typer.Option("--output", "-o", metavar=FILE, help="The questionnaire file to write.")],
    fmt: Annotated[
        TemplateFormat,
        typer.Option(
            "--format", "-f", metavar=choices(TemplateFormat), help="yaml (a vendor file to fill in) or xlsx (a workbook)."
        ),
    ],
    indicators: SetOption = None,
    weights: ProfileOption = None,
    min_share: Annotated[
        float,
        typer.Option(
            "--min-share",
            metavar="PCT",
            callback=within(0, 100),
            help="With -w: leave out indicators under PCT % (0-100) of the profile's weight (gated ones stay).",
        ),
    ] = 0.0,
) -> None:
    """Write a questionnaire for vendors: every indicator (under -w the ones it counts or gates) as a question."""
    if min_share and weights is None:
        emit.usage("--min-share needs a profile (-w): the share is of the profile's weight")
    inputs = loading.load(loading.request([], indicators, weights, None))
    assert inputs.tree is not None and inputs.profile is not None
    tree = inputs.tree
    from livescore.analysis.questions import questions

    paths = questions(tree, inputs.profile if weights is not None else None, min_share / 100)

    questionnaire = emit.optional("livescore.render.questionnaire", "xlsx")
    match fmt:
        case TemplateFormat.yaml:
            emit.emit(questionnaire.template_yaml(tree, paths), output, reads=inputs.files)
        case TemplateFormat.xlsx:
            emit.optional("livescore.render.xlsx", "xlsx")
            emit.emit(questionnaire.template_xlsx(tree, paths), output, reads=inputs.files)
        case _ as unreachable:
            assert_never(unreachable)
    asked = set(paths)
    shares = dict(zip(tree.paths, tree.global_weights(inputs.profile.weights), strict=True))
    unweighted = sum(1 for p in tree.paths if p not in asked and shares[p] == 0)
    small = len(tree.paths) - len(paths) - unweighted
    notes = [f"{unweighted} that the profile gives no weight"] if unweighted else []
    if small:
        notes.append(f"{small} under {min_share:g} % of the profile's weight (they count: unanswered, they score as missing)")
    left = f"; left out: {', '.join(notes)}" if notes else ""
    sys.stderr.write(f"wrote {output}: {len(paths)} of {len(tree.paths)} questions{left}\n")


@app.command("import", epilog=examples("livescore import filled.xlsx -o vendors/acme.yaml"))
def import_(
    filled: Annotated[
        str, typer.Argument(metavar="WORKBOOK", help="A filled questionnaire workbook (from `livescore template -f xlsx`).")
    ],
    output: Annotated[str, typer.Option("--output", "-o", metavar=FILE, help="The vendor file to write.")],
    indicators: SetOption = None,
) -> None:
    """Turn a filled questionnaire workbook into a vendor file; a bad answer is reported at its cell."""
    if not os.path.lexists(filled):  # a FIFO or a folder is the reader's located not-a-file error
        emit.usage(f"no such file: {filled}")
    inputs = loading.load(loading.request([], indicators, None, None))
    assert inputs.tree is not None
    emit.optional("livescore.render.xlsx", "xlsx")
    from livescore.load.questionnaire import read_workbook
    from livescore.render.questionnaire import vendor_yaml

    result = read_workbook(filled, inputs.tree)
    emit.print_diagnostics(result.diagnostics)
    if result.diagnostics or result.vendor_id is None or result.name is None:
        raise typer.Exit(EXIT_INVALID)
    vendor = vendor_yaml(result.vendor_id, result.name, inputs.tree.id, result.evidence)
    emit.emit(vendor, output, reads=[*inputs.files, filled])
    unanswered = result.questions - len(result.evidence)
    sys.stderr.write(
        f"wrote {output}: {len(result.evidence)} of {result.questions} questions answered"
        + (f", {unanswered} unanswered (scored as missing evidence)" if unanswered else "")
        + "\n"
    )

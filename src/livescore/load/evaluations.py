"""Evaluation files checked against the set and the vendors given, grouped per vendor."""

from __future__ import annotations

from typing import Any

from livescore.diagnostics import Diagnostic, warning
from livescore.load.document import Document
from livescore.load.kinds import Loaded, set_mismatch
from livescore.model.evaluation import Evaluation
from livescore.records.tree import Tree
from livescore.records.values import render_value
from livescore.records.vendor import CONSENSUS, Judgement, Judgements
from livescore.score.evaluators import same_value
from livescore.score.evidence import check_value
from livescore.suggest import did_you_mean


def collect(
    evaluations: list[Loaded], tree: Tree, vendor_ids: set[str] | None, *, china: bool = False
) -> tuple[dict[str, Judgements], list[Diagnostic]]:
    """Per vendor id, every evaluator's entries by indicator. ``vendor_ids`` None: do not check ids.
    ``china`` (a cn-* procurement): consensus on a subjective factor is an error (87号令 Art. 62(4)) and
    so are differing values on an objective one (Art. 64: a scoring error to correct); elsewhere the
    latter is a warning."""
    diagnostics: list[Diagnostic] = []
    where: dict[tuple[str, int, str], tuple[Document, tuple[Any, ...]]] = {}
    judged: dict[str, Judgements] = {}
    evaluators: dict[str, str] = {}
    for item in sorted(evaluations, key=lambda e: e.path):
        assert item.doc is not None and item.model is not None
        doc, model = item.doc, item.model
        assert isinstance(model, Evaluation)
        if model.indicator_set != tree.id:
            diagnostics.append(set_mismatch(doc, "evaluation", model.indicator_set, tree.id))
            continue
        if model.evaluator in evaluators:
            message = f"evaluator {model.evaluator!r} also scores in {evaluators[model.evaluator]}: one file per evaluator"
            diagnostics.append(doc.diag(("evaluator",), "duplicate-evaluator", message))
            continue
        evaluators[model.evaluator] = item.path
        for vendor_id, entries in model.scores.items():
            if vendor_ids is not None and vendor_id not in vendor_ids:
                message = f"no vendor {vendor_id!r} among the vendor files given{did_you_mean(vendor_id, sorted(vendor_ids))}"
                diagnostics.append(doc.diag(("scores", vendor_id), "unknown-vendor", message, at_key=True))
                continue
            target = judged.setdefault(vendor_id, Judgements())
            for path, entry in entries.items():
                index = tree.index.get(path)
                loc = ("scores", vendor_id, path)
                if index is None:
                    hint = did_you_mean(path, tree.paths)
                    diagnostics.append(
                        doc.diag(loc, "unknown-indicator", f"{path[:120]!r} is not an indicator{hint}", at_key=True)
                    )
                    continue
                if entry.value is not None:
                    problem = check_value(tree.indicators[index], entry.value)
                    if problem is not None:
                        value_loc = (*loc, "value") if isinstance(doc.locate_data(loc), dict) else loc
                        diagnostics.append(doc.diag(value_loc, problem[0], f"{path}: {problem[1]}"))
                        continue
                if model.evaluator == CONSENSUS and not entry.reason:
                    diagnostics.append(doc.diag(loc, "missing-reason", f"{path}: a consensus value needs a `reason`"))
                    continue
                if model.evaluator == CONSENSUS and china and not tree.indicators[index].objective:
                    message = (
                        f"{path}: a consensus value on a subjective factor; 财政部令第87号 Art. 62(4) has each member "
                        "score independently (协商评分 is not allowed): only an objective factor (`objective: true`) "
                        "may be corrected by the committee"
                    )
                    diagnostics.append(doc.diag(loc, "consensus-on-subjective", message, at_key=True))
                    continue
                where[(vendor_id, index, model.evaluator)] = (doc, loc)
                judgement = Judgement(entry.value, entry.verified, entry.source, entry.date, entry.note, entry.reason)
                target.by_indicator.setdefault(index, {})[model.evaluator] = judgement
    diagnostics.extend(_objective_disagreements(judged, tree, where, china))
    return judged, diagnostics


def _objective_disagreements(
    judged: dict[str, Judgements], tree: Tree, where: dict[tuple[str, int, str], tuple[Document, tuple[Any, ...]]], china: bool
) -> list[Diagnostic]:
    """Evaluators giving an objective factor different values for one vendor, without a consensus
    correction: named at the last of their entries."""
    out = []
    for vendor_id, judgements in sorted(judged.items()):
        for index, entries in sorted(judgements.by_indicator.items()):
            if not tree.indicators[index].objective or CONSENSUS in entries:
                continue
            given = {name: e.value for name, e in sorted(entries.items()) if e.value is not None}
            if len({same_value(v) for v in given.values()}) <= 1:
                continue
            doc, loc = where[(vendor_id, index, list(given)[-1])]
            values = ", ".join(f"{name} {render_value(v)}" for name, v in given.items())
            path = tree.paths[index]
            message = (
                f"{path} of {vendor_id} is objective, but the evaluators give different values ({values}): "
                "财政部令第87号 Art. 64 treats this as a scoring error to correct, not a spread to average"
            )
            if china:
                out.append(doc.diag(loc, "objective-disagreement", message, at_key=True))
            else:
                line, col = doc.locate(loc, at_key=True)
                out.append(warning(doc.path, line, col, "objective-disagreement", message))
    return out

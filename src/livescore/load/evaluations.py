"""Evaluation files checked against the set and the vendors given, grouped per vendor."""

from __future__ import annotations

from livescore.diagnostics import Diagnostic
from livescore.load.kinds import Loaded, set_mismatch
from livescore.model.evaluation import Evaluation
from livescore.records.tree import Tree
from livescore.records.vendor import CONSENSUS, Judgement, Judgements
from livescore.score.evidence import check_value
from livescore.suggest import did_you_mean


def collect(evaluations: list[Loaded], tree: Tree, vendor_ids: set[str] | None) -> tuple[dict[str, Judgements], list[Diagnostic]]:
    """Per vendor id, every evaluator's entries by indicator. ``vendor_ids`` None: do not check ids."""
    diagnostics: list[Diagnostic] = []
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
                judgement = Judgement(entry.value, entry.verified, entry.source, entry.date, entry.note, entry.reason)
                target.by_indicator.setdefault(index, {})[model.evaluator] = judgement
    return judged, diagnostics

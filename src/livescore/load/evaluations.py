"""Evaluation files checked against the set and the vendors given, grouped per vendor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livescore.diagnostics import Diagnostic, warning
from livescore.load.document import Document
from livescore.load.kinds import Loaded, set_mismatch
from livescore.model.evaluation import Evaluation
from livescore.records.tree import FloatArray, Tree
from livescore.records.values import render_value
from livescore.records.vendor import CONSENSUS, Judgement, Judgements
from livescore.score.evaluators import same_value
from livescore.score.evidence import check_value
from livescore.suggest import did_you_mean


@dataclass(frozen=True)
class Members:
    """What a cn-* run knows of the members' scoring: who the members are (the committee file's, else
    the evaluators'), the factors that carry weight, and each bid's own scores before the members'."""

    ids: list[str]
    weighted: set[int]
    claimed: dict[str, FloatArray]  # vendor id -> the bid's score per indicator (NaN: no value)


def collect(
    evaluations: list[Loaded], tree: Tree, vendor_ids: set[str] | None, *, china: bool = False, members: Members | None = None
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
    if china and members is not None and members.ids:
        docs = {e.model.evaluator: e.doc for e in evaluations if isinstance(e.model, Evaluation) and e.doc is not None}
        diagnostics.extend(_silent_members(judged, tree, where, members))
        diagnostics.extend(_missing_member_scores(judged, tree, docs, members))
    return judged, diagnostics


def _silent_members(
    judged: dict[str, Judgements],
    tree: Tree,
    where: dict[tuple[str, int, str], tuple[Document, tuple[Any, ...]]],
    members: Members,
) -> list[Diagnostic]:
    """Under cn-*, members who do not give an objective factor a value read the bid's own: one member's
    different value, without the others or a consensus correction, is the disagreement Art. 64 has the
    committee correct (else one member alone would change a fact)."""
    from livescore.score.evidence import score_value

    out = []
    for vendor_id, judgements in sorted(judged.items()):
        claimed = members.claimed.get(vendor_id)
        for index, entries in sorted(judgements.by_indicator.items()):
            ind = tree.indicators[index]
            if not ind.objective or CONSENSUS in entries or claimed is None:
                continue
            given = {name: e.value for name, e in sorted(entries.items()) if e.value is not None and name in members.ids}
            silent = [m for m in members.ids if m not in given]
            if not given or not silent:
                continue
            bid = float(claimed[index])
            scores = {score_value(ind, v) for v in given.values()}
            if len(scores) == 1 and bid == bid and abs(next(iter(scores)) - bid) < 1e-12:
                continue  # the members who scored read what the bid says
            doc, loc = where[(vendor_id, index, list(given)[-1])]
            values = ", ".join(f"{name} {render_value(v)}" for name, v in given.items())
            bid_text = "no value" if bid != bid else f"its score {bid:.2f}"
            message = (
                f"{tree.paths[index]} of {vendor_id} is objective: {values}, while {', '.join(silent)} did not score "
                f"it and so read the bid's own value ({bid_text}); 财政部令第87号 Art. 64: every member gives it, or a "
                "consensus entry corrects it with its reason"
            )
            out.append(doc.diag(loc, "objective-disagreement", message, at_key=True))
    return out


def _missing_member_scores(
    judged: dict[str, Judgements], tree: Tree, docs: dict[str, Document], members: Members
) -> list[Diagnostic]:
    """Under cn-*, a weighted subjective factor the members score is scored by every member for every
    bid (87号令 Art. 55: each member evaluates each bid): a member's missing scores, per bid, are named
    at that member's file (a member without a file: the committee file says so)."""
    scored = {
        index
        for judgements in judged.values()
        for index, entries in judgements.by_indicator.items()
        if index in members.weighted and not tree.indicators[index].objective and any(n != CONSENSUS for n in entries)
    }
    out = []
    for member in members.ids:
        doc = docs.get(member)
        if doc is None:
            continue
        for vendor_id in sorted(members.claimed):
            entries = judged.get(vendor_id, Judgements()).by_indicator
            missing = [tree.paths[i] for i in sorted(scored) if member not in entries.get(i, {})]
            if not missing:
                continue
            shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
            message = (
                f"{member} gives {vendor_id} no score for {shown}, which the members score: each member scores "
                "every bid (财政部令第87号 Art. 55); without it the mean is of fewer members"
            )
            has_vendor = isinstance(doc.locate_data(("scores", vendor_id)), dict)
            loc: tuple[Any, ...] = ("scores", vendor_id) if has_vendor else ("scores",)
            out.append(doc.diag(loc, "missing-member-score", message, at_key=True))
    return out


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

"""The committee file (`kind: committee`, given with -e) checked against the set, the vendors and the
evaluation files: one committee, members with distinct ids, every evaluator a member (财政部令第87号
Art. 58: the report names the committee), decisions only for vendors that were given."""

from __future__ import annotations

from livescore.diagnostics import Diagnostic
from livescore.load.kinds import Loaded, set_mismatch
from livescore.model.committee import Committee
from livescore.model.evaluation import Evaluation
from livescore.records.committee import CommitteeRecord, Decision, Member
from livescore.records.tree import Tree
from livescore.records.vendor import CONSENSUS
from livescore.suggest import did_you_mean


def load_committee(
    committees: list[Loaded], evaluations: list[Loaded], tree: Tree, vendor_ids: set[str] | None, *, china: bool = False
) -> tuple[CommitteeRecord | None, list[Diagnostic]]:
    """The committee, or None with the diagnostics that refuse it. ``vendor_ids`` None: ids unchecked.
    ``china``: a member without an evaluation file, when members score, is an error (87号令 Art. 55)."""
    ordered = sorted(committees, key=lambda c: c.path)
    first = ordered[0]
    assert first.doc is not None and isinstance(first.model, Committee)
    diagnostics: list[Diagnostic] = []
    for extra in ordered[1:]:
        assert extra.doc is not None
        message = f"a second committee file: {first.path} is the committee; one committee evaluates a tender"
        diagnostics.append(extra.doc.diag(("kind",), "duplicate-committee", message))
    doc, model = first.doc, first.model
    if model.indicator_set != tree.id:
        return None, [*diagnostics, set_mismatch(doc, "committee", model.indicator_set, tree.id)]
    seen: set[str] = set()
    for n, member in enumerate(model.members):
        if member.id in seen:
            message = f"member id {member.id!r} is listed twice"
            diagnostics.append(doc.diag(("members", n, "id"), "duplicate-member", message))
        seen.add(member.id)
    for vendor_id in model.decisions:
        if vendor_ids is not None and vendor_id not in vendor_ids:
            message = f"no vendor {vendor_id!r} among the vendor files given{did_you_mean(vendor_id, sorted(vendor_ids))}"
            diagnostics.append(doc.diag(("decisions", vendor_id), "unknown-vendor", message, at_key=True))
    for item in evaluations:
        assert item.doc is not None and isinstance(item.model, Evaluation)
        evaluator = item.model.evaluator
        if evaluator != CONSENSUS and evaluator not in seen:
            message = (
                f"evaluator {evaluator!r} is not a member of the committee in {first.path}"
                f"{did_you_mean(evaluator, sorted(seen))} (财政部令第87号 Art. 58: the committee scores)"
            )
            diagnostics.append(item.doc.diag(("evaluator",), "not-a-member", message))
    scoring = {item.model.evaluator for item in evaluations if isinstance(item.model, Evaluation)}
    if china and scoring - {CONSENSUS} and vendor_ids is not None:
        for n, member in enumerate(model.members):
            if member.id not in scoring:
                message = (
                    f"member {member.id!r} has no evaluation file among -e: each member scores every bid "
                    "(财政部令第87号 Art. 55), and the mean of the others is not the committee's"
                )
                diagnostics.append(doc.diag(("members", n, "id"), "missing-member-score", message))
    members = [Member(m.id, m.name, m.role) for m in model.members]
    decisions = {vid: Decision(d.abnormal_low, d.reason) for vid, d in model.decisions.items()}
    positions = {vid: doc.locate(("decisions", vid), at_key=True) for vid in model.decisions}
    return CommitteeRecord(first.path, members, decisions, positions), diagnostics

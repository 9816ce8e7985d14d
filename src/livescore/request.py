"""One scoring request, resolved once: paths -> set, profile, effective missing policy, method,
vendor records (with the buyer's evaluations applied) and every diagnostic.

Pure core: no printing, no exit codes. The CLI builds a :class:`Request` from its options, and turns
the diagnostics into stderr and an exit code and a :class:`UsageProblem` into exit 2.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from livescore.diagnostics import Diagnostic, error, warning
from livescore.load.discover import Discovered, discover, display_path
from livescore.load.kinds import Loaded, foreign_file, load_file
from livescore.load.profiles import load_profile
from livescore.load.sets import load_tree
from livescore.load.strict_yaml import parse_bytes
from livescore.load.vendors import duplicate_vendor, load_vendor_document, load_vendor_file, vendor_from
from livescore.records.committee import CommitteeRecord
from livescore.records.profile import DEFAULT, Method, Policy, Profile
from livescore.records.tree import Tree
from livescore.records.vendor import CONSENSUS, VendorRecord
from livescore.sanitize import quote


class UsageProblem(Exception):
    """A request that cannot be served as asked (an option combination, no vendor): exit 2."""


@dataclass(frozen=True)
class Request:
    """What a command asks for. ``paths`` are the vendors' files (an evaluation among them is an error:
    a vendor must never act as the buyer); ``evaluations`` the buyer's (``-e``). ``missing`` overrides
    the profile's policy; ``detail`` keeps every raw value and evidence entry (to explain vendors);
    ``one_vendor`` (explain): evaluation scores for vendors other than the one given are ignored."""

    paths: list[str] = field(default_factory=list)
    set_path: str | None = None
    profile_ref: str | None = None
    missing: Policy | None = None
    method: Method = "wsum"
    detail: bool = False
    one_vendor: bool = False
    evaluations: list[str] = field(default_factory=list)
    documents: list[tuple[str, bytes]] = field(default_factory=list)  # in-memory vendor files (the Python API)


@dataclass
class Inputs:
    tree: Tree | None = None
    profile: Profile | None = None
    records: list[VendorRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)
    policy: Policy = "zero"  # the effective missing policy: the request's, else the profile's
    method: Method = "wsum"
    files: list[str] = field(default_factory=list)  # every file read: -i, -w and its extends, the paths' files
    committee: CommitteeRecord | None = None  # the committee file given with -e

    @property
    def ok(self) -> bool:
        return not self.missing_paths and not any(d.is_error for d in self.diagnostics)


def check_method(method: Method, policy: Policy, profile: Profile | None = None) -> None:
    """TOPSIS compares complete rows: missing evidence must score 0 (or fail), not be excluded. Under a
    cn-* procurement neither: a bid leaving a factor out must not have its other factors count for more."""
    if method == "topsis" and policy == "exclude":
        raise UsageProblem("--method topsis needs a complete matrix: use --missing zero or fail, not exclude")
    if profile is not None and profile.china and policy == "exclude":
        raise UsageProblem(
            f"--missing exclude under {profile.procurement}: a bid leaving a factor out would have its other factors "
            "count for more; a tender scores what a bid does not show 0 (未提供证明材料不得分): use --missing zero or fail"
        )


def load_inputs(request: Request) -> Inputs:
    """Read the set, the profile and every vendor and evaluation file; report every problem, stop at none."""
    inputs = Inputs(method=request.method)
    found = discover(request.paths)
    judging = discover(request.evaluations)
    inputs.missing_paths = found.missing + judging.missing
    inputs.diagnostics.extend([*found.skipped_warnings(), *judging.skipped_warnings()])
    inputs.files = [*found.files, *judging.files, *([request.set_path] if request.set_path else [])]
    tree, diagnostics = load_tree(request.set_path)
    inputs.diagnostics.extend(diagnostics)
    if tree is None:
        return inputs
    inputs.tree = tree
    profile, diagnostics = load_profile(request.profile_ref, tree)  # may raise UnknownProfile
    inputs.diagnostics.extend(diagnostics)
    inputs.files.extend(profile_files(request.profile_ref))
    inputs.profile = profile
    keep = set(profile.gated) if profile else set()
    seen: dict[str, str] = {}
    refused: set[str] = set()  # ids of vendor files refused for an error: the buyer's files may name them
    for path, loaded in _vendor_files(found, request.documents):
        skipped = foreign_file(loaded) if path in found.expanded else None
        if skipped is not None:
            inputs.diagnostics.append(skipped)
            continue
        record, diagnostics = vendor_from(loaded, tree, keep=keep, detail=request.detail)
        inputs.diagnostics.extend(diagnostics)
        if record is None:
            refused.update(_refused_id(loaded))
            continue
        if record.id in seen:
            inputs.diagnostics.append(duplicate_vendor(record, seen[record.id]))
            continue
        seen[record.id] = record.path  # as displayed: a file name need not be UTF-8
        inputs.records.append(record)
    inputs.diagnostics.extend(_lookalike_warnings(inputs.records))
    evaluations: list[Loaded] = []
    committees: list[Loaded] = []
    for path in judging.files:
        loaded = load_file(path, expect=("evaluation", "committee"))
        skipped = foreign_file(loaded) if path in judging.expanded else None
        inputs.diagnostics.extend([skipped] if skipped else loaded.diagnostics)
        if loaded.model is not None:
            (committees if loaded.kind == "committee" else evaluations).append(loaded)
    # The vendor ids the buyer's files may name (a refused file's too); None: one vendor alone, ids unchecked.
    vendor_ids = None if request.one_vendor else {r.id for r in inputs.records} | refused
    china = profile is not None and profile.china
    if committees:
        from livescore.load.committee import load_committee

        inputs.committee, diagnostics = load_committee(committees, evaluations, tree, vendor_ids, china=china)
        inputs.diagnostics.extend(diagnostics)
    if evaluations:
        how = profile.aggregate if profile else "mean"
        _apply_evaluations(inputs, evaluations, tree, how, vendor_ids, profile if china else None)
    if profile is not None and profile.china:
        inputs.diagnostics.extend(_self_scored(tree, profile, inputs.records))
    if profile is not None:
        inputs.policy = effective = request.missing or profile.missing

        inputs.diagnostics.extend(_policy_diagnostics(tree, profile, inputs.records, effective))
        if profile.price is not None:
            inputs.diagnostics.extend(_price_diagnostics(inputs.records, profile, inputs.committee))
    return inputs


def _refused_id(loaded: Loaded) -> set[str]:
    """The id a refused vendor file gives, when it gives one: its scores in the buyer's files then name
    a file that was given (its own error says what is wrong), not an unknown vendor."""
    data = loaded.doc.data if loaded.doc is not None else None
    vid = data.get("id") if isinstance(data, dict) else None
    return {vid} if isinstance(vid, str) and len(vid) <= 64 else set()


def _vendor_files(found: Discovered, documents: list[tuple[str, bytes]]) -> Iterator[tuple[str, Loaded]]:
    """The vendor paths' files, then the in-memory ones, each read through the same strict reader."""
    for path in found.files:
        yield path, load_vendor_file(path)
    for name, raw in documents:
        doc, diagnostics = parse_bytes(raw, name)
        yield name, Loaded(name, None, None, None, diagnostics) if doc is None else load_vendor_document(doc)


def profile_files(ref: str | None) -> list[str]:
    """The profile file ``-w`` names and every file its ``extends`` reach (built-in names included)."""
    from livescore.load.kinds import load_file
    from livescore.load.profiles import PROFILES, _resolve_ref, is_file_ref

    if ref is None or ref == DEFAULT:
        return []
    todo = [ref if is_file_ref(ref) else str(PROFILES / f"{ref}.yaml")]
    files: list[str] = []
    while todo:
        path = todo.pop()
        if path in files or not os.path.isfile(path):
            continue
        files.append(path)
        model = load_file(path, expect=("weight-profile",)).model
        for parent in getattr(model, "extends", []):
            found = _resolve_ref(parent, Path(path).parent)
            if found is not None and found != DEFAULT:
                todo.append(found)
    return files


def _apply_evaluations(
    inputs: Inputs, evaluations: list[Loaded], tree: Tree, how: str, vendor_ids: set[str] | None, cn: Profile | None
) -> None:
    """The members' scores replace the bids' values. ``cn``: the cn-* profile whose rules apply."""
    import numpy as np

    from livescore.load.evaluations import Members, collect
    from livescore.model.evaluation import Evaluation
    from livescore.score.evaluators import apply_evaluations

    china = cn is not None
    members = None
    if cn is not None:
        evaluators = sorted({e.model.evaluator for e in evaluations if isinstance(e.model, Evaluation)} - {CONSENSUS})
        ids = [m.id for m in inputs.committee.members] if inputs.committee is not None else evaluators
        weighted = {int(i) for i in np.flatnonzero(tree.global_weights(cn.weights) > 0)}
        members = Members(ids, weighted, {r.id: r.scores.copy() for r in inputs.records})
    judged, diagnostics = collect(evaluations, tree, vendor_ids, china=china, members=members)
    inputs.diagnostics.extend(diagnostics)
    for record in inputs.records:
        if record.id in judged:
            apply_evaluations(tree, record, judged[record.id], how, china)


def _self_scored(tree: Tree, profile: Profile, records: list[VendorRecord]) -> list[Diagnostic]:
    """Under cn-*, a weighted subjective factor is the members' to score (87号令 Art. 55): where no member
    scored it for a bid, the bid's own value counts, and the bid's file is told so (a warning, which
    `validate --strict` and a careful committee treat as a stop)."""
    import numpy as np

    weighted = tree.global_weights(profile.weights) > 0
    out = []
    for record in records:
        own = [
            tree.paths[i]
            for i in np.flatnonzero(weighted & ~np.isnan(record.scores))
            if not tree.indicators[i].objective and tree.paths[i] not in record.evaluated
        ]
        if own:
            shown = ", ".join(own[:3]) + (f" and {len(own) - 3} more" if len(own) > 3 else "")
            message = (
                f"{len(own)} subjective factor{'s' if len(own) > 1 else ''} count this bid's own value, which no member "
                f"scored: {shown}; under {profile.procurement} the members score them (财政部令第87号 Art. 55: pass "
                "their evaluation files with -e)"
            )
            out.append(warning(record.path, *record.evidence_pos, "self-scored", message))
    unscored = [
        tree.paths[i]
        for i in np.flatnonzero(weighted)
        if not tree.indicators[i].objective and all(np.isnan(r.scores[i]) for r in records)
    ]
    if unscored and records and os.path.isfile(profile.source):
        shown = ", ".join(unscored[:3]) + (f" and {len(unscored) - 3} more" if len(unscored) > 3 else "")
        message = (
            f"no member scored the subjective factor{'s' if len(unscored) > 1 else ''} {shown}: every bid scores 0 "
            "on them (pass the members' evaluation files with -e)"
        )
        out.append(warning(profile.source, 1, 1, "no-member-scores", message))
    return out


def _price_diagnostics(records: list[VendorRecord], profile: Profile, committee: CommitteeRecord | None) -> list[Diagnostic]:
    """Bids compare only in one currency over one period; an abnormally low qualified bid is flagged."""
    priced = sorted((r for r in records if r.price is not None), key=lambda r: r.id)
    if not priced:
        return []
    first = priced[0].price
    assert first is not None
    out = []
    for record in priced[1:]:
        price = record.price
        assert price is not None
        if price.currency != first.currency or (price.period or "") != (first.period or ""):
            message = (
                f"price is {price.currency} over {price.period or 'no period'}, but {priced[0].id} bids "
                f"{first.currency} over {first.period or 'no period'}: bids must share currency and period"
            )
            out.append(error(record.path, *record.price_pos, "price-mismatch", message))
    rule = profile.price
    assert rule is not None
    if rule.sme_deduction:
        for record in records:
            if record.enterprise_size is None:
                message = (
                    f"no `enterprise_size`: under a {rule.sme_deduction:.0%} 小微企业 price deduction this bid is evaluated "
                    "as it is (give large, medium, small or micro, as in the bidder's 中小企业声明函)"
                )
                out.append(warning(record.path, *record.id_pos, "no-enterprise-size", message))
    if not out or all(not d.is_error for d in out):
        from livescore.score.rank import failed_gates

        valid = [r for r in priced if not failed_gates(profile.gates, r) and (rule.ceiling is None or _amount(r) <= rule.ceiling)]
        out.extend(_low_bid_warnings(valid, profile, committee, {r.id for r in records}))
    return out


def _amount(record: VendorRecord) -> float:
    assert record.price is not None
    return record.price.amount


def _lookalike_warnings(records: list[VendorRecord]) -> list[Diagnostic]:
    """A vendor using a competitor's display name (or one a reader cannot tell from it): tables then
    show ids; two ids a reader cannot tell apart (``aurora-1ive``): the warning names both files."""
    from livescore.records.vendor import lookalike_groups, lookalike_ids

    by_id = {r.id: r for r in records}
    out = []
    names = lookalike_groups({r.id: r.name for r in records})
    ids = lookalike_ids(list(by_id))
    for record in records:
        if record.id in names:
            others = ", ".join(names[record.id])
            message = f"name {quote(record.name)} looks the same as that of {others}: tables show the vendor ids beside the names"
            out.append(warning(record.path, *record.id_pos, "lookalike-name", message))
        if record.id in ids:
            others = ", ".join(f"{quote(o)} ({display_path(by_id[o].path)})" for o in ids[record.id])
            message = f"id {quote(record.id)} is hard to tell from {others}: check which file is which before signing"
            out.append(warning(record.path, *record.id_pos, "lookalike-id", message))
    return out


LOW_BID_SHARE = 0.5  # a bid below half the mean of the others is flagged


def _low_bid_warnings(
    priced: list[VendorRecord], profile: Profile, committee: CommitteeRecord | None, loaded: set[str]
) -> list[Diagnostic]:
    """A sham bid (1e-9 CNY) sets the lowest-bid benchmark and drops every other price score to near
    zero: flag a qualified evaluated price below the profile's `abnormal_low` share (else LOW_BID_SHARE)
    of the mean of the other qualified ones (the ones the benchmark is taken from), loudly, before
    anyone signs. With `abnormal_low` the ranking applies 87号令 Art. 60 itself (see score/price.py)."""
    from livescore.score.price import evaluated_price

    rule = profile.price
    assert rule is not None
    share = rule.abnormal_low or LOW_BID_SHARE
    prices = {r.id: evaluated_price(rule, _amount(r), r.enterprise_size) for r in priced}
    out = []
    flagged: set[str] = set()
    for record in priced:
        others = [p for vid, p in prices.items() if vid != record.id]
        if not others:
            continue
        mean, mine = sum(others) / len(others), prices[record.id]
        if mine < share * mean:
            what = "evaluated price" if mine != _amount(record) else "bid"
            decision = committee.decisions.get(record.id) if committee is not None else None
            if rule.abnormal_low is None:
                then = "it sets the benchmark that every other price score is measured against; check it"
            elif decision is None:
                then = "unranked until a committee file (-e) accepts its written explanation, or invalid if it rejects it"
            elif decision.abnormal_low == "accepted":
                then = f"the committee accepted its written explanation ({quote(decision.reason)}): it is ranked"
            else:
                then = f"the committee rejected its written explanation ({quote(decision.reason)}): the bid is invalid"
            message = (
                f"{what} {mine:,.2f} is {mine / mean:.1%} of the mean of the other qualified ones ({mean:,.2f}): {then} "
                "(财政部令第87号 Art. 60 asks an abnormally low bidder for a written explanation)"
            )
            out.append(warning(record.path, *record.price_pos, "abnormally-low-bid", message))
            flagged.add(record.id)
    if committee is not None and len(loaded) > 1:  # one vendor alone (explain) has no others to be low against
        out.extend(_unused_decisions(committee, rule.abnormal_low, flagged, prices, loaded))
    return out


def _unused_decisions(
    committee: CommitteeRecord, threshold: float | None, flagged: set[str], prices: dict[str, float], loaded: set[str]
) -> list[Diagnostic]:
    """A committee decision that changes nothing (the bid is not abnormally low, or the profile applies
    no Art. 60 threshold) is said so: a report must not list a decision that was never taken into account."""
    out = []
    for vid in sorted(committee.decisions):
        if (threshold is not None and vid in flagged) or vid not in loaded:  # not given: unknown-vendor says so
            continue
        if threshold is None:
            why = "the profile sets no `price.abnormal_low`, so no bid is judged abnormally low (87号令 Art. 60)"
        elif vid in prices and len(prices) > 1:
            others = [p for v, p in prices.items() if v != vid]
            share = prices[vid] / (sum(others) / len(others))
            why = f"its evaluated price is {share:.1%} of the mean of the others, not below {threshold:.0%}"
        elif vid in prices:
            why = "no other valid bid to compare it with"
        else:
            why = "it has no valid bid to judge (disqualified, unpriced or above the ceiling)"
        message = f"decision on {vid}'s abnormally low bid changes nothing: {why}"
        line, col = committee.positions.get(vid, (1, 1))
        out.append(warning(committee.path, line, col, "decision-unused", message))
    return out


def _policy_diagnostics(tree: Tree, profile: Profile, records: list[VendorRecord], policy: Policy) -> list[Diagnostic]:
    import numpy as np

    out: list[Diagnostic] = []
    weighted = tree.global_weights(profile.weights) > 0
    for record in records:
        present = ~np.isnan(record.scores)
        if policy == "fail":
            for index in np.flatnonzero(weighted & ~present):
                out.append(
                    error(
                        record.path,
                        *record.evidence_pos,
                        "missing-evidence",
                        f"no evidence for {tree.paths[index]} (missing: fail)",
                    )
                )
        elif policy == "exclude" and not present[weighted].any():
            out.append(
                warning(record.path, *record.evidence_pos, "no-evidence", "no evidence for any weighted indicator: scores 0")
            )
    return out

"""`livescore validate`: every file of every kind checked, every problem reported, in one run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from livescore.diagnostics import Diagnostic, warning
from livescore.load.discover import discover, display_path, read_bytes
from livescore.load.document import Document
from livescore.load.kinds import Loaded, foreign_file, set_mismatch
from livescore.load.profiles import Memo, load_profile_file
from livescore.load.sets import cached_tree, load_tree, tree_from
from livescore.load.strict_yaml import parse_bytes
from livescore.load.vendors import duplicate_vendor, evidence_warnings, load_vendor_document, vendor_from
from livescore.records.kinds import FILE_KINDS
from livescore.records.tree import Tree

ROUND_TOTALS = (1.0, 10.0, 100.0)


@dataclass
class Report:
    files: int = 0
    skipped: int = 0  # files found in folders that are not livescore files (warning not-livescore)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing_paths: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def validate(paths: list[str], set_path: str | None) -> Report:
    report = Report()
    found = discover(paths)
    report.missing_paths = found.missing
    report.files = len(found.files)
    report.diagnostics.extend(found.skipped_warnings())
    loaded: list[Loaded] = []
    sets: dict[str, Tree] = {}
    for path in found.files:
        shown = display_path(path)
        raw, diagnostics = read_bytes(path, shown)  # read once: what is parsed is what is hashed
        doc, diagnostics = (None, diagnostics) if raw is None else parse_bytes(raw, shown)
        if doc is None or raw is None:
            report.diagnostics.extend(diagnostics)
            continue
        if isinstance(doc.data, dict) and doc.data.get("kind") == "indicator-set":
            tree = cached_tree(raw, shown)  # these exact bytes validated before: no need to build the models
            if tree is None:
                tree, diagnostics = tree_from(load_vendor_document(doc, FILE_KINDS), raw)
                report.diagnostics.extend(diagnostics)
            if tree is not None:
                report.diagnostics.extend(set_warnings(tree, doc))
                sets.setdefault(tree.id, tree)
            continue
        item = load_vendor_document(doc, FILE_KINDS)
        skipped = foreign_file(item) if path in found.expanded else None
        if skipped is not None:
            report.diagnostics.append(skipped)
            report.skipped += 1
            continue
        loaded.append(item)

    # The set in use is -i, else the sets among the paths (by id), else the default.
    forced: Tree | None = None
    if set_path is not None or not sets:
        forced, diagnostics = load_tree(set_path)
        report.diagnostics.extend(diagnostics)
        if forced is not None and set_path is None:
            sets.setdefault(forced.id, forced)
            forced = None
    elif set_path is None and any(_set_of(item) not in sets for item in loaded):
        # Files for another set than those among the paths: the embedded default, when it is that set.
        default, diagnostics = load_tree(None)
        report.diagnostics.extend(diagnostics)
        if default is not None and any(_set_of(item) == default.id for item in loaded):
            sets.setdefault(default.id, default)

    vendor_ids: dict[str, str] = {}
    paths_by_shown = {display_path(path): path for path in found.files}
    memos: dict[int, Memo] = {}  # per set in use: each profile file is resolved once
    judged: dict[int, tuple[Tree, list[Loaded]]] = {}  # evaluation files per set in use
    for item in loaded:
        report.diagnostics.extend(item.diagnostics)
        if item.model is None:
            # Its well-formed parts are still checked against the set: every problem in one run.
            tree = forced or sets.get(_set_of(item) or "") or next(iter(sets.values()), None)
            if tree is not None and item.kind == "vendor":
                report.diagnostics.extend(vendor_from(item, tree)[1])
            elif tree is not None and item.kind == "weight-profile":
                path = paths_by_shown.get(item.path, item.path)
                report.diagnostics.extend(load_profile_file(path, tree, memo=memos.setdefault(id(tree), {}))[1])
            continue
        tree = forced or sets.get(item.model.indicator_set) or next(iter(sets.values()), None)
        if tree is None:
            continue
        if item.kind == "vendor":
            record, diagnostics = vendor_from(item, tree)
            report.diagnostics.extend(diagnostics)
            if record is not None:
                report.diagnostics.extend(evidence_warnings(item))
                first = vendor_ids.setdefault(record.id, record.path)
                if first != record.path:
                    report.diagnostics.append(duplicate_vendor(record, first))
        elif item.kind == "weight-profile":
            _, diagnostics = load_profile_file(
                paths_by_shown.get(item.path, item.path), tree, memo=memos.setdefault(id(tree), {})
            )
            report.diagnostics.extend(diagnostics)
        elif item.kind == "ahp":
            report.diagnostics.extend(check_ahp_file(item, tree))
        elif item.kind in ("evaluation", "committee"):
            judged.setdefault(id(tree), (tree, []))[1].append(item)
    if judged:  # together, as rank reads them: one evaluator in two files is the error rank refuses
        from livescore.load.committee import load_committee
        from livescore.load.evaluations import collect

        for tree, items in judged.values():
            same_set = [i for i in loaded if i.model is not None and getattr(i.model, "indicator_set", None) == tree.id]
            known = {i.model.id for i in same_set if i.kind == "vendor"} or None
            # Under a cn-* profile among the paths, rank applies the procurement's rules to these files.
            china = any(i.kind == "weight-profile" and str(i.model.procurement or "").startswith("cn-") for i in same_set)
            evaluations = [i for i in items if i.kind == "evaluation"]
            committees = [i for i in items if i.kind == "committee"]
            if committees:
                report.diagnostics.extend(load_committee(committees, evaluations, tree, known)[1])
            if evaluations:
                report.diagnostics.extend(collect(evaluations, tree, known, china=china)[1])
    order = {display_path(path): n for n, path in enumerate(found.files)}
    report.diagnostics.sort(key=lambda d: (order.get(d.path, -1), d.line, d.col, d.code))
    report.diagnostics = list(dict.fromkeys(report.diagnostics))
    return report


def _set_of(item: Loaded) -> str | None:
    data = item.doc.data if item.doc is not None else None
    value = data.get("indicator_set") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def check_ahp_file(item: Loaded, tree: Tree) -> list[Diagnostic]:
    """Errors of an AHP file against the set, and a warning when its judgements are inconsistent."""
    from livescore.analysis.ahp import CR_LIMIT, ahp, check_judgements

    assert item.doc is not None
    doc = item.doc
    if item.model.indicator_set != tree.id:
        return [set_mismatch(doc, "AHP file", item.model.indicator_set, tree.id)]
    problems = check_judgements(item.model, tree)
    if problems:
        return [doc.diag(loc, code, msg) for loc, code, msg in problems]
    result = ahp(item.model, tree)
    if result.consistent or result.most_inconsistent is None:
        return []
    a, b = result.most_inconsistent
    line, col = doc.locate(("judgements",), at_key=True)
    for n, (x, y, _) in enumerate(item.model.judgements):
        if {x, y} == {a, b}:
            line, col = doc.locate(("judgements", n))
    message = f"consistency ratio {result.cr:.3f} > {CR_LIMIT:.2f}; the most inconsistent judgement is {a} vs {b}"
    return [warning(doc.path, line, col, "inconsistent", message)]


def set_warnings(tree: Tree, doc: Document) -> list[Diagnostic]:
    """Things an author probably did not mean: no provenance, a zero weight, siblings summing to 99."""
    out: list[Diagnostic] = []

    def warn(loc: tuple[object, ...], code: str, message: str) -> None:
        line, col = doc.locate(loc)
        out.append(warning(doc.path, line, col, code, message))

    _sum_warning([d.weight for d in tree.spec.dimensions], ("dimensions",), "dimension", warn)
    uses_basis = any(ind.basis for dim in tree.spec.dimensions for group in dim.groups for ind in group.indicators)
    for d, dim in enumerate(tree.spec.dimensions):
        _sum_warning([g.weight for g in dim.groups], ("dimensions", d, "groups"), f"{dim.id}: group", warn)
        for g, group in enumerate(dim.groups):
            _sum_warning(
                [i.weight for i in group.indicators],
                ("dimensions", d, "groups", g, "indicators"),
                f"{dim.id}.{group.id}: indicator",
                warn,
            )
            for i, ind in enumerate(group.indicators):
                loc = ("dimensions", d, "groups", g, "indicators", i)
                if not ind.provenance:
                    warn((*loc, "id"), "no-provenance", f"{dim.id}.{group.id}.{ind.id} has no `provenance`")
                if uses_basis and not ind.basis:
                    message = (
                        f"{dim.id}.{group.id}.{ind.id} has no `basis` while the set's other indicators say theirs "
                        "(report: the report names it; inferred: our reading of a passage; practice: procurement practice)"
                    )
                    warn((*loc, "id"), "no-basis", message)
                if ind.weight == 0:
                    warn(
                        (*loc, "weight"), "zero-weight", f"{dim.id}.{group.id}.{ind.id} has weight 0: it never counts in a score"
                    )
    return out


def _sum_warning(weights: list[float], loc: tuple[object, ...], what: str, warn: Callable[..., None]) -> None:
    total = sum(weights)
    for meant in ROUND_TOTALS:
        if total != meant and abs(total - meant) <= 0.05 * meant and len(weights) > 1:
            warn(loc, "weight-sum", f"{what} weights sum to {total:g}; did you mean {meant:g}?")
            return

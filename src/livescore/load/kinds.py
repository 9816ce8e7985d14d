"""Parsed YAML -> a validated model of its kind, or located diagnostics: which kind a file is, the
model that validates it, and the one loaded-file record every loader returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from livescore.diagnostics import Diagnostic, error, warning
from livescore.load.document import Document
from livescore.load.strict_yaml import read_document
from livescore.records.kinds import FILE_KINDS
from livescore.suggest import did_you_mean_aside

if TYPE_CHECKING:
    from pydantic import BaseModel


def model_for(kind: str) -> type[BaseModel]:
    # Imported on demand: a command pays only for the models it reads.
    if kind == "indicator-set":
        from livescore.model.indicator_set import IndicatorSet

        return IndicatorSet
    if kind == "weight-profile":
        from livescore.model.profile import WeightProfile

        return WeightProfile
    if kind == "vendor":
        from livescore.model.vendor import Vendor

        return Vendor
    if kind == "evaluation":
        from livescore.model.evaluation import Evaluation

        return Evaluation
    if kind == "committee":
        from livescore.model.committee import Committee

        return Committee
    if kind == "ahp":
        from livescore.model.ahp import AhpJudgements

        return AhpJudgements
    raise KeyError(kind)


@dataclass(slots=True)
class Loaded:
    """One file after parsing and validation: ``model`` is None when it has errors."""

    path: str
    kind: str | None
    doc: Document | None
    model: Any
    diagnostics: list[Diagnostic]


def load_file(path: str, *, expect: tuple[str, ...] = FILE_KINDS) -> Loaded:
    doc, diagnostics = read_document(path)
    if doc is None:
        return Loaded(path, None, None, None, diagnostics)
    return load_document(doc, expect=expect)


BUYER_KINDS = ("evaluation", "committee")  # files only the buyer writes: read only from -e, never from vendor paths


def load_document(doc: Document, *, expect: tuple[str, ...] = FILE_KINDS) -> Loaded:
    kind = detect_kind(doc)
    if isinstance(kind, Diagnostic):
        return Loaded(doc.path, None, doc, None, [kind])
    if kind in BUYER_KINDS and kind not in expect and "vendor" in expect:
        message = (
            f"`kind: {kind}` among the vendor files: evaluation and committee files are the buyer's, never a vendor's "
            "submission; pass it with -e"
        )
        return Loaded(doc.path, kind, doc, None, [doc.diag(("kind",), "evaluation-in-vendor-paths", message)])
    if kind not in expect:
        wanted = " or ".join(expect)
        hint = {
            "indicator-set": " (give an indicator set with -i)",
            "weight-profile": " (give a profile with -w)",
            "vendor": " (vendor files are the PATHS, not -e)",
        }.get(kind, "")
        diag = doc.diag(("kind",), "wrong-kind", f"`kind: {kind}` is not expected here: expected {wanted}{hint}")
        return Loaded(doc.path, kind, doc, None, [diag])
    from pydantic import ValidationError

    from livescore.load.pydantic_errors import pydantic_diagnostics

    model_cls = model_for(kind)
    try:
        model = model_cls.model_validate(doc.data)
    except ValidationError as exc:
        return Loaded(doc.path, kind, doc, None, pydantic_diagnostics(doc, exc, model_cls))
    return Loaded(doc.path, kind, doc, model, [])


NO_KIND = ("missing-kind", "not-a-mapping")


def foreign_file(loaded: Loaded) -> Diagnostic | None:
    """A file found in a folder whose YAML has no top-level `kind:` key (a docker-compose.yml, a CI
    config) is someone else's: the warning that replaces its error, or None for a livescore file."""
    if len(loaded.diagnostics) != 1 or loaded.diagnostics[0].code not in NO_KIND:
        return None
    message = "no top-level `kind:` key: not a livescore file, skipped (name it explicitly to check it)"
    return warning(loaded.path, 1, 1, "not-livescore", message)


def detect_kind(doc: Document) -> str | Diagnostic:
    data = doc.data
    if not isinstance(data, dict):
        return error(doc.path, *doc.root, "not-a-mapping", "the file must be a mapping with a `kind:` key")
    if "kind" not in data:
        return error(doc.path, *doc.root, "missing-kind", f"no `kind:` key; expected one of {', '.join(FILE_KINDS)}")
    kind = data["kind"]
    if kind not in FILE_KINDS:
        hint = did_you_mean_aside(str(kind), FILE_KINDS)
        return doc.diag(("kind",), "unknown-kind", f"unknown kind{hint}; expected one of {', '.join(FILE_KINDS)}")
    return str(kind)


def set_mismatch(doc: Document, what: str, file_set: str, in_use: str) -> Diagnostic:
    """A file written for another indicator set than the one in use, at its `indicator_set` value."""
    return doc.diag(("indicator_set",), "set-mismatch", f"{what} is for set {file_set!r}, but the set in use is {in_use!r}")

"""Several evaluators: their scores replace the vendor's claim, aggregated by mean, median or
trimmed mean; a consensus value (with its reason) overrides the aggregate; disagreements are flagged.

Disagreement: evaluators' scores for one indicator spread by 0.4 or more (2 of 5 ordinal levels),
or they differ on a boolean, a choice or a set (sets compared ignoring order). It is `resolved`
when the committee recorded a consensus value.
"""

from __future__ import annotations

import statistics
from typing import Any

from livescore.records.indicators import BooleanIndicator, ChoiceIndicator, NumericIndicator, OrdinalIndicator, SetIndicator
from livescore.records.tree import Tree
from livescore.records.vendor import CONSENSUS, Disagreement, Judgement, Judgements, VendorRecord
from livescore.score.evidence import score_value

SPREAD = 0.4


def combine(values: list[float], how: str) -> float:
    """Several evaluators' numbers as one: mean, median or trimmed mean (one highest and one lowest
    dropped when there are 3 or more)."""
    if how == "median":
        return float(statistics.median(values))
    if how == "trimmed-mean" and len(values) >= 3:
        ordered = sorted(values)[1:-1]
        return float(sum(ordered) / len(ordered))
    return float(sum(values) / len(values))


def apply_evaluations(tree: Tree, record: VendorRecord, judged: Judgements, how: str, china: bool = False) -> None:
    """Replace the vendor's claims by the evaluators' scores (in place) and record disagreements.
    ``china`` (a cn-* procurement): members' differing scores of a subjective factor are the method
    (each scores independently, the scores are averaged: 87号令 Art. 62(4)), not a disagreement to settle."""
    for index, entries in sorted(judged.by_indicator.items()):
        ind = tree.indicators[index]
        individual = {name: e for name, e in entries.items() if name != CONSENSUS and e.value is not None}
        consensus = entries.get(CONSENSUS)
        scores = {name: score_value(ind, e.value) for name, e in individual.items()}
        if consensus is not None and consensus.value is not None:
            record.scores[index] = score_value(ind, consensus.value)
            raw: Any = consensus.value
            record.corrections[tree.paths[index]] = (consensus.value, consensus.reason or "")
        elif scores:
            record.scores[index] = combine(list(scores.values()), how)
            raw = _aggregate_raw(ind, [e.value for e in individual.values()], how)
        else:
            continue
        record.values[index] = raw
        record.evaluated.add(tree.paths[index])
        record.judgements[tree.paths[index]] = {name: (individual[name].value, scores[name]) for name in sorted(scores)}
        record.evaluation_sources[tree.paths[index]] = _sources(entries)
        notes = "; ".join(f"{name}: {e.note}" for name, e in sorted(entries.items()) if e.note)
        if notes:
            record.evaluation_notes[tree.paths[index]] = notes
        used = [consensus] if consensus is not None and consensus.value is not None else list(individual.values())
        if all(e.verified for e in used):  # verified only when every value combined was checked
            record.verified.add(tree.paths[index])
        if len(scores) >= 2 and not (china and not ind.objective):
            spread = max(scores.values()) - min(scores.values())
            # Differing booleans, choices or sets leave a gate no common value to compare, whatever the spread.
            differs = isinstance(ind, (BooleanIndicator, ChoiceIndicator, SetIndicator)) and (
                len({same_value(e.value) for e in individual.values()}) > 1
            )
            if spread >= SPREAD - 1e-12 or differs:
                record.disagreements.append(
                    Disagreement(
                        tree.paths[index],
                        dict(sorted(scores.items())),
                        {n: individual[n].value for n in sorted(individual)},
                        float(spread),
                        consensus is not None and consensus.value is not None,
                    )
                )


def same_value(value: Any) -> Any:
    """A raw value as compared for agreement: a set ignores order."""
    return tuple(sorted(value)) if isinstance(value, list) else value


def _sources(entries: dict[str, Judgement]) -> str:
    """Where the buyer's value comes from: each evaluator's source, the consensus reason (notes are
    kept apart, in evaluation_notes)."""
    parts = []
    for name, e in sorted(entries.items()):
        detail = e.reason if name == CONSENSUS else e.source
        parts.append(f"{name}: {detail}" if detail else name)
    return "; ".join(parts)


def _aggregate_raw(ind: Any, values: list[Any], how: str) -> Any:
    """The raw value a gate compares: the aggregate for numbers and levels, else only a unanimous value."""
    if isinstance(ind, (NumericIndicator, OrdinalIndicator)):
        return combine([float(v) for v in values], how)
    return values[0] if len({same_value(v) for v in values}) == 1 else None

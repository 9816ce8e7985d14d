"""Deterministic benchmark data: vendor files shaped like ``vendors/*.yaml``, valid against a set.

The generator reads the indicator set with PyYAML (kinds, options, levels, floors, targets, bounds)
and writes one vendor file per vendor, seeded per vendor so that the first N files of a larger set
are byte-identical to a smaller set. Evidence mixes the shipped files' two forms: most indicators in
the long form (value, source, date and often a note), some in the short form (the value alone), a few
left out (missing evidence). Strings are written as JSON strings, which are valid YAML double-quoted
scalars, and every value respects the indicator's kind and bounds, so ``livescore validate`` accepts
every file (the runner checks a sample).

    python benchmarks/datagen.py OUT_DIR COUNT [--seed N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "src" / "livescore" / "data" / "enterprise-live-2022.yaml"
GENERATOR_VERSION = "1"  # bump when the output format changes: cached data is regenerated
SEED = 20220501

P_MISSING = 0.06
P_SHORT = 0.22
P_NOTE = 0.6

_BRANDS = [
    ("极光", "Aurora"),
    ("云雀", "Skylark"),
    ("磐石", "Bedrock"),
    ("星河", "Galaxy"),
    ("青鸟", "Bluebird"),
    ("灵犀", "Lingxi"),
    ("知行", "Zhixing"),
    ("远山", "Farhill"),
    ("海豚", "Dolphin"),
    ("赤焰", "Blaze"),
    ("北辰", "Polaris"),
    ("微光", "Glimmer"),
    ("长风", "Longwind"),
    ("锦鲤", "Koi"),
    ("白鹭", "Egret"),
]
_SUFFIX = [("直播", "Live"), ("云", "Cloud"), ("视频", "Video"), ("互动", "Interactive"), ("传媒", "Media")]
_SOURCES = [
    "{zh}产品白皮书 v{major}.{minor}, p.{page}",
    "{en} datasheet {year}-{month:02d}",
    "{en} developer docs: {topic}",
    "sales reply {year}-{month:02d}",
    "demo session {year}-{month:02d}",
    "SLA terms {year}, §{page}",
    "load test report {year}-{month:02d}",
    "customer reference list {year}",
    "third-party audit report {year} ({topic})",
    "RFP answer sheet, row {page}",
]
_TOPICS = ["products", "OpenAPI spec", "SDK downloads", "security", "AI", "network overview", "pricing", "compliance"]
_NOTES = [
    "P50 over the last quarter",
    "third-party load test",
    "enterprise plan only",
    "via partner integration",
    "roadmap item shipped in {year}",
    "custom fields, SMS verification, UTM capture",
    "含私有化部署选项",
    "按场次计费，另含现场执行团队",
    "measured on the vendor's staging cluster",
    "self-built edge plus fused CDN",
]


@dataclass(frozen=True)
class Indicator:
    path: str
    kind: str
    spec: dict[str, Any]


def read_set(path: str | os.PathLike[str] = DEFAULT_SET) -> tuple[str, list[Indicator]]:
    """The set's id and its indicators in tree order (read with PyYAML's safe loader)."""
    with open(path, "rb") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for dim in data["dimensions"]:
        for group in dim["groups"]:
            for ind in group["indicators"]:
                out.append(Indicator(f"{dim['id']}.{group['id']}.{ind['id']}", ind["kind"], ind))
    return data["id"], out


def _numeric(rng: random.Random, spec: dict[str, Any]) -> int | float:
    floor, target = float(spec["floor"]), float(spec["target"])
    lo, hi = min(floor, target), max(floor, target)
    if spec.get("scale") == "log":
        value = math.exp(rng.uniform(math.log(lo) - 0.3, math.log(hi) + 0.7))
    else:
        span = hi - lo
        value = rng.uniform(lo - 0.25 * span, hi + 0.25 * span)
    b_lo, b_hi = spec.get("bounds") or (None, None)
    if b_lo is not None:
        value = max(value, float(b_lo))
    if b_hi is not None:
        value = min(value, float(b_hi))
    if spec.get("unit") == "%":  # shares are decimals; everything else here counts things
        return round(value, 2)
    return round(value)


def _value(rng: random.Random, ind: Indicator) -> Any:
    spec = ind.spec
    match ind.kind:
        case "boolean":
            return rng.random() < 0.7
        case "numeric":
            return _numeric(rng, spec)
        case "ordinal":
            return rng.randint(0, len(spec["levels"]) - 1)
        case "choice":
            return rng.choice(list(spec["options"]))
        case "set":
            options = list(spec["options"])
            k = rng.randint(0, len(options))
            chosen = set(rng.sample(options, k))
            return [o for o in options if o in chosen]  # distinct, in the set's order
    raise ValueError(f"unknown kind {ind.kind!r} at {ind.path}")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def vendor_text(number: int, set_id: str, indicators: list[Indicator], seed: int = SEED) -> tuple[str, str]:
    """(vendor id, file text) for vendor ``number``; depends only on (seed, number, the set)."""
    rng = random.Random(seed * 1_000_003 + number)
    zh, en = rng.choice(_BRANDS)
    szh, sen = rng.choice(_SUFFIX)
    vendor_id = f"gen-{en.lower()}-{number:05d}"
    name = f"{zh}{szh} {en} {sen} {number:05d}"
    year = rng.choice([2025, 2026])
    fill = {"zh": f"{zh}{szh}", "en": f"{en} {sen}", "year": year}
    lines = [
        f"# GENERATED benchmark vendor #{number} (benchmarks/datagen.py, seed {seed}): fictional, every figure is random.",
        "kind: vendor",
        f"id: {vendor_id}",
        f"name: {_scalar(name)}",
        f"indicator_set: {set_id}",
        f'price: {{amount: {rng.randrange(80, 1500) * 1000}, currency: CNY, period: "3 years", '
        f"note: {_scalar('annual licence x3, ' + str(rng.randrange(5, 80)) + ' serviced events')}}}",
        "evidence:",
    ]
    current_dim = None
    for ind in indicators:
        dim = ind.path.split(".", 1)[0]
        if dim != current_dim:
            lines.append(f"  # --- {dim} ---")
            current_dim = dim
        draw = rng.random()
        if draw < P_MISSING:
            continue
        value = _value(rng, ind)
        if draw < P_MISSING + P_SHORT:
            lines.append(f"  {ind.path}: {_scalar(value)}")
            continue
        month = rng.randint(1, 12)
        source = rng.choice(_SOURCES).format(
            major=rng.randint(1, 6),
            minor=rng.randint(0, 9),
            page=rng.randint(2, 60),
            month=month,
            topic=rng.choice(_TOPICS),
            **fill,
        )
        lines += [
            f"  {ind.path}:",
            f"    value: {_scalar(value)}",
            f"    source: {_scalar(source)}",
            f'    date: "{year}-{month:02d}"',
        ]
        if rng.random() < P_NOTE:
            lines.append(f"    note: {_scalar(rng.choice(_NOTES).format(**fill))}")
    return vendor_id, "\n".join(lines) + "\n"


def generate(
    folder: str | os.PathLike[str], count: int, *, seed: int = SEED, set_path: str | os.PathLike[str] = DEFAULT_SET
) -> Path:
    """Write ``count`` vendor files into ``folder`` (replacing what was there)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    set_id, indicators = read_set(set_path)
    for number in range(1, count + 1):
        _, text = vendor_text(number, set_id, indicators, seed)
        (folder / f"vendor-{number:05d}.yaml").write_text(text, encoding="utf-8")
    return folder


def _fingerprint(count: int, seed: int, set_path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256(Path(set_path).read_bytes()).hexdigest()
    return f"v{GENERATOR_VERSION} seed={seed} count={count} set={digest}"


def ensure(
    folder: str | os.PathLike[str], count: int, *, seed: int = SEED, set_path: str | os.PathLike[str] = DEFAULT_SET
) -> Path:
    """``generate`` unless ``folder`` already holds exactly this data (a manifest records what it holds)."""
    folder = Path(folder)
    manifest = folder / ".manifest"
    want = _fingerprint(count, seed, set_path)
    if manifest.is_file() and manifest.read_text() == want and len(list(folder.glob("*.yaml"))) == count:
        return folder
    generate(folder, count, seed=seed, set_path=set_path)
    manifest.write_text(want)
    return folder


def subset(source: str | os.PathLike[str], folder: str | os.PathLike[str], count: int) -> Path:
    """The first ``count`` files of ``source`` in their own folder (hard links where possible)."""
    source, folder = Path(source), Path(folder)
    manifest = folder / ".manifest"
    want = f"subset of {(source / '.manifest').read_text()} first={count}"
    if manifest.is_file() and manifest.read_text() == want and len(list(folder.glob("*.yaml"))) == count:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in sorted(p.name for p in source.glob("*.yaml"))[:count]:
        try:
            os.link(source / name, folder / name)
        except OSError:
            shutil.copyfile(source / name, folder / name)
    manifest.write_text(want)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--set", default=str(DEFAULT_SET))
    args = parser.parse_args()
    ensure(args.out, args.count, seed=args.seed, set_path=args.set)
    print(f"{args.count} vendor files in {args.out}")


if __name__ == "__main__":
    main()

"""`template` under a profile (docs/contracts.md, "livescore template"): it asks about what the
profile counts or gates, `--min-share` leaves out the small weights and says that they still count,
and a YAML template filled as its hints say validates."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from helpers import RunFn


def _questions(path: Path) -> list[str]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["evidence"])


def test_min_share_shortens_and_keeps_the_gated(run: RunFn, tmp_path: Path) -> None:
    profile = tmp_path / "gated.yaml"
    profile.write_text(
        "kind: weight-profile\nid: gated\nindicator_set: enterprise-live-2022\nextends: [marketing-m1]\n"
        "weights: {ecosystem: 0}\n"
        "requirements:\n  - {indicator: ecosystem.integration.lms_integration, equals: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "q.yaml"
    code, _, err = run("template", "-f", "yaml", "-o", out, "-w", profile)
    assert code == 0
    every = _questions(out)
    assert "ecosystem.integration.lms_integration" in every  # gated: asked although the profile gives it no weight
    assert not any(p.startswith("ecosystem.") and p != "ecosystem.integration.lms_integration" for p in every)
    assert re.search(
        rf"wrote .*: {len(every)} of 95 questions; left out: {95 - len(every)} that the profile gives no weight", err
    )
    code, _, err = run("template", "-f", "yaml", "-o", out, "-w", profile, "--min-share", "1.5")
    assert code == 0
    short = _questions(out)
    assert "ecosystem.integration.lms_integration" in short and len(short) < len(every)
    assert f"{len(every) - len(short)} under 1.5 % of the profile's weight (they count: unanswered, they score as missing)" in err
    code, _, err = run("template", "-f", "yaml", "-o", out, "--min-share", "1")
    assert code == 2 and "needs a profile" in err


def test_a_yaml_template_filled_as_its_hints_say_validates(run: RunFn, tmp_path: Path) -> None:
    """0.3's hint for sets said `comma-separated`, which a YAML vendor file refuses."""
    out = tmp_path / "q.yaml"
    code, _, _ = run("template", "-f", "yaml", "-o", out)
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    filled, sets = [], 0
    for n, line in enumerate(lines):
        example = re.search(r"e\.g\. (value: \[.*\])$", lines[n - 1]) if n else None
        if example and line.endswith("{value: null, source: null}"):
            line = line.replace("{value: null, source: null}", "{" + example.group(1) + ", source: template hint}")
            sets += 1
        filled.append(line.replace("id: your-company", "id: hint-vendor", 1))
    assert sets >= 5
    out.write_text("\n".join(filled) + "\n", encoding="utf-8")
    code, _, err = run("validate", out)
    assert code == 0, err

"""docs/contracts.md cannot drift from the code: every diagnostic code the source can emit has a row
in its codes table (and every row is a code the source emits), every command has a section, and the
exit codes are documented.

The source is read as text, not imported: codes are found by regular expressions over the string
literals in the shapes that produce diagnostics, in every .py file under src/livescore, so moving or
renaming a module changes nothing here.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

import livescore
from helpers import REPO
from livescore.cli import app

SOURCE = REPO / "src" / "livescore"
DOC_PATH = REPO / "docs" / "contracts.md"

_CODE = r'"([a-z]+(?:-[a-z]+)*)"'
_ARGS = r"(?:[^\"()]|\([^()]*\))*?"  # call arguments up to the first string literal (one level of parentheses)
_LOC = r"(?:\((?:[^()]|\([^()]*\))*\)|[\w.]+)"  # a location: a tuple or a name
_MESSAGE = r'(?:f?"[^"\n]*\s|\w*(?:why|msg|message|reason)\w*\b)'  # a message: text with a space, or a named one

# (pattern, severity): group 1 of each match is a diagnostic code.
_SHAPES = [
    # warning(path, line, col, "code", ...), warn(loc, "code", ...)
    (re.compile(r"\bwarning\(\s*" + _ARGS + _CODE), "warning"),
    (re.compile(r"\bwarn\(\s*" + _LOC + r"\s*,\s*" + _CODE), "warning"),
    # error(path, line, col, "code", ...), problem(row, col, "code", ...), YamlProblem(pos, "code", ...)
    (re.compile(r"\b(?:error|problem|YamlProblem|Diagnostic)\(\s*" + _ARGS + _CODE), "error"),
    # doc.diag(loc, "code", ...)
    (re.compile(r"\bdiag\(\s*" + _LOC + r"\s*,\s*" + _CODE), "error"),
    # check functions: ((loc...), "code", message), a tuple (its parenthesis opens no call)
    (re.compile(r"(?<![\w.\])])\(\s*\((?:[^()]|\([^()]*\))*\)\s*,\s*" + _CODE + r"\s*,"), "error"),
    # return "code-with-hyphen", anything
    (re.compile(r'\breturn\s+\(?\s*"([a-z]+(?:-[a-z]+)+)"\s*,'), "error"),
    # return "code", message / x = ("code", message) / (("code", message))
    (re.compile(r"(?:\breturn\s+\(?|=\s*\(|(?<![\w.\])])\()\s*" + _CODE + r"\s*," + r"\s*" + _MESSAGE), "error"),
]
_CODE_ASSIGNMENT = re.compile(r"\bcode\s*=\s*([^\n]+)")  # code = "a" if ... else "b"


def source_codes() -> dict[str, set[str]]:
    """Every diagnostic code found in the source, with the severities it is emitted at."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern, severity in _SHAPES:
            for match in pattern.finditer(text):
                found.setdefault(match.group(1), set()).add(severity)
        for match in _CODE_ASSIGNMENT.finditer(text):
            for literal in re.finditer(_CODE, match.group(1)):
                found.setdefault(literal.group(1), set()).add("error")
    return found


def doc_text() -> str:
    return DOC_PATH.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of the `## heading` section, up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/contracts.md has no section '## {heading}'"
    return match.group(1)


def doc_codes() -> dict[str, str]:
    rows = re.findall(r"^\|\s*`([a-z][a-z0-9-]*)`\s*\|\s*([a-z /,]+?)\s*\|", section(doc_text(), "Diagnostic codes"), re.M)
    codes: dict[str, str] = {}
    for code, severity in rows:
        assert code not in codes, f"{code} has two rows in the codes table"
        codes[code] = severity
    return codes


def test_the_scan_finds_codes_of_every_shape() -> None:
    found = source_codes()
    # One code per call shape, so that a regex that stops matching fails here rather than silently.
    for code in ("file-too-large", "no-source", "no-provenance", "wrong-kind", "yaml-depth", "formula"):
        assert code in found, code
    for code in ("floor-equals-target", "unknown-child", "requirement-operator", "negative-weight", "out-of-range", "type"):
        assert code in found, code
    assert len(found) >= 60


def test_every_source_code_has_a_row() -> None:
    documented = doc_codes()
    missing = sorted(set(source_codes()) - set(documented))
    assert not missing, f"codes emitted by src/livescore without a row in docs/contracts.md: {missing}"


def test_every_row_is_a_source_code() -> None:
    stale = sorted(set(doc_codes()) - set(source_codes()))
    assert not stale, f"rows in docs/contracts.md for codes the source no longer emits: {stale}"


def test_rows_give_the_severity_the_source_emits() -> None:
    documented = doc_codes()
    for code, severities in source_codes().items():
        if code in documented:
            written = set(re.split(r"[ /,]+", documented[code])) - {""}
            assert written == severities, f"{code}: the doc says {sorted(written)}, the source emits {sorted(severities)}"


def commands(prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command of `livescore --help`, with the subcommands of command groups (`weights ahp`)."""
    result = CliRunner().invoke(app, [*prefix, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)
    if len(listed) == 1:
        return [" ".join(prefix)]
    names = re.findall(r"^  (\S+)(?:\s|$)", listed[1], re.M)
    assert names, result.output
    return [full for name in names for full in commands((*prefix, name))]


def test_every_command_has_a_section() -> None:
    found = commands()
    assert "rank" in found and "weights ahp" in found
    text = doc_text()
    for command in found:
        assert re.search(rf"^#{{2,4}} `livescore {re.escape(command)}`\s*$", text, re.M), (
            f"docs/contracts.md has no section for `livescore {command}`"
        )


def test_exit_codes_are_documented() -> None:
    body = section(doc_text(), "Exit codes")
    for code in ("0", "1", "2"):
        assert re.search(rf"^\|\s*`?{code}`?\s*\|\s*\S", body, re.M), f"exit code {code} has no row"


def test_the_doc_cites_only_itself() -> None:
    text = doc_text()
    assert "design.md" not in text
    assert "财政部令第87号 Art. 57" in text and "Art. 56" not in text


def test_the_doc_is_for_this_version() -> None:
    """The header names the version `livescore --version` prints, i.e. __version__ (pyproject reads it there)."""
    first, _, intro = doc_text().partition("\n")
    assert first == f"# livescore contracts ({livescore.__version__})"
    assert f"interface of livescore {livescore.__version__}:" in intro

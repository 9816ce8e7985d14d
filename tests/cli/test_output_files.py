"""Output files (docs/contracts.md, "Commands"): `-o` replaces only a regular file that is none of the
command's inputs, keeps its mode, survives SIGTERM/SIGHUP whole or absent, takes its format from the
extension; stdout carries UTF-8 bytes whatever the console's encoding; a CSV file starts with a BOM."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import REPO, VENDORS, RunFn
from livescore import output

BOM = b"\xef\xbb\xbf"


def _own(tmp_path: Path) -> Path:
    """A copy of the sample vendors in a folder of the test's own."""
    folder = tmp_path / "own"
    shutil.copytree(REPO / "vendors", folder)
    return folder


def _only(folder: Path, *names: str) -> None:
    """No temporary file is left beside the target."""
    assert sorted(os.listdir(folder)) == sorted(names)


# ---------------------------------------------------------------- 1. only a regular file is replaced


def test_o_refuses_a_symlink_and_leaves_it_and_its_file(run: RunFn, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("mine")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    code, _out, err = run("rank", *VENDORS, "-o", link)
    assert code == 2
    assert f"-o {link} is a symbolic link" in err and "nothing written" in err
    assert link.is_symlink() and real.read_text() == "mine"
    _only(tmp_path, "real.json", "report.json")


def test_o_refuses_a_fifo(run: RunFn, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run("rank", *VENDORS, "-o", fifo)
    assert code == 2 and f"-o {fifo} is a named pipe (FIFO), not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _only(tmp_path, "pipe")


def test_o_refuses_a_folder(run: RunFn, tmp_path: Path) -> None:
    code, _, err = run("rank", *VENDORS, "-o", tmp_path)
    assert code == 2 and f"-o {tmp_path} is a folder, not a regular file" in err
    _only(tmp_path)


def test_o_refuses_a_device_node(run: RunFn, tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of the test's own
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    code, _, err = run("rank", *VENDORS, "-f", "json", "-o", node)
    assert code == 2 and f"-o {node} is a character device, not a regular file" in err
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    _only(tmp_path, "null")


def test_dev_stdout_is_refused_not_replaced() -> None:
    """/dev/stdout is a link (to /proc/self/fd/1): refused, so even root never replaces it."""
    if not os.path.islink("/dev/stdout"):
        pytest.skip("/dev/stdout is not a symbolic link here")
    before = os.lstat("/dev/stdout")
    done = subprocess.run(
        [sys.executable, "-m", "livescore", "rank", *VENDORS, "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2 and b"-o /dev/stdout is a symbolic link" in done.stderr
    assert done.stdout == b""
    after = os.lstat("/dev/stdout")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_the_rename_never_replaces_what_became_a_fifo_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked again right before the rename: a target swapped for a FIFO during the write stays."""
    target = tmp_path / "report.json"
    target.write_text("old")
    real_fsync = os.fsync

    def swap(fd: int) -> None:
        real_fsync(fd)
        target.unlink()
        os.mkfifo(target)

    monkeypatch.setattr(os, "fsync", swap)
    with pytest.raises(output.UnsafeTarget, match="named pipe"):
        output.write_atomic(str(target), "new")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    _only(tmp_path, "report.json")


# ---------------------------------------------------------------- 2. never over an input


def test_rank_refuses_to_overwrite_a_vendor_file_found_in_a_folder(run: RunFn, tmp_path: Path) -> None:
    own = _own(tmp_path)
    target = own / "aurora-live.yaml"
    before = target.read_bytes()
    code, _out, err = run("rank", own, "-o", target)
    assert code == 2, err
    assert f"-o {target} is one of this command's input files" in err
    assert target.read_bytes() == before
    assert not [n for n in os.listdir(own) if n.startswith(".livescore-")]


def test_rank_refuses_a_hard_link_to_an_input(run: RunFn, tmp_path: Path) -> None:
    own = _own(tmp_path)
    alias = tmp_path / "alias.json"
    os.link(own / "sprout-live.yaml", alias)
    code, _, err = run("rank", own, "-o", alias)
    assert code == 2 and f"input files ({own / 'sprout-live.yaml'})" in err
    assert alias.read_bytes() == (REPO / "vendors" / "sprout-live.yaml").read_bytes()


def test_rank_refuses_the_set_the_profile_and_what_it_extends(run: RunFn, tmp_path: Path) -> None:
    shutil.copy(REPO / "examples" / "securities-firm.yaml", tmp_path)
    shutil.copy(REPO / "examples" / "gp-services.yaml", tmp_path)  # extends: [securities-firm.yaml]
    profile, parent = tmp_path / "gp-services.yaml", tmp_path / "securities-firm.yaml"
    for target in (profile, parent):
        before = target.read_bytes()
        code, _, err = run("rank", *VENDORS, "-w", profile, "-f", "table", "-o", target)
        assert code == 2 and "is one of this command's input files" in err, err
        assert target.read_bytes() == before


def test_rank_refuses_the_indicator_set(run: RunFn, tiny_set: Callable[..., Path], write_vendor: Callable[..., Path]) -> None:
    set_path = tiny_set()
    vendor = write_vendor("v")
    before = set_path.read_bytes()
    code, _, err = run("rank", "-i", set_path, vendor, "-f", "json", "-o", set_path)
    assert code == 2 and "is one of this command's input files" in err, err
    assert set_path.read_bytes() == before


def test_weights_ahp_refuses_its_own_ahp_file(run: RunFn, tmp_path: Path) -> None:
    ahp = tmp_path / "ahp.yaml"
    shutil.copy(REPO / "examples" / "ahp-dimensions.yaml", ahp)
    before = ahp.read_bytes()
    code, _out, err = run("weights", "ahp", ahp, "-o", ahp)
    assert code == 2 and f"-o {ahp} is one of this command's input files" in err
    assert ahp.read_bytes() == before


def test_import_refuses_its_own_workbook(run: RunFn, tmp_path: Path) -> None:
    import openpyxl

    workbook = tmp_path / "q.xlsx"
    code, _, err = run("template", "-f", "xlsx", "-o", workbook)
    assert code == 0, err
    book = openpyxl.load_workbook(workbook)
    sheet = book["Questionnaire"]
    sheet["B2"], sheet["B3"] = "acme", "Acme"
    book.save(workbook)
    before = workbook.read_bytes()
    assert run("import", workbook, "-o", tmp_path / "acme.yaml")[0] == 0  # a workbook that imports
    code, _, err = run("import", workbook, "-o", workbook)
    assert code == 2 and f"-o {workbook} is one of this command's input files" in err
    assert workbook.read_bytes() == before


# ---------------------------------------------------------------- 3. permission bits


def test_an_existing_report_keeps_its_mode(run: RunFn, tmp_path: Path) -> None:
    target = tmp_path / "bids.json"
    target.write_text("{}")
    target.chmod(0o600)
    code, _, err = run("rank", *VENDORS, "-f", "json", "-o", target)
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["vendors"]


def test_a_new_report_gets_0666_less_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        output.write_atomic(str(tmp_path / "new.json"), "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


# ---------------------------------------------------------------- 4. SIGTERM and SIGHUP

_SIGNALLED_WRITE = """
import os, signal, sys
from livescore import output
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.{name})
    real_fsync(fd)
os.fsync = fsync
{call}
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, name: str) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    call = f"output.write_atomic({str(target)!r}, 'x' * 5_000_000)"
    code = textwrap.dedent(_SIGNALLED_WRITE.format(name=name, call=call))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert target.read_text() == "old"
    _only(tmp_path, "report.json")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_rank_o_leaves_no_report(tmp_path: Path, name: str) -> None:
    target = tmp_path / "report.html"
    call = f"from livescore.cli import main; sys.argv = ['livescore', 'rank', *{VENDORS!r}, '-o', {str(target)!r}]; main()"
    code = textwrap.dedent(_SIGNALLED_WRITE.format(name=name, call=call))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, cwd=REPO)
    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert b"Traceback" not in done.stderr
    _only(tmp_path)


def test_the_signal_handlers_are_restored_after_the_write(tmp_path: Path) -> None:
    seen = {}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        seen["during"] = signal.getsignal(signal.SIGTERM)
        real_fsync(fd)

    before = signal.getsignal(signal.SIGTERM)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        os.fsync = fsync  # type: ignore[assignment]
        try:
            output.write_atomic(str(tmp_path / "r.txt"), "x")
        finally:
            os.fsync = real_fsync
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # an ignored signal stays ignored
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert signal.getsignal(signal.SIGTERM) is before
    if before is signal.SIG_DFL:
        assert seen["during"] is not signal.SIG_DFL


# ---------------------------------------------------------------- 5. the format from the extension


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("r.json", b"{"),
        ("r.csv", BOM + b"rank,id,name"),
        ("r.md", b"# Vendor ranking"),
        ("r.html", b"<!DOCTYPE html>"),
        ("r.xlsx", b"PK"),
        ("r.txt", b" "),
        ("report", b" "),
        ("R.JSON", b"{"),
    ],
)
def test_o_takes_the_format_from_the_extension(run: RunFn, tmp_path: Path, name: str, starts: bytes) -> None:
    code, _out, err = run("rank", *VENDORS, "-o", tmp_path / name)
    assert code == 0, err
    data = (tmp_path / name).read_bytes()
    assert data.startswith(starts), data[:80]
    if starts == b" ":
        assert "Aurora Live" in data.decode("utf-8") and b"<" not in data[:200]


def test_an_f_that_contradicts_the_extension_is_a_usage_error(run: RunFn, tmp_path: Path) -> None:
    code, _, err = run("rank", *VENDORS, "-f", "csv", "-o", tmp_path / "r.json")
    assert code == 2 and "-f csv contradicts -o" in err and "means json" in err
    _only(tmp_path)


def test_an_f_that_agrees_or_an_unknown_extension_is_kept(run: RunFn, tmp_path: Path) -> None:
    assert run("rank", *VENDORS, "-f", "json", "-o", tmp_path / "r.json")[0] == 0
    assert run("rank", *VENDORS, "-f", "csv", "-o", tmp_path / "r.txt")[0] == 0
    assert (tmp_path / "r.txt").read_bytes().startswith(BOM + b"rank,")


# ---------------------------------------------------------------- 6. UTF-8 bytes on stdout


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    environment.update({"NO_COLOR": "1", "COLUMNS": "100", **env})
    return subprocess.run([sys.executable, "-m", "livescore", *args], capture_output=True, cwd=REPO, env=environment, check=False)


CP1252 = {"PYTHONIOENCODING": "cp1252"}
C_LOCALE = {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


@pytest.mark.parametrize("env", [CP1252, C_LOCALE], ids=["cp1252", "C"])
@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_machine_formats_on_stdout_are_utf8_whatever_the_console(env: dict[str, str], fmt: str) -> None:
    done = _cli("rank", *VENDORS, "-f", fmt, **env)
    assert done.returncode == 0, done.stderr
    assert "极光直播" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("env", [CP1252, C_LOCALE], ids=["cp1252", "C"])
def test_validate_json_and_github_on_stdout_are_utf8(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "极光.yaml"
    bad.write_text("kind: vendor\nid: [\n", encoding="utf-8")
    for fmt in ("json", "github"):
        done = _cli("validate", str(bad), "-f", fmt, **env)
        assert done.returncode == 1, done.stderr
        assert "极光.yaml" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("env", [CP1252, C_LOCALE], ids=["cp1252", "C"])
def test_a_table_on_a_narrow_console_degrades_never_fails(env: dict[str, str]) -> None:
    done = _cli("rank", *VENDORS, **env)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Aurora Live" in done.stdout and b"?" in done.stdout


# ---------------------------------------------------------------- 7. the CSV byte order mark


def test_csv_on_stdout_has_no_bom_unless_asked(run: RunFn) -> None:
    code, out, _ = run("rank", *VENDORS, "-f", "csv")
    assert code == 0 and out.startswith("rank,")
    code, out, _ = run("rank", *VENDORS, "-f", "csv", "--bom")
    assert code == 0 and out.startswith("\ufeffrank,")


def test_bom_is_for_csv_only(run: RunFn) -> None:
    code, _, err = run("rank", *VENDORS, "-f", "json", "--bom")
    assert code == 2 and "--bom applies to CSV only" in err


def test_csv_file_starts_with_a_bom(run: RunFn, tmp_path: Path) -> None:
    code, _, err = run("rank", *VENDORS, "-f", "csv", "-o", tmp_path / "r.csv")
    assert code == 0, err
    data = (tmp_path / "r.csv").read_bytes()
    assert data.startswith(BOM + b"rank,") and data.count(BOM) == 1
    assert "极光直播" in data.decode("utf-8-sig")

"""Every Python and shell block of README.md and docs/*.md runs, and every relative link
resolves. The convention is documented in docs/README.md:

- ```python blocks are executed; ```console, ```bash, ```sh and ```shell blocks run their
  ``$ `` lines (a trailing backslash continues a command; other lines are shown output);
- blocks of one file run in order, in one scratch folder holding a copy of ``examples/`` and
  the ``benchmarks/`` scripts, so a later block can read what an earlier one wrote;
- ``<!-- doctest: skip (why) -->`` on the line before a block skips it, with the reason, for
  blocks that need data or hardware CI does not have;
- a block without a language may not hold commands: tag it ``console`` or ``text``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "examples/README.md"]
SHELL = {"console", "bash", "sh", "shell"}
SKIP = re.compile(r"<!--\s*doctest:\s*skip\s*\((?P<why>[^)]+)\)\s*-->")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)\)")
LOOKS_LIKE_A_COMMAND = re.compile(r"^(\$ |labelaudit |python |pip |make |\.venv/)")
COMMAND_TIMEOUT = 300  # s; the slowest documented command is a tiny training run


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    lang: str
    body: str
    skip: str | None

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    found, lines = [], path.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if not opening:
            number += 1
            continue
        end = next(i for i in range(number + 1, len(lines)) if lines[i].startswith("```"))
        before = next((lines[i] for i in range(number - 1, -1, -1) if lines[i].strip()), "")
        skip = SKIP.search(before)
        body = "\n".join(lines[number + 1 : end]) + "\n"
        found.append(Block(path, number + 1, opening["lang"], body, skip["why"] if skip else None))
        number = end + 1
    return found


def commands(body: str) -> list[str]:
    """The ``$ `` lines of a shell block, continuation lines joined."""
    found: list[str] = []
    continuing = False
    for line in body.splitlines():
        if continuing:
            found[-1] += "\n" + line
        elif line.startswith("$ "):
            found.append(line[2:])
        else:
            continue
        continuing = line.rstrip().endswith("\\")
    return found


ALL = [block for path in DOCS for block in blocks(path)]
RUNNABLE = [b for b in ALL if b.lang == "python" or b.lang in SHELL]


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    """One scratch folder per document, made on first use."""
    made: dict[Path, Path] = {}

    def get(document: Path) -> Path:
        if document not in made:
            folder = tmp_path_factory.mktemp(document.stem)
            shutil.copytree(ROOT / "examples", folder / "examples")
            (folder / "benchmarks").symlink_to(ROOT / "benchmarks")
            made[document] = folder
        return made[document]

    return get


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}".rstrip(os.pathsep)
    env.pop("COLUMNS", None)
    return env


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.name for b in RUNNABLE])
def test_block_runs(block: Block, workspaces, monkeypatch):
    if block.skip:
        pytest.skip(block.skip)
    folder = workspaces(block.path)
    if block.lang == "python":
        monkeypatch.chdir(folder)
        exec(compile(block.body, block.name, "exec"), {"__name__": "__docs__"})
        return
    steps = commands(block.body)
    assert steps, f"{block.name}: a {block.lang} block without '$ ' lines runs nothing"
    for step in steps:
        done = subprocess.run(
            step,
            shell=True,
            cwd=folder,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        assert done.returncode == 0, (
            f"{block.name}: `{step}` exited {done.returncode}\n{done.stdout}\n{done.stderr}"
        )


@pytest.mark.parametrize("block", ALL, ids=[b.name for b in ALL])
def test_untagged_blocks_hold_no_commands(block: Block):
    if block.lang:
        return
    first = block.body.lstrip().splitlines()[0] if block.body.strip() else ""
    assert not LOOKS_LIKE_A_COMMAND.match(first), (
        f"{block.name}: looks like commands; tag the block 'console' (runs its '$ ' lines, "
        "or add a doctest skip marker) or 'text'"
    )


def _anchors(document: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    anchors = set()
    in_code = False
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip().lower()
        title = re.sub(r"[^\w\- ]", "", title.replace("`", ""))
        anchors.add(title.replace(" ", "-"))
    return anchors


def _links(document: Path) -> list[tuple[int, str]]:
    found, in_code = [], False
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            in_code = not in_code
        if not in_code:
            found += [(number, m["target"]) for m in LINK.finditer(line)]
    return found


LINKS = [
    (document, number, target)
    for document in DOCS
    for number, target in _links(document)
    if not re.match(r"^[a-z]+:", target)  # http:, https:, mailto:
]


@pytest.mark.parametrize(
    ("document", "number", "target"),
    LINKS,
    ids=[f"{d.relative_to(ROOT)}:{n}" for d, n, _ in LINKS],
)
def test_relative_link_resolves(document: Path, number: int, target: str):
    file_part, _, anchor = target.partition("#")
    linked = (document.parent / file_part).resolve() if file_part else document
    assert linked.exists(), f"{document.name}:{number}: {target} does not exist"
    if anchor and linked.suffix == ".md":
        assert anchor in _anchors(linked), f"{document.name}:{number}: no heading #{anchor}"


def test_the_docs_have_runnable_blocks():
    # A guard against a parser change that silently finds nothing to run.
    assert len([b for b in RUNNABLE if not b.skip]) >= 10
    assert len(LINKS) >= 10

"""Library errors name Python parameters, never CLI flags; the CLI shows them as its flags.

The scan reads every module outside ``labelaudit/cli`` with ``ast``, so a new ``--flag`` in a
library message fails here, not in a user's notebook.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from labelaudit import errors
from labelaudit.errors import LabelauditError, OptionError

PACKAGE = Path(errors.__file__).parent
LIBRARY = sorted(p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts)
FLAG = re.compile(r"(?<![\w-])--[a-z]")
ERROR_NAMES = {
    name for name, value in vars(errors).items() if isinstance(value, type) and name[0] != "_"
}


def _strings(node: ast.AST) -> list[str]:
    """The literal text of an expression: string constants and f-string parts."""
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def _error_calls(path: Path):
    """Calls of an exception class (``InputError(...)``, ``ValueError(...)``) in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.endswith(("Error", "Exception")) and node.args:
                yield name, node


def test_the_scan_sees_the_library():
    assert len(LIBRARY) > 50 and not any(p.parent.name == "cli" for p in LIBRARY)


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_error_messages_name_no_cli_flags(path):
    flagged = [
        f"line {node.lineno}: {text!r}"
        for _, node in _error_calls(path)
        for text in _strings(node.args[0])
        if FLAG.search(text)
    ]
    assert not flagged, f"{path.name}: messages with CLI flags (name the parameter): {flagged}"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_named_parameters_appear_in_their_message(path):
    """``OptionError("epochs must be ...", "epochs")``: the CLI can only rewrite what is there."""
    for name, node in _error_calls(path):
        if name not in ERROR_NAMES:
            continue
        text = "".join(_strings(node.args[0]))
        if not text:
            continue  # a message made elsewhere (str(exc), a helper's)
        for arg in node.args[1:]:
            for parameter in _strings(arg):
                word = parameter.removesuffix("=")
                assert re.search(rf"(?<![\w/.-]){word}(?![\w/.-])", text), (
                    f"{path.name}:{node.lineno}: {parameter!r} not in {text!r}"
                )


def test_library_raises_no_bare_base_class_and_defines_no_error_classes():
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                assert getattr(func, "id", None) != "LabelauditError", f"{path}:{node.lineno}"
            if isinstance(node, ast.ClassDef) and path.name != "errors.py":
                assert not node.name.endswith(("Error", "Exception")), (
                    f"{path}:{node.lineno}: error classes live in labelaudit/errors.py"
                )


def test_every_error_class_is_a_labelaudit_error():
    for name in ERROR_NAMES:
        value = getattr(errors, name)
        if issubclass(value, BaseException):
            assert issubclass(value, LabelauditError), name


# -- from Python: parameter names ---------------------------------------------------------


def test_python_callers_read_parameter_names(tmp_path):
    from labelaudit.agreement import align_readers
    from labelaudit.synth.dataset import generate
    from labelaudit.validation import ValidationInputs, ValidationOptions
    from labelaudit.validation.run import score_validation

    with pytest.raises(OptionError, match=r"^n must be at least 1, got 0$"):
        generate(tmp_path / "s", n=0)
    with pytest.raises(OptionError, match=r"^film_format must be one of png, dicom, got tiff$"):
        generate(tmp_path / "s", film_format="tiff")
    with pytest.raises(OptionError, match=r"^n_resamples must be 0 \(off\)"):
        score_validation(ValidationInputs(tmp_path / "gold.csv"), ValidationOptions(n_resamples=-1))
    with pytest.raises(OptionError, match=r"^give either pred .* or reports"):
        both = ValidationInputs(tmp_path / "gold.csv", pred=tmp_path / "p", reports=tmp_path / "r")
        score_validation(both, ValidationOptions())
    with pytest.raises(LabelauditError, match=r"or one with reference$"):
        align_readers([])


def test_the_labeler_rejects_options_with_a_subclass():
    from labelaudit import Labeler

    with pytest.raises(OptionError, match="unknown aggregation 'chexbert'") as caught:
        Labeler(aggregation="chexbert")
    assert type(caught.value) is OptionError
    with pytest.raises(OptionError, match=r"^sections: expected one of"):
        Labeler(sections=",")


def test_training_options_name_parameters():
    pytest.importorskip("torch")
    from labelaudit.train import TrainOptions
    from labelaudit.train.split import folds

    with pytest.raises(OptionError, match=r"^epochs must be at least 1$"):
        TrainOptions(epochs=0).check()
    with pytest.raises(OptionError, match=r"^label_smoothing applies to uncertain=ones only$"):
        TrainOptions(label_smoothing=(0.5, 0.9)).check()
    import pandas as pd

    with pytest.raises(OptionError, match=r"^k=3 is more than the 1 patients"):
        folds(pd.DataFrame({"patient_id": ["p1"]}), 3)


# -- from the CLI: the same errors as flags -------------------------------------------------


@pytest.fixture
def invoke(cli):
    return cli


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["synth", "{tmp}/s", "--format", "tiff"], "error: --format must be one of png, dicom"),
        (
            ["validate", "--gold", "{tmp}/g.csv", "--pred", "{tmp}/p", "--reports", "{tmp}/r"],
            "error: give either --pred (a label file) or --reports (text to label), not both",
        ),
        (
            ["extract", "{tmp}/r.csv", "--sections", "findngs"],
            "error: --sections: unknown section 'findngs'; did you mean 'findings'?",
        ),
    ],
)
def test_the_cli_shows_flags(invoke, tmp_path, argv, message):
    (tmp_path / "r.csv").write_text("report\nNo effusion.\n", encoding="utf-8")
    result = invoke(*[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    errors_ = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors_) == 1 and "Traceback" not in result.output, result.output


def test_the_cli_rewrites_values_and_booleans(invoke, tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "old.txt").write_text("x", encoding="utf-8")
    result = invoke("synth", tmp_path / "s", "--n", "2")
    assert result.exit_code == 1
    assert "folder is not empty; pass --overwrite to replace a dataset" in result.output


def test_a_path_that_looks_like_a_parameter_stays_as_it_is():
    from labelaudit.cli import synth as synth_command
    from labelaudit.cli.app import as_flags

    exc = OptionError("out/n: folder is not empty; n=2 asked", "n")
    assert (
        as_flags(exc, synth_command.synth.__wrapped__) == "out/n: folder is not empty; --n 2 asked"
    )


def test_messages_keep_their_brackets(invoke, monkeypatch):
    """rich markup would take "[audit]" of the pip line for a style and drop it."""
    monkeypatch.setitem(sys.modules, "cleanlab", None)
    result = invoke("audit", "--labels", "x.csv", "--predictions", "y.csv", "-o", "z")
    assert result.exit_code == 1
    assert result.output.strip().endswith("pip install 'labelaudit[audit]'"), result.output

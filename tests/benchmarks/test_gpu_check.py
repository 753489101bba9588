"""benchmarks/gpu_check.py on the CPU: its verdict, its table, and every measure on a tiny VGG."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "gpu_check.py"


@pytest.fixture(scope="module")
def gpu_check():
    spec = importlib.util.spec_from_file_location("gpu_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gpu_check"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("gpu_check", None)


def test_loader_verdict(gpu_check):
    ok, message = gpu_check.loader_verdict(300.0, 100.0)
    assert ok and "3.0x faster" in message
    ok, message = gpu_check.loader_verdict(50.0, 100.0)
    assert not ok and "SLOWER" in message and "decode_jpeg" in message


def test_table_compares_each_row_with_its_reference(gpu_check):
    from rich.console import Console

    rows = [
        gpu_check.Measure("train 224 px: plain loop fp32", 100.0, 10.0),
        gpu_check.Measure("train 224 px: bf16", 250.0, 6.0, "train 224 px: plain loop fp32"),
        gpu_check.Measure("predict", 900.0),
    ]
    console = Console(width=200, record=True)
    console.print(gpu_check.build_table(rows, "check"))
    text = console.export_text()
    assert "2.50x train 224 px: plain loop fp32" in text
    assert "250.0" in text and "6.0" in text and "900.0" in text


def test_without_cuda_it_says_so_and_exits_0(gpu_check, monkeypatch, capsys):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert gpu_check.main([]) == 0
    assert "no CUDA device found" in capsys.readouterr().out


def test_every_measure_runs_on_the_cpu_with_a_tiny_model(gpu_check):
    args = gpu_check.parse_args(
        ["--device", "cpu", "--sizes", "32", "--loader-size", "32", "--batch-size", "2",
         "--width", "0.0625", "--steps", "1", "--warmup", "1", "--workers", "0",
         "--jpegs", "4", "--jpeg-source-size", "48"]
    )  # fmt: skip
    rows, ok, message = gpu_check.run_checks(args, torch.device("cpu"))
    names = [row.what for row in rows]
    assert names[:3] == [
        "train 32 px: plain loop fp32",
        "train 32 px: labelaudit fp32 + channels_last",
        "train 32 px: labelaudit bf16 + channels_last",
    ]
    assert "predict 32 px" in names and any("gradcam" in n for n in names)
    assert any(n.startswith("data loader") for n in names)
    assert all(row.images_per_s > 0 for row in rows)
    loader = next(r for r in rows if r.what.startswith("data loader"))
    model = next(r for r in rows if r.what == loader.reference)
    assert ok == (loader.images_per_s >= model.images_per_s) and message

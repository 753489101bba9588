"""The loss is the sum over observations of masked mean BCE on logits."""

from __future__ import annotations

import math

import pytest

torch = pytest.importorskip("torch")

from labelaudit.train.loss import loss_for, masked_bce_sum, masked_ce_sum  # noqa: E402


def bce(logit: float, target: float) -> float:
    p = 1 / (1 + math.exp(-logit))
    return -(target * math.log(p) + (1 - target) * math.log(1 - p))


def test_loss_equals_hand_computed_sum():
    logits = torch.tensor([[2.0, -1.0, 0.5], [-0.5, 3.0, 1.0]])
    targets = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    mask = torch.tensor([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    expected = (
        (bce(2.0, 1) + bce(-0.5, 0)) / 2  # observation 0: both images count
        + bce(-1.0, 0) / 1  # observation 1: only the first image
        + 0.0  # observation 2: fully masked, adds nothing
    )
    assert masked_bce_sum(logits, targets, mask).item() == pytest.approx(expected, rel=1e-6)


def test_fully_masked_batch_gives_zero_not_nan():
    logits = torch.randn(3, 14)
    loss = masked_bce_sum(logits, torch.ones(3, 14), torch.zeros(3, 14))
    assert loss.item() == 0.0


def test_masked_entries_get_no_gradient():
    logits = torch.randn(2, 2, requires_grad=True)
    mask = torch.tensor([[1.0, 0.0], [1.0, 0.0]])
    masked_bce_sum(logits, torch.ones(2, 2), mask).backward()
    assert logits.grad[:, 1].abs().sum().item() == 0.0
    assert logits.grad[:, 0].abs().sum().item() > 0.0


def test_bf16_logits_are_scored_in_float32():
    logits = torch.tensor([[0.3, -0.2]], dtype=torch.bfloat16)
    loss = masked_bce_sum(logits, torch.tensor([[1.0, 0.0]]), torch.ones(1, 2))
    assert loss.dtype == torch.float32


def test_soft_targets_give_the_soft_bce():
    logits = torch.tensor([[0.4]])
    loss = masked_bce_sum(logits, torch.tensor([[0.7]]), torch.ones(1, 1))
    assert loss.item() == pytest.approx(bce(0.4, 0.7), rel=1e-6)


def ce(logits: list[float], target: int) -> float:
    return -(logits[target] - math.log(sum(math.exp(z) for z in logits)))


def test_multiclass_loss_equals_hand_computed_sum():
    # 2 images x 2 observations x 3 classes (negative, uncertain, positive).
    z = [[[1.0, 0.0, -1.0], [0.2, 0.3, 0.4]], [[-0.5, 2.0, 0.1], [0.0, 0.0, 3.0]]]
    logits = torch.tensor(z).reshape(2, 6)
    targets = torch.tensor([[0.0, 2.0], [1.0, 2.0]])
    mask = torch.tensor([[1.0, 1.0], [1.0, 0.0]])
    expected = (ce(z[0][0], 0) + ce(z[1][0], 1)) / 2 + ce(z[0][1], 2)
    assert masked_ce_sum(logits, targets, mask).item() == pytest.approx(expected, rel=1e-6)


def test_loss_for_picks_by_classes():
    assert loss_for(1) is masked_bce_sum
    assert loss_for(3) is masked_ce_sum

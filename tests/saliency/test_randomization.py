"""The model-randomisation sanity check passes a real method and fails a blind one."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from labelaudit.saliency.methods import Method  # noqa: E402
from labelaudit.saliency.randomization import (  # noqa: E402
    SanityResult,
    randomization_check,
    randomized_copy,
)


class WeightFree(nn.Module):
    """Logits that ignore every learnable weight: its maps cannot depend on training."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 2, 3, padding=1))
        self.register_buffer("fixed", torch.linspace(-1, 1, 14))

    def forward(self, x):
        return (x**2).mean(dim=(1, 2, 3))[:, None] * self.fixed + 0 * self.features(x).sum()


def test_randomized_copy_changes_weights_and_leaves_original(tiny_net):
    before = {k: v.clone() for k, v in tiny_net.state_dict().items()}
    clone = randomized_copy(tiny_net, seed=1)
    for name, value in tiny_net.state_dict().items():
        torch.testing.assert_close(value, before[name])
    assert not torch.allclose(clone.features[0].weight, tiny_net.features[0].weight)


@pytest.mark.parametrize("method", [Method.GRADIENT, Method.GRADCAM])
def test_real_model_passes(tiny_net, images, method):
    result = randomization_check(tiny_net, images, [0, 1, 2], method)
    assert result.pairs > 0
    assert result.verdict == "passed", result


def test_model_without_learned_weights_fails(images):
    result = randomization_check(WeightFree().eval(), images, [0, 13], Method.GRADIENT)
    assert result.mean_rho == pytest.approx(1.0)
    assert result.verdict == "FAILED"


def test_verdict_without_pairs_is_undetermined():
    result = SanityResult("gradcam", 0, float("nan"), float("nan"), 0.5)
    assert result.verdict == "undetermined"
    assert result.to_dict()["verdict"] == "undetermined"


def test_flat_map_against_structured_map_counts_as_changed(tiny_net, images):
    class Flat(torch.nn.Module):
        def forward(self, x):
            return torch.zeros(x.shape[0], 14) + 0 * x.sum()

    result = randomization_check(tiny_net, images, [0], Method.GRADIENT, randomized=Flat())
    assert result.pairs == 2 and result.mean_rho == 0.0
    assert result.verdict == "passed"

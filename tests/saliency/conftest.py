"""Tiny CNNs and images: every saliency test runs in well under a second on a CPU."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

OUTPUTS = 14


class TinyNet(nn.Module):
    """VGG-shaped: ``features`` (conv/ReLU(inplace)/pool) then pooled linear head."""

    def __init__(self, outputs: int = OUTPUTS, inplace: bool = True) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, padding=1),
            nn.ReLU(inplace=inplace),
            nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, padding=1),
            nn.ReLU(inplace=inplace),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Linear(6, outputs))

    def forward(self, x):
        return self.classifier(self.pool(self.features(x)).flatten(1))


@pytest.fixture
def tiny_net_class() -> type[TinyNet]:
    return TinyNet


@pytest.fixture
def tiny_net() -> TinyNet:
    torch.manual_seed(0)
    return TinyNet().eval()


@pytest.fixture
def images() -> torch.Tensor:
    generator = torch.Generator().manual_seed(1)
    return torch.randn(2, 3, 16, 16, generator=generator)

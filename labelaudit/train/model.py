"""VGG16 with one output per observation, optionally thinned for CI and quick CPU runs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn
from torchvision.models import vgg

from labelaudit.errors import InputError, OptionError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train.policies import MulticlassTarget

# torchvision's ImageNet weights (VGG16[_BN]_Weights.IMAGENET1K_V1), as the hub caches them.
PRETRAINED = {
    False: vgg.VGG16_Weights.IMAGENET1K_V1.url,
    True: vgg.VGG16_BN_Weights.IMAGENET1K_V1.url,
}
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class Architecture:
    """Everything needed to rebuild the network before loading a state_dict."""

    name: str = "vgg16"
    width: float = 1.0  # scales every channel count of cfg "D" and the hidden layers
    pretrained: bool = False
    num_outputs: int = len(OBSERVATIONS)
    batch_norm: bool = False  # VGG16-BN: trains from scratch where plain VGG16 stalls
    classes: int = 1  # logits per observation: 3 for U-MultiClass (negative/uncertain/positive)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Architecture:
        names = ("name", "width", "pretrained", "num_outputs", "batch_norm", "classes")
        return cls(**{k: data[k] for k in names if k in data})


def pretrained_weights_path(batch_norm: bool = False) -> Path:
    return Path(torch.hub.get_dir()) / "checkpoints" / PRETRAINED[batch_norm].rsplit("/", 1)[1]


def build_model(arch: Architecture) -> nn.Module:
    """VGG16 (cfg "D") whose last layer has ``arch.num_outputs * arch.classes`` logits.

    This is the network that trains; :func:`binary_view` gives the one-logit-per-observation
    view that prediction, saliency and the audit read.
    """
    if arch.classes not in (1, 3):
        raise InputError(f"classes per observation must be 1 or 3, got {arch.classes}")
    outputs = arch.num_outputs * arch.classes
    if arch.name != "vgg16":
        raise InputError(f"unknown architecture '{arch.name}'; only vgg16 is supported")
    if not 0 < arch.width <= 1:
        raise OptionError(f"width must be in (0, 1], got {arch.width}", "width")
    if arch.pretrained:
        if arch.width != 1:
            raise OptionError(
                "pretrained=True needs the full VGG16 (width=1)", "pretrained", "width"
            )
        return _pretrained_vgg16(outputs, arch.batch_norm)

    cfg = [v if v == "M" else max(1, round(v * arch.width)) for v in vgg.cfgs["D"]]
    features = vgg.make_layers(cfg, batch_norm=arch.batch_norm)
    # The stock 25088x4096 head would be built and initialised only to be thrown away.
    with torch.device("meta"):
        model = vgg.VGG(features, num_classes=outputs)
    hidden = max(1, round(4096 * arch.width))
    model.classifier = _classifier(cfg[-2] * 7 * 7, hidden, outputs)
    return model


class PositiveVsNegative(nn.Module):
    """A U-MultiClass network seen as a binary one: one logit per observation.

    The CheXpert paper reports p(positive) renormalised over negative + positive, i.e. the
    softmax restricted to those two logits. That equals sigmoid(z_pos - z_neg), so this view
    returns z_pos - z_neg and everything that applies a sigmoid to logits (predict, the
    audit, the saliency gradients) works unchanged.
    """

    def __init__(self, net: nn.Module, classes: int) -> None:
        super().__init__()
        self.net = net
        self.classes = classes

    @property
    def features(self) -> nn.Module:  # Grad-CAM looks for VGG's convolutions here
        return self.net.get_submodule("features")

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        logits = self.net(images)
        per_class = logits.reshape(logits.shape[0], -1, self.classes)
        return per_class[..., MulticlassTarget.POSITIVE] - per_class[..., MulticlassTarget.NEGATIVE]


def binary_view(net: nn.Module, arch: Architecture) -> nn.Module:
    """The network itself, or for U-MultiClass its positive-vs-negative view."""
    return net if arch.classes == 1 else PositiveVsNegative(net, arch.classes)


def _classifier(in_features: int, hidden: int, num_outputs: int) -> nn.Sequential:
    """The VGG head, initialised as torchvision does."""
    head = nn.Sequential(
        nn.Linear(in_features, hidden),
        nn.ReLU(True),
        nn.Dropout(0.5),
        nn.Linear(hidden, hidden),
        nn.ReLU(True),
        nn.Dropout(0.5),
        nn.Linear(hidden, num_outputs),
    )
    for layer in head:
        if isinstance(layer, nn.Linear):
            nn.init.normal_(layer.weight, 0, 0.01)
            nn.init.constant_(layer.bias, 0)
    return head


def _pretrained_vgg16(num_outputs: int, batch_norm: bool) -> nn.Module:
    path = pretrained_weights_path(batch_norm)
    if not path.is_file():
        raise InputError(
            f"pretrained=True: ImageNet weights not found at {path}; labelaudit never downloads. "
            f"Download {PRETRAINED[batch_norm]} and put it there (or set TORCH_HOME)",
            "pretrained",
        )
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        # The 1000-class ImageNet model is built only once the file has read cleanly.
        model = vgg.vgg16_bn(weights=None) if batch_norm else vgg.vgg16(weights=None)
        model.load_state_dict(state)
    except Exception as exc:  # a truncated or foreign file: say which file, not a traceback
        raise InputError(f"{path}: not a usable VGG16 state_dict ({type(exc).__name__})") from None
    last = nn.Linear(4096, num_outputs)
    nn.init.normal_(last.weight, 0, 0.01)
    nn.init.constant_(last.bias, 0)
    model.classifier[6] = last
    return model

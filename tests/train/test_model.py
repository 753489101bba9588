from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from labelaudit.errors import InputError  # noqa: E402
from labelaudit.observations import OBSERVATIONS  # noqa: E402
from labelaudit.train.model import Architecture, build_model  # noqa: E402


def test_thin_vgg16_has_one_logit_per_observation():
    model = build_model(Architecture(width=1 / 16))
    convs = [m for m in model.features if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 13  # VGG16 = cfg "D": 13 convolutions + 3 linear layers
    assert [c.out_channels for c in convs][:3] == [4, 4, 8]
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, len(OBSERVATIONS))
    assert not any(p.is_meta for p in model.parameters())


@pytest.mark.parametrize("width", [0, -0.5, 1.5])
def test_width_out_of_range_is_a_user_error(width):
    with pytest.raises(InputError, match=r"^width must be in"):
        build_model(Architecture(width=width))


def test_pretrained_needs_the_local_weights_file(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    with pytest.raises(InputError) as info:
        build_model(Architecture(pretrained=True))
    message = str(info.value)
    assert str(tmp_path / "checkpoints" / "vgg16-397923af.pth") in message
    assert "download.pytorch.org" in message and "never downloads" in message


def test_pretrained_rejects_a_damaged_weights_file(tmp_path, monkeypatch):
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "checkpoints" / "vgg16-397923af.pth").write_bytes(b"not a checkpoint")
    monkeypatch.setattr(torch.hub, "get_dir", lambda: str(tmp_path))
    with pytest.raises(InputError, match="not a usable VGG16 state_dict"):
        build_model(Architecture(pretrained=True))


def test_pretrained_needs_full_width():
    with pytest.raises(InputError, match=r"\(width=1\)"):
        build_model(Architecture(width=0.5, pretrained=True))


def test_multiclass_model_has_three_logits_per_observation_and_a_binary_view():
    from labelaudit.train.model import binary_view

    arch = Architecture(width=1 / 16, classes=3)
    torch.manual_seed(0)
    net = build_model(arch).eval()
    images = torch.randn(2, 3, 32, 32)
    three_way = net(images).reshape(2, len(OBSERVATIONS), 3)
    view = binary_view(net, arch)
    assert view.features is net.features  # Grad-CAM finds the convolutions
    logits = view(images)
    assert logits.shape == (2, len(OBSERVATIONS))
    # sigmoid(view) is p(positive) renormalised over negative + positive (CheXpert paper)
    restricted = torch.softmax(three_way[..., [0, 2]], dim=-1)[..., 1]
    torch.testing.assert_close(torch.sigmoid(logits), restricted)
    assert binary_view(build_model(Architecture(width=1 / 16)), Architecture()) is not view


def test_classes_must_be_one_or_three():
    with pytest.raises(InputError, match="1 or 3"):
        build_model(Architecture(width=1 / 16, classes=2))

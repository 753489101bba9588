"""The three saliency methods: shapes, dtypes, analytic values, in-place safety."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

from labelaudit.errors import InputError  # noqa: E402
from labelaudit.saliency.gradcam import gradcam_maps, last_conv_layer, upsample  # noqa: E402
from labelaudit.saliency.gradient import gradient_maps  # noqa: E402
from labelaudit.saliency.maps import compute_maps  # noqa: E402
from labelaudit.saliency.methods import Method  # noqa: E402
from labelaudit.saliency.smoothgrad import smoothgrad_maps  # noqa: E402


def linear_model(channels: int, size: int) -> nn.Module:
    """S = w^T I + b, flattened: the course material's linear score."""
    torch.manual_seed(3)
    return nn.Sequential(nn.Flatten(), nn.Linear(channels * size * size, 14)).eval()


def test_gradient_map_shape_dtype_finite(tiny_net, images):
    maps, logits = gradient_maps(tiny_net, images, [2, 10])
    assert maps.shape == (2, 2, 16, 16)
    assert maps.dtype == torch.float32
    assert torch.isfinite(maps).all()
    assert (maps >= 0).all()
    assert maps.sum() > 0
    assert logits.shape == (2, 14)
    assert not maps.requires_grad


def test_gradient_equals_abs_weights_for_linear_model():
    model = linear_model(3, 8)
    images = torch.randn(4, 3, 8, 8)
    targets = [0, 5, 13]
    maps, _ = gradient_maps(model, images, targets)
    weights = model[1].weight.detach().reshape(14, 3, 8, 8)
    for position, k in enumerate(targets):
        expected = weights[k].abs().amax(dim=0)
        for image in range(4):
            torch.testing.assert_close(maps[image, position], expected)


def test_gradient_uses_the_logit_not_the_probability():
    # A large bias saturates the sigmoid; the logit's gradient must not shrink with it.
    model = linear_model(1, 4)
    with torch.no_grad():
        model[1].bias.fill_(20.0)
    maps, logits = gradient_maps(model, torch.randn(1, 1, 4, 4), [0])
    assert torch.sigmoid(logits[0, 0]) > 0.999
    torch.testing.assert_close(maps[0, 0], model[1].weight[0].detach().abs().reshape(4, 4))


def test_gradient_does_not_depend_on_batch_neighbours(tiny_net, images):
    together, _ = gradient_maps(tiny_net, images, [4])
    alone, _ = gradient_maps(tiny_net, images[1:], [4])
    torch.testing.assert_close(together[1:], alone)


def test_gradcam_is_non_negative_at_feature_map_resolution(tiny_net, images):
    maps, logits = gradcam_maps(tiny_net, images, [0, 3, 7])
    assert maps.shape == (2, 3, 8, 8)  # 16 px input, one 2x2 pool before the last conv
    assert (maps >= 0).all()
    assert torch.isfinite(maps).all()
    assert logits.shape == (2, 14)
    assert upsample(maps, (16, 16)).shape == (2, 3, 16, 16)


def test_gradcam_matches_the_formula_on_a_one_channel_model():
    # A = conv1x1(x) = x; S_k = w_k * mean(relu(A)) + b_k.  For x > 0:
    # dS_k/dA = w_k / HW, alpha_k = w_k / HW, Grad-CAM = relu(w_k * x / HW).
    conv = nn.Conv2d(1, 1, 1, bias=False)
    head = nn.Linear(1, 14)
    with torch.no_grad():
        conv.weight.fill_(1.0)
        head.weight.copy_(torch.linspace(-1, 1, 14)[:, None])
    model = nn.Sequential(conv, nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), head).eval()
    x = torch.rand(1, 1, 5, 5) + 0.1
    maps, _ = gradcam_maps(model, x, [13, 0])
    torch.testing.assert_close(maps[0, 0], x[0, 0] / 25)  # w = +1
    assert (maps[0, 1] == 0).all()  # w = -1: nothing speaks for the class


def test_gradcam_survives_in_place_relu(tiny_net_class, images):
    torch.manual_seed(0)
    inplace = tiny_net_class(inplace=True).eval()
    plain = tiny_net_class(inplace=False).eval()
    plain.load_state_dict(inplace.state_dict())
    with_inplace, _ = gradcam_maps(inplace, images, [1, 2])
    without, _ = gradcam_maps(plain, images, [1, 2])
    torch.testing.assert_close(with_inplace, without)


def test_gradcam_default_layer_is_last_conv_of_features(tiny_net):
    assert last_conv_layer(tiny_net) is tiny_net.features[3]


def test_gradcam_without_conv_layer_is_a_clear_error():
    with pytest.raises(InputError, match="convolutional layer"):
        gradcam_maps(linear_model(3, 4), torch.randn(1, 3, 4, 4), [0])


def test_smoothgrad_of_linear_model_is_abs_weights():
    model = linear_model(3, 6)
    maps, _ = smoothgrad_maps(model, torch.randn(2, 3, 6, 6), [1], samples=3)
    expected = model[1].weight.detach()[1].reshape(3, 6, 6).abs().amax(dim=0)
    torch.testing.assert_close(maps[0, 0], expected)


def test_smoothgrad_without_noise_is_the_gradient(tiny_net, images):
    smooth, smooth_logits = smoothgrad_maps(tiny_net, images, [6], samples=2, noise=0.0)
    plain, logits = gradient_maps(tiny_net, images, [6])
    torch.testing.assert_close(smooth, plain)
    torch.testing.assert_close(smooth_logits, logits)


def test_smoothgrad_is_reproducible_per_seed(tiny_net, images):
    first, _ = smoothgrad_maps(tiny_net, images, [6], samples=2, seed=5)
    again, _ = smoothgrad_maps(tiny_net, images, [6], samples=2, seed=5)
    other, _ = smoothgrad_maps(tiny_net, images, [6], samples=2, seed=6)
    torch.testing.assert_close(first, again)
    assert not torch.allclose(first, other)


@pytest.mark.parametrize("method", list(Method))
def test_compute_maps_gives_input_resolution(tiny_net, images, method):
    maps, logits = compute_maps(tiny_net, images, [0, 13], method)
    assert logits.shape == (2, 14)
    assert maps.shape == (2, 2, 16, 16)
    assert maps.dtype == torch.float32
    assert (maps >= 0).all() and torch.isfinite(maps).all()
    assert tiny_net.training is False


def test_methods_restore_training_mode(tiny_net_class, images):
    model = tiny_net_class().train()
    gradient_maps(model, images, [0])
    assert model.training


def test_out_of_range_target_is_a_clear_error(tiny_net, images):
    with pytest.raises(InputError, match="out of range"):
        gradient_maps(tiny_net, images, [14])


def test_parse_methods():
    from labelaudit.saliency.methods import parse_methods

    assert parse_methods("all") == list(Method)
    assert parse_methods("gradcam") == [Method.GRADCAM]
    with pytest.raises(InputError, match="choose one of: gradient, gradcam, smoothgrad, all"):
        parse_methods("lime")

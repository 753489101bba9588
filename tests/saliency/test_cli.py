"""``labelaudit saliency`` end to end on a tiny VGG run folder and a few PNGs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image

torch = pytest.importorskip("torch")

from labelaudit.errors import InputError  # noqa: E402
from labelaudit.manifest import read_manifest  # noqa: E402
from labelaudit.observations import OBSERVATIONS  # noqa: E402
from labelaudit.train.model import IMAGENET_MEAN, IMAGENET_STD, Architecture, build_model  # noqa: E402

SIZE = 32


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    architecture = Architecture(width=1 / 16)
    torch.manual_seed(0)
    model = build_model(architecture)
    torch.save(model.state_dict(), folder / "best.pt")
    card = {
        "observations": list(OBSERVATIONS),
        "image_size": SIZE,
        "normalization": {"mean": list(IMAGENET_MEAN), "std": list(IMAGENET_STD)},
        "architecture": architecture.to_dict(),
    }
    (folder / "model.json").write_text(json.dumps(card))
    return folder


@pytest.fixture(scope="module")
def image_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    rng = np.random.default_rng(0)
    for study in ("s1", "s2"):
        (folder / study).mkdir()
        pixels = (rng.random((40, 40)) * 255).astype(np.uint8)
        Image.fromarray(pixels).save(folder / study / "view1_frontal.png")
    (folder / "s2" / "broken.png").write_bytes(b"\x89PNG not really")
    return folder


@pytest.fixture(scope="module")
def mask_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("masks") / "pleural_effusion"
    folder.mkdir()
    mask = np.zeros((40, 40), dtype=np.uint8)
    mask[20:, :20] = 255
    Image.fromarray(mask).save(folder / "view1_frontal.png")
    return folder.parent


@pytest.fixture(scope="session")
def invoke(cli):
    """`labelaudit saliency ARGS`."""

    def checked(*args: str):
        return cli("saliency", *args)

    return checked


def test_exports_every_image_and_observation(invoke, run_dir, image_dir, mask_dir, tmp_path):
    out = tmp_path / "out"
    result = invoke(
        "--run", str(run_dir), "--images", str(image_dir), "--observations",
        "Pleural Effusion,edema", "--method", "all", "--output", str(out), "--device", "cpu",
        "--sanity-images", "2", "--masks", str(mask_dir), "--top", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "skipped 1 unreadable image" in result.output
    index = pd.read_csv(out / "index.csv")
    assert len(index) == 2 * 2 * 3  # images × observations × methods
    assert set(index["observation"]) == {"Pleural Effusion", "Edema"}
    assert {"sanity", "pointing_hit", "energy_inside"} <= set(index.columns)
    for row in index.itertuples():
        saliency = np.load(out / row.map_npy)
        assert saliency.shape == (SIZE, SIZE) and saliency.dtype == np.float32
        assert (out / row.overlay_png).is_file()
        assert row.probability == pytest.approx(1 / (1 + np.exp(-row.logit)), abs=1e-5)
    # The two images share a file name: their outputs must not collide.
    assert index["map_npy"].nunique() == len(index)
    assert len(list((out / "contact_sheets").glob("*.png"))) == 2 * 3
    sanity = pd.read_csv(out / "sanity.csv")
    assert list(sanity["method"]) == ["gradient", "gradcam", "smoothgrad"]
    validity = pd.read_csv(out / "validity.csv")
    assert set(validity["method"]) == {"gradient", "gradcam", "smoothgrad"}
    assert (validity["maps"] > 0).all()
    skipped = pd.read_csv(out / "skipped_images.csv")
    assert skipped["path"].str.endswith("broken.png").all()
    # index.html: every contact sheet linked, with the colour scale and the verdicts
    page = (out / "index.html").read_text(encoding="utf-8")
    for sheet in (out / "contact_sheets").glob("*.png"):
        assert f"src='contact_sheets/{sheet.name}'" in page
    assert "Colour scale" in page and "linear-gradient" in page
    assert "outline of the finding as drawn" in page
    assert "pointing game" in page and "no drawn masks for this finding" in page
    for verdict in sanity["verdict"]:
        assert ("class='stamp'>FAILED" if verdict == "FAILED" else verdict) in page


def test_run_folder_without_checkpoint(invoke, run_dir, image_dir, tmp_path):
    empty = tmp_path / "run"
    empty.mkdir()
    (empty / "model.json").write_text((run_dir / "model.json").read_text())
    result = invoke("--run", str(empty), "--images", str(image_dir), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "no best.pt" in result.output
    assert "Traceback" not in result.output


def test_not_a_run_folder(invoke, image_dir, tmp_path):
    result = invoke("--run", str(tmp_path), "--images", str(image_dir))
    assert result.exit_code == 1
    assert "not a training run folder" in result.output


def test_unknown_observation(invoke, run_dir, image_dir, tmp_path):
    result = invoke(
        "--run", str(run_dir), "--images", str(image_dir), "--observations", "Pneumomediastinum",
        "-o", str(tmp_path / "o"), "--device", "cpu",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "does not know observation(s) 'Pneumomediastinum'" in result.output


def test_no_readable_image(invoke, run_dir, image_dir, tmp_path):
    listing = tmp_path / "listing.csv"
    listing.write_text("path\nmissing.png\n")  # a listed image that is absent: skipped
    result = invoke(
        "--run", str(run_dir), "--images", str(image_dir / "s2" / "broken.png"),
        "--images", str(listing), "-o", str(tmp_path / "o"), "--device", "cpu",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "none of the 2 images can be read" in result.output
    assert not (tmp_path / "o" / "index.csv").exists()


def test_images_go_through_the_shared_manifest_reader(invoke, run_dir, image_dir, tmp_path):
    # Before labelaudit.manifest, saliency skipped a missing --images file and read only
    # a 'path' column; now it refuses the one and reads every path column name.
    result = invoke("--run", str(run_dir), "--images", str(tmp_path / "missing.png"))
    assert result.exit_code == 1
    assert "no such image file, folder or manifest:" in result.output

    manifest = tmp_path / "m.csv"
    manifest.write_text("report_id,where\nr1,a.png\n")
    result = invoke("--run", str(run_dir), "--images", str(manifest), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    with pytest.raises(InputError) as shared:
        read_manifest(manifest)
    assert f"error: {shared.value}" in " ".join(result.output.split())

    manifest.write_text("report_id,image_path\nr1,s1/view1_frontal.png\nr1,s1/view1_frontal.png\n")
    (tmp_path / "s1").symlink_to(image_dir / "s1")
    result = invoke(
        "--run", str(run_dir), "--images", str(manifest), "--images", str(image_dir / "s1"),
        "--observations", "edema", "--method", "gradient", "--sanity-images", "0",
        "--top", "0", "-o", str(tmp_path / "o"), "--device", "cpu",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning: 1 image named more than once, counted once" in result.output
    assert len(pd.read_csv(tmp_path / "o" / "index.csv")) == 1  # one image, however named


def test_run_saliency_from_python(run_dir, image_dir, mask_dir, tmp_path):
    from labelaudit.devices import Device
    from labelaudit.saliency import Method, SaliencyInputs, SaliencyOptions, run_saliency

    batches: list[int] = []
    result = run_saliency(
        SaliencyInputs(run=run_dir, images=[image_dir]),
        tmp_path / "out",
        SaliencyOptions(
            methods=[Method.GRADIENT],
            observations=["Pleural Effusion"],
            device=Device.cpu,
            sanity_images=2,
            masks=mask_dir,
        ),
        progress=batches.append,
    )
    assert result.output == tmp_path / "out" and (tmp_path / "out" / "index.html").is_file()
    assert (result.images, result.rows) == (2, 2)  # the broken PNG is skipped, not scored
    assert [path for path, _ in result.skipped] == [str(image_dir / "s2" / "broken.png")]
    assert sum(batches) == 2 and [s.method for s in result.sanity] == ["gradient"]  # readable
    assert result.validity is not None and set(result.validity["method"]) == {"gradient"}


def test_saliency_options_defaults_are_the_commands():
    from labelaudit.saliency import Method, SaliencyOptions

    options = SaliencyOptions()
    assert list(options.methods) == [Method.GRADCAM] and options.device == "auto"
    assert (options.batch_size, options.top, options.sanity_images) == (8, 12, 8)

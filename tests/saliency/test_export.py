"""PNG overlays, raw maps and contact sheets are written whole and readable."""

from __future__ import annotations

import numpy as np
from PIL import Image

from labelaudit.saliency.export import (
    contact_sheet,
    display_scale,
    overlay_image,
    write_npy,
    write_png,
)


def test_display_scale_is_bounded_and_zero_safe():
    values = np.zeros((5, 5))
    assert (display_scale(values) == 0).all()
    values[0, 0] = np.nan
    values[1, 1] = 1e6
    values[2, 2] = 1.0
    scaled = display_scale(values)
    assert scaled.min() >= 0 and scaled.max() <= 1 and np.isfinite(scaled).all()


def test_overlay_and_npy_round_trip(tmp_path):
    gray = np.linspace(0, 1, 32 * 32).reshape(32, 32)
    saliency = np.zeros((32, 32), dtype=np.float32)
    saliency[10:20, 5:9] = 2.5
    picture = overlay_image(gray, saliency, ["Pleural Effusion · gradcam", "logit +1.20 · p=0.769"])
    write_png(tmp_path / "o.png", picture)
    write_npy(tmp_path / "o.npy", saliency)
    with Image.open(tmp_path / "o.png") as reread:
        assert reread.width >= 256 and reread.height > reread.width  # caption below
    np.testing.assert_array_equal(np.load(tmp_path / "o.npy"), saliency)
    assert list(tmp_path.iterdir()) != [] and not list(tmp_path.glob(".*.tmp"))


def test_contact_sheet_tiles(tmp_path):
    tiles = []
    for number in range(5):
        path = tmp_path / f"t{number}.png"
        write_png(path, overlay_image(np.zeros((8, 8)), np.eye(8), [f"image {number}"]))
        tiles.append(path)
    sheet = contact_sheet(tiles, "Edema · gradient: top 5", columns=2)
    with Image.open(tiles[0]) as tile:
        assert sheet.width == 2 * tile.width
        assert sheet.height > 3 * tile.height


def test_overlay_outlines_the_mask_in_white():
    from labelaudit.saliency.export import OUTLINE, outline, overlay_image

    mask = np.zeros((8, 8), dtype=bool)
    mask[2:6, 2:6] = True
    edge = outline(mask)
    assert edge.sum() == 12 and not edge[3:5, 3:5].any()  # the ring, not the inside
    gray, saliency = np.full((8, 8), 0.5), np.zeros((8, 8))
    plain = np.asarray(overlay_image(gray, saliency, [], mask=None))
    outlined = np.asarray(overlay_image(gray, saliency, [], mask=mask))
    white = (outlined == OUTLINE).all(axis=2)
    assert white.any() and not (plain == OUTLINE).all(axis=2).any()


def test_contact_sheet_stamps_a_failed_method(tmp_path):
    tile = tmp_path / "t.png"
    Image.fromarray(np.zeros((10, 10, 3), dtype=np.uint8)).save(tile)
    failed = np.asarray(contact_sheet([tile], "x", failed=True))
    passed = np.asarray(contact_sheet([tile], "x"))
    red = (failed[..., 0] > 150) & (failed[..., 1] < 60)
    assert red.any() and not ((passed[..., 0] > 150) & (passed[..., 1] < 60)).any()

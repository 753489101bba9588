"""DICOM input: LUTs, MONOCHROME1, 8/12/16 bits, compressed syntaxes, clear rejections."""

from __future__ import annotations

import numpy as np
import pytest

pydicom = pytest.importorskip("pydicom")
from pydicom.uid import JPEG2000Lossless, RLELossless  # noqa: E402

from labelaudit.dicom import DicomError, check_dicom, encode_dicom, read_dicom  # noqa: E402

# A gradient that spans 0..255, plus a bright block, so inversion and scaling both show.
PIXELS = np.tile(np.linspace(0, 255, 48).round().astype(np.uint8), (40, 1))
PIXELS[5:15, 5:15] = 255


def _has_encoder(syntax) -> bool:
    from pydicom.pixels import get_encoder

    return get_encoder(syntax).is_available


SYNTAXES = [
    None,
    RLELossless,
    pytest.param(
        JPEG2000Lossless,
        marks=pytest.mark.skipif(
            not _has_encoder(JPEG2000Lossless), reason="no JPEG 2000 encoder (pylibjpeg-openjpeg)"
        ),
    ),
]


@pytest.mark.parametrize("syntax", SYNTAXES, ids=["uncompressed", "rle", "jpeg2000"])
@pytest.mark.parametrize("bits", [8, 12, 16])
@pytest.mark.parametrize("photometric", ["MONOCHROME1", "MONOCHROME2"])
def test_every_encoding_reads_back_as_the_same_8_bit_film(tmp_path, syntax, bits, photometric):
    path = tmp_path / "film.dcm"
    path.write_bytes(
        encode_dicom(PIXELS, bits=bits, photometric=photometric, transfer_syntax=syntax)
    )
    check_dicom(path)
    image = read_dicom(path)
    assert image.mode == "L" and image.size == (48, 40)
    # MONOCHROME1 is inverted back (bone bright); 12-16-bit data is scaled, not clipped.
    assert np.abs(np.asarray(image, dtype=int) - PIXELS).max() <= 1


def test_modality_lut_and_window_are_applied(tmp_path):
    data = encode_dicom(PIXELS, bits=12, photometric="MONOCHROME2", window=False)
    dataset = pydicom.dcmread(_write(tmp_path, data))
    dataset.RescaleSlope, dataset.RescaleIntercept = 2, -1024  # modality LUT
    dataset.WindowCenter, dataset.WindowWidth = 1024, 2048  # VOI window: values 0..2048
    path = tmp_path / "windowed.dcm"
    dataset.save_as(path)
    image = np.asarray(read_dicom(path), dtype=int)
    values = np.round(PIXELS / 255 * 4095) * 2 - 1024
    assert (image[values >= 2050] == 255).all()  # above the window: white
    assert (image[values <= -2] == 0).all()  # below it: black
    inside = (values > 100) & (values < 1900)
    assert (image[inside] > 0).all() and (image[inside] < 255).all()
    assert np.all(np.diff(image[20]) >= 0)  # monotonic along the gradient


def _write(tmp_path, data: bytes):
    path = tmp_path / "base.dcm"
    path.write_bytes(data)
    return path


def test_a_file_that_is_not_dicom_is_rejected_in_one_line(tmp_path):
    path = tmp_path / "notes.dcm"
    path.write_text("radiology report, not an image\n")
    with pytest.raises(DicomError, match="not a readable DICOM file"):
        check_dicom(path)


def test_dicom_without_pixels_is_rejected(tmp_path):
    dataset = pydicom.dcmread(_write(tmp_path, encode_dicom(PIXELS)))
    del dataset.PixelData
    del dataset.Rows
    path = tmp_path / "sr.dcm"
    dataset.save_as(path)
    with pytest.raises(DicomError, match="not an image"):
        check_dicom(path)
    with pytest.raises(DicomError, match="without pixel data"):
        read_dicom(path)


def test_multi_frame_dicom_is_rejected(tmp_path):
    dataset = pydicom.dcmread(_write(tmp_path, encode_dicom(PIXELS, bits=8)))
    dataset.NumberOfFrames = 2
    dataset.PixelData = PIXELS.tobytes() * 2
    path = tmp_path / "cine.dcm"
    dataset.save_as(path)
    with pytest.raises(DicomError, match="multi-frame DICOM \\(2 frames\\)"):
        check_dicom(path)


def test_truncated_pixel_data_is_a_corrupt_image(tmp_path):
    data = encode_dicom(PIXELS, bits=16)
    path = tmp_path / "cut.dcm"
    path.write_bytes(data[: len(data) - 1000])
    with pytest.raises(DicomError):
        read_dicom(path)

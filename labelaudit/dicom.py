"""DICOM radiographs as 8-bit grayscale images, the way the trainer reads PNG and JPEG.

Needs the ``[dicom]`` extra (pydicom, plus pylibjpeg plugins for JPEG, JPEG-LS, JPEG 2000
and RLE transfer syntaxes). The pixel pipeline follows the DICOM standard's order:
stored values -> modality LUT (rescale slope/intercept) -> VOI LUT or window (when the file
has one) -> MONOCHROME1 inverted so that bone is bright -> scaled to 0-255 over the
image's own range, so 12-16-bit data is stretched, never clipped at 8 bits.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from labelaudit.errors import DicomError
from labelaudit.extras import require
from labelaudit.manifest import DICOM_SUFFIXES


def is_dicom_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in DICOM_SUFFIXES


def _pydicom(feature: str = "reading DICOM files"):
    require("dicom", feature)
    import pydicom

    return pydicom


def _read(path: str | Path, *, pixels: bool):
    pydicom = _pydicom()
    try:
        dataset = pydicom.dcmread(str(path), stop_before_pixels=not pixels)
    except FileNotFoundError:
        raise
    except (pydicom.errors.InvalidDicomError, EOFError, OSError, ValueError) as exc:
        raise DicomError(f"not a readable DICOM file ({type(exc).__name__})") from None
    if "PixelData" not in dataset and pixels:
        raise DicomError("DICOM file without pixel data (not an image)")
    frames = int(dataset.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        raise DicomError(f"multi-frame DICOM ({frames} frames); one radiograph per file expected")
    samples = int(dataset.get("SamplesPerPixel", 1) or 1)
    if samples != 1:
        raise DicomError(
            f"DICOM with {samples} samples per pixel "
            f"({dataset.get('PhotometricInterpretation', '?')}); a grayscale radiograph expected"
        )
    return dataset


def check_dicom(path: str | Path) -> None:
    """Header-only check: raises DicomError unless the file looks like one radiograph."""
    dataset = _read(path, pixels=False)
    if "Rows" not in dataset or "Columns" not in dataset:
        raise DicomError("DICOM file without image rows and columns (not an image)")


def dicom_to_array(dataset) -> np.ndarray:
    """Float pixel values after the modality and VOI LUTs, bright = dense (bone)."""
    from pydicom.pixels import apply_modality_lut, apply_voi_lut

    try:
        stored = dataset.pixel_array
    except Exception as exc:  # truncated data, or a compressed syntax with no decoder
        message = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise DicomError(f"DICOM pixel data cannot be decoded: {message}") from None
    values = apply_modality_lut(stored, dataset).astype(np.float64)
    if "WindowCenter" in dataset or "VOILUTSequence" in dataset:
        values = np.asarray(apply_voi_lut(values, dataset, prefer_lut=True), dtype=np.float64)
    if str(dataset.get("PhotometricInterpretation", "MONOCHROME2")).upper() == "MONOCHROME1":
        values = values.max() + values.min() - values  # MONOCHROME1: low values are white
    return values


def read_dicom(path: str | Path) -> Image.Image:
    """One DICOM radiograph as an 8-bit grayscale PIL image (mode "L")."""
    values = dicom_to_array(_read(path, pixels=True))
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) * 255.0 if high > low else np.zeros_like(values)
    return Image.fromarray(np.round(scaled).clip(0, 255).astype(np.uint8), "L")


def encode_dicom(
    pixels: np.ndarray,
    *,
    bits: int = 12,
    photometric: str = "MONOCHROME1",
    window: bool = True,
    transfer_syntax: str | None = None,
    patient_id: str = "anonymous",
    study_id: str = "",
    view: str = "PA",
) -> bytes:
    """A DX radiograph file from 8-bit grayscale ``pixels`` (0 black = air, 255 = bone).

    Stored with ``bits`` significant bits (8, 12 or 16), as MONOCHROME1 (inverted, as many
    DR detectors store it) or MONOCHROME2, with a VOI window over the full range unless
    ``window`` is False, and compressed with ``transfer_syntax`` (a UID such as RLE Lossless
    or JPEG 2000 Lossless; pydicom needs an encoder plugin for most). ``labelaudit synth
    --format dicom`` and the tests write their files with it.
    """
    pydicom = _pydicom("writing DICOM files")
    from pydicom.dataset import FileMetaDataset
    from pydicom.uid import (
        DigitalXRayImageStorageForPresentation,
        ExplicitVRLittleEndian,
        generate_uid,
    )

    if bits not in (8, 12, 16):
        raise ValueError(f"bits must be 8, 12 or 16, got {bits}")
    if photometric not in ("MONOCHROME1", "MONOCHROME2"):
        raise ValueError(f"photometric must be MONOCHROME1 or MONOCHROME2, got {photometric}")
    peak = (1 << bits) - 1
    values = np.round(np.asarray(pixels, dtype=np.float64) / 255.0 * peak)
    if photometric == "MONOCHROME1":
        values = peak - values
    stored = values.astype(np.uint8 if bits == 8 else np.uint16)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = DigitalXRayImageStorageForPresentation
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = pydicom.Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = meta.MediaStorageSOPClassUID
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Modality = "DX"
    dataset.PatientID = patient_id
    dataset.StudyID = study_id[:16]
    dataset.ViewPosition = view
    dataset.Rows, dataset.Columns = stored.shape
    dataset.SamplesPerPixel = 1
    dataset.PhotometricInterpretation = photometric
    dataset.BitsAllocated = 8 if bits == 8 else 16
    dataset.BitsStored = bits
    dataset.HighBit = bits - 1
    dataset.PixelRepresentation = 0
    dataset.RescaleSlope, dataset.RescaleIntercept, dataset.RescaleType = 1, 0, "US"
    if window:
        dataset.WindowCenter, dataset.WindowWidth = (peak + 1) / 2, peak + 1
    dataset.PixelData = stored.tobytes()
    if transfer_syntax is not None:
        dataset.compress(transfer_syntax, stored)
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()

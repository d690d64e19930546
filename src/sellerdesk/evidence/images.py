"""Prove a JPG or PNG is a whole, decodable picture of sane size (DISPUTE-2)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

from sellerdesk.evidence.limits import EvidenceLimits
from sellerdesk.evidence.refusal import Refusal

PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG"}


def check_image(data: bytes, kind: str, limits: EvidenceLimits) -> tuple[int, int]:
    """Return (width, height) of an image that decodes completely, or raise `Refusal`."""
    pillow_format = PILLOW_FORMATS[kind]
    try:
        with Image.open(BytesIO(data), formats=[pillow_format]) as header:
            width, height = header.size
            # Decided from the header alone, before any pixel is decoded: a few kilobytes of
            # compressed data can declare billions of pixels.
            if width * height > limits.max_image_pixels:
                raise _bomb(width, height, limits)
            header.verify()
        # verify() leaves the image unusable and does not decode JPEG scan data; load() does.
        with Image.open(BytesIO(data), formats=[pillow_format]) as image:
            image.load()
    except Refusal:
        raise
    except Image.DecompressionBombError as exc:
        raise _bomb(None, None, limits) from exc
    except Exception as exc:
        # Decoders raise many types on hostile input (OSError, SyntaxError, ValueError,
        # struct.error...); every one of them means the same thing to the seller.
        raise Refusal(
            "corrupt_image",
            f"the {kind.upper()} image is damaged or incomplete and cannot be opened ({exc}).",
            "Export the photo or screenshot again from the original and upload the new file.",
            detected=kind,
        ) from exc
    return width, height


def _bomb(width: int | None, height: int | None, limits: EvidenceLimits) -> Refusal:
    size = f"{width}×{height} pixels" if width and height else "too many pixels"
    return Refusal(
        "image_too_large",
        f"the image declares {size}; at most {limits.max_image_pixels:,} pixels are accepted.",
        "Resize the image (for example to 4000×3000 pixels) and upload it again.",
        width=width,
        height=height,
        max_image_pixels=limits.max_image_pixels,
    )

"""Signed image URLs: `/img/{id}?sig=` only serves ids the reader was given."""

from __future__ import annotations

import hashlib
import hmac


class ImageSigner:
    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(b"nashra-image-url:" + secret_key.encode()).digest()

    def sign(self, image_id: int) -> str:
        digest = hmac.new(self._key, str(image_id).encode(), hashlib.sha256).hexdigest()
        return digest[:32]

    def verify(self, image_id: int, signature: str) -> bool:
        return hmac.compare_digest(self.sign(image_id), signature)

    def url(self, image_id: int) -> str:
        return f"/img/{image_id}?sig={self.sign(image_id)}"

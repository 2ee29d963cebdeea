"""The reader, the JSON API and the image proxy: one ASGI app over the store."""

from nashra.web.app import create_app

__all__ = ["create_app"]

"""The demo press: fictional newspapers served over real HTTP on loopback (see press.py)."""

from nashra.demo.press import DemoFaults, DemoPaper, DemoPress, run_press, serve_forever
from nashra.demo.site import ExpectedArticle, ExpectedImage

__all__ = [
    "DemoFaults",
    "DemoPaper",
    "DemoPress",
    "ExpectedArticle",
    "ExpectedImage",
    "run_press",
    "serve_forever",
]

"""nashra (نشرة): a self-hosted, Arabic-first news aggregator."""

__version__ = "0.1.0"

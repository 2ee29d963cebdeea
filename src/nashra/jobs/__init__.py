"""Job runners: the embedded asyncio scheduler (procrastinate tasks come with scale-out)."""

"""Partnership advisor: cited guidance and deterministic verdicts for technology partnerships."""

__version__ = "0.1.0"

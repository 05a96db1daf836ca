"""The `advisor` command line. Each command module registers its commands on the shared app.

Heavy imports (chromadb, langchain, onnxruntime) stay inside the commands so that
`advisor --help` and a warm `advisor search` start fast.
"""

from advisor.cli.app import app
from advisor.cli import frameworks  # noqa: F401  (registers commands)
from advisor.cli import corpus  # noqa: F401  (registers commands)
from advisor.cli import ask, serve  # noqa: F401  (registers commands)
from advisor.cli import search  # noqa: F401  (registers commands)
from advisor.cli import eval  # noqa: F401  (registers commands)

__all__ = ["app"]

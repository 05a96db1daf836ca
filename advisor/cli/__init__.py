"""The `advisor` command line. Each command module registers its commands on the shared app.

Heavy imports (chromadb, langchain, onnxruntime) stay inside the commands so that
`advisor --help` and a warm `advisor search` start fast.
"""

from advisor.cli import (  # noqa: F401  (registers commands)
    ask,
    corpus,
    eval,
    frameworks,
    search,
    serve,
    train,
)
from advisor.cli.app import app

__all__ = ["app"]

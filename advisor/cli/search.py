"""`advisor search`: the passages hybrid retrieval finds for a question, with exact offsets."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import app, handle_errors, prepare_index, print_json, settings

if TYPE_CHECKING:
    from advisor.schemas import Hit

SNIPPET_CHARS = 300


def format_hit(rank: int, hit: Hit) -> str:
    """One hit for the terminal: document, heading path, offsets, score and a snippet."""
    heading = " > ".join(hit.heading_path) or "(no heading)"
    text = " ".join(hit.text.split())
    snippet = textwrap.shorten(text, SNIPPET_CHARS, placeholder=" …")
    return (
        f"{rank}. {hit.doc_id} [{hit.start}:{hit.end}] score {hit.score:.3f}\n"
        f"   {heading}\n" + textwrap.indent(textwrap.fill(snippet, 96), "   ")
    )


@app.command()
@handle_errors
def search(
    question: Annotated[str, typer.Argument(help="What to look for, in your own words.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Number of passages.")] = 5,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Only this document id (repeatable).")
    ] = None,
    framework: Annotated[
        list[str] | None,
        typer.Option("--framework", help="Only documents defining this framework (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as a JSON list.")] = False,
) -> None:
    """Find the corpus passages that best match a question (dense + BM25), indexing the corpus if needed."""
    # Imported here: chromadb and langchain take most of a cold start, and --help needs neither.
    from advisor.retrieval import Retriever

    config = settings()
    prepare_index(config)
    hits = Retriever.from_settings(config).search(
        question, k, doc_ids=doc or None, frameworks=framework or None
    )
    if as_json:
        print_json([h.model_dump(mode="json") for h in hits])
        return
    if not hits:
        typer.echo("no passage matches; try other words or drop --doc/--framework")
        return
    typer.echo("\n\n".join(format_hit(rank, hit) for rank, hit in enumerate(hits, 1)))

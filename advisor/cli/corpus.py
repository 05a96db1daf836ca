"""`advisor ingest [PATH...]`, `advisor corpus list` and `advisor corpus stats`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.app import app, handle_errors, print_json, settings, warm_search
from advisor.errors import IndexNotReady

if TYPE_CHECKING:
    from advisor.config import Settings
    from advisor.store import ChunkCatalog

corpus_app = typer.Typer(help="Inspect the indexed documents.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("ingest")
@handle_errors
def ingest_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders of .md, .txt or .html documents; default: the corpus folder."
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Index documents: only new or changed ones are embedded; documents whose files are gone are removed."""
    from advisor.ingest import ingest

    config = settings()
    report = ingest(config, paths or None, progress=not json_output)
    if report.docs_added or report.docs_updated or report.docs_removed:
        warm_search(config)
    if json_output:
        print_json(report.model_dump())
    else:
        typer.echo(report.summary())


def _catalog(config: Settings) -> ChunkCatalog:
    from advisor.store import ChunkCatalog

    if not (config.data_dir / "catalog.sqlite").exists():
        raise IndexNotReady(f"no index in {config.data_dir}: run `advisor ingest`")
    return ChunkCatalog(config)


@corpus_app.command("list")
@handle_errors
def list_command(json_output: JsonOption = False) -> None:
    """One line per indexed document: id, title, chunks and source path; flags documents that are mostly instructions."""
    with _catalog(settings()) as catalog:
        records = catalog.documents()
    if json_output:
        print_json(
            [
                r.model_dump(include={"doc_id", "title", "chunks", "tokens", "path", "sha256"})
                | {"flagged": r.flagged}
                for r in records
            ]
        )
        return
    width = max((len(r.doc_id) for r in records), default=2)
    for r in records:
        flag = "  [flagged: mostly instructions]" if r.flagged else ""
        typer.echo(
            f"{r.doc_id:<{width}}  {r.chunks:>4} chunks  {r.title}{flag}\n{'':<{width}}  {r.path}"
        )


def stats(config: Settings) -> dict[str, Any]:
    """Counts and identity of the index in `config.data_dir`."""
    from advisor.corpus import corpus_hash_of_digests

    with _catalog(config) as catalog:
        records = catalog.documents()
        embedder = catalog.get_state("embedder")
        version = catalog.version()
        complete = catalog.get_state("complete") == "1"
    return {
        "documents": len(records),
        "chunks": sum(r.chunks for r in records),
        "tokens": sum(r.tokens for r in records),
        # The same hash answers carry in their provenance, from the catalog alone.
        "corpus_hash": corpus_hash_of_digests((r.doc_id, r.sha256) for r in records),
        "embeddings": embedder,
        "catalog_version": version,
        "complete": complete,
        "data_dir": str(config.data_dir.resolve()),
        "chroma": f"{config.chroma.host}:{config.chroma.port}"
        if config.chroma.host
        else str(config.data_dir.resolve() / "chroma"),
        "collection": config.chroma.collection,
    }


@corpus_app.command("stats")
@handle_errors
def stats_command(json_output: JsonOption = False) -> None:
    """Documents, chunks, tokens, corpus hash and where the index lives."""
    data = stats(settings())
    if json_output:
        print_json(data)
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        typer.echo(f"{key:<{width}}  {value}")

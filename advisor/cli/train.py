"""`advisor train`: rebuild the learned reader's shipped artifact from its labelled data."""

from __future__ import annotations

import typer

from advisor.cli.app import app, handle_errors, print_json, settings


@app.command()
@handle_errors
def train(
    check: bool = typer.Option(
        False, "--check", help="Only say whether the shipped artifact matches the current data."
    ),
) -> None:
    """Embed the labelled questions and utterances with the bundled model; nothing downloads."""
    from advisor.minilm import shared_minilm
    from advisor.reader.train import build, data_version, shipped_manifest

    if check:
        shipped = shipped_manifest()
        current = data_version()
        print_json({"shipped": shipped.get("data_version"), "current": current})
        raise typer.Exit(0 if shipped.get("data_version") == current else 1)
    manifest = build(shared_minilm(settings()))
    print_json(
        {
            "data_version": manifest["data_version"],
            "artifact_sha256": manifest["artifact_sha256"],
            "questions": len(manifest["questions"]),
            "utterances": len(manifest["utterances"]),
        }
    )

"""`advisor train`: rebuild the learned reader's shipped artifact from its labelled data."""

from __future__ import annotations

import hashlib

import typer

from advisor.cli.app import app, handle_errors, print_json, settings
from advisor.errors import MissingDependency


@app.command()
@handle_errors
def train(
    check: bool = typer.Option(
        False, "--check", help="Only say whether the shipped artifact matches the current data."
    ),
    encoder: bool = typer.Option(
        False,
        "--encoder",
        help="Fine-tune the reader's own encoder first (needs the train extra, ~2 min per epoch).",
    ),
    frozen: bool = typer.Option(
        False, "--frozen", help="Embed with the bundled model, dropping any tuned encoder."
    ),
) -> None:
    """Embed the labelled questions and utterances with the bundled model, or with the reader's
    tuned encoder when the shipped artifact has one; nothing downloads."""
    from advisor.minilm import MiniLM, shared_minilm
    from advisor.reader.model import ARTIFACT_DIR, ENCODER
    from advisor.reader.train import FLOORS, build, data_version, shipped_manifest

    if check:
        shipped = shipped_manifest()
        current = data_version()
        print_json({"shipped": shipped.get("data_version"), "current": current})
        raise typer.Exit(0 if shipped.get("data_version") == current else 1)
    bundled = shared_minilm(settings())
    tuned = ARTIFACT_DIR / ENCODER
    if encoder:
        from advisor.reader.finetune import tune

        try:
            tune(tuned)  # imports torch: the train extra
        except ModuleNotFoundError as exc:
            raise MissingDependency(exc.name or "torch", "train") from exc
    if frozen or not (encoder or shipped_manifest().get("encoder_sha256")):
        manifest = build(bundled)
    else:
        sha = hashlib.sha256(tuned.read_bytes()).hexdigest()
        clauses = MiniLM(cache_dir=settings().data_dir, model=(tuned, sha))
        manifest = build(bundled, encoder=tuned, clauses=clauses, floors=FLOORS)
    print_json(
        {
            "data_version": manifest["data_version"],
            "artifact_sha256": manifest["artifact_sha256"],
            "questions": len(manifest["questions"]),
            "utterances": len(manifest["utterances"]),
        }
    )

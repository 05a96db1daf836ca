"""`advisor ask` (one question) and `advisor chat` (a multi-turn session on stdin)."""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING

import typer

from advisor.cli.app import app, handle_errors, prepare_index, print_json, settings
from advisor.errors import InvalidInput
from advisor.question import clean_question
from advisor.schemas import Answer

if TYPE_CHECKING:
    from advisor.service import AdvisorService

QUIT = ("/quit", "/exit")


def _service() -> AdvisorService:
    from advisor.service import AdvisorService

    config = settings()
    prepare_index(config)
    return AdvisorService(config)


def format_answer(answer: Answer) -> str:
    """The answer (which ends with its follow-up question), verdict cards and numbered citations."""
    out = [answer.answer]
    if answer.degraded:
        out.append(
            f"\n(the language model was skipped: {answer.degraded_reason}; this is the extractive answer)"
        )
    for v in answer.verdicts:
        out.append(f"\n[{v.framework}] {v.verdict}\n  {v.summary}")
        for line in v.rationale:
            out.append(f"  - {line.explanation}")
            out.append(
                f'    "{line.source.quote}" ({line.source.doc_id} {line.source.start}-{line.source.end})'
            )
    if answer.citations:
        out.append("\nSources:")
        for i, c in enumerate(answer.citations, 1):
            quote = textwrap.shorten(c.quote, 160, placeholder="...")
            out.append(f'  [{i}] {c.title} ({c.doc_id} {c.start}-{c.end}): "{quote}"')
    # The follow-up question already closes the answer text; it is not repeated.
    return "\n".join(out)


@app.command()
@handle_errors
def ask(
    question: str = typer.Argument(
        ..., help="A plain-English question about a technology partnership."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the answer object as JSON."),
    session: str | None = typer.Option(
        None, "--session", help="Continue this session (see `advisor chat`)."
    ),
) -> None:
    """Answer one question with cited guidance, framework verdicts and follow-up questions."""
    question = clean_question(
        question
    )  # before the index is built: a refused question costs nothing
    answer = _service().ask(question, session_id=session)
    if json_output:
        print_json(answer.model_dump(mode="json"))
    else:
        typer.echo(format_answer(answer))


@app.command()
@handle_errors
def chat(
    session: str | None = typer.Option(
        None, "--session", help="Resume this session instead of starting one."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print each answer as one JSON line."),
) -> None:
    """A conversation on stdin, one question per line: facts you state carry over. /quit leaves."""
    service = _service()
    session_id = (
        service.get_session(session).session_id if session else service.create_session().session_id
    )
    interactive = sys.stdin.isatty()
    typer.echo(f"session {session_id}: ask about a partnership; /quit to leave", err=True)
    while True:
        if interactive:
            typer.echo("you> ", nl=False, err=True)
        line = sys.stdin.readline()
        question = line.strip()
        if not line or question in QUIT:
            break
        if not question:
            continue
        try:
            answer = service.ask(question, session_id=session_id)
        except InvalidInput as exc:
            typer.echo(f"error: {exc.message}", err=True)
            continue
        if json_output:
            sys.stdout.write(answer.model_dump_json() + "\n")
            sys.stdout.flush()
        else:
            typer.echo(format_answer(answer) + "\n")

"""The ``reassure`` command line (Typer).

Every command has ``--help``; printed results have ``--json``; long work shows a Rich
progress bar. A :class:`~reassure.errors.ReassureError` ends the command with exit
code 2 and one line on stderr saying what is wrong and where (``main``).
"""

from __future__ import annotations

import sys

import typer

from reassure.errors import ReassureError, SolverError

__all__ = ["app", "main"]

app = typer.Typer(
    name="reassure",
    help="Plan, watch and share the picture of the reassurance force.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_registered: list[bool] = []


def _register() -> None:
    """Attach each domain's commands, once. Imports stay inside: ``import reassure`` is cheap."""
    if _registered:
        return
    from reassure.commands import register

    register(app)
    _registered.append(True)


def exit_code(error: ReassureError) -> int:
    """The CLI exit code for an error: 3 for a solver failure, 2 for everything else."""
    return 3 if isinstance(error, SolverError) else 2


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``reassure`` script."""
    _register()
    try:
        app(args=argv, standalone_mode=True)
    except ReassureError as error:
        typer.echo(f"reassure: error: {error}", err=True)
        sys.exit(exit_code(error))

"""``python -m reassure`` runs the CLI."""

from reassure.cli import main

main()

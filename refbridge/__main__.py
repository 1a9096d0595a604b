"""``python -m refbridge`` runs the command line."""

from .cli import main

main()

"""``python -m refbridge`` runs the command line."""

from refbridge.cli import main

main()

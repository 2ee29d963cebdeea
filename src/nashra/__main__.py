"""`python -m nashra` runs the command line."""

from nashra.cli import main

main()

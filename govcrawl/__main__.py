"""`python -m govcrawl` runs the CLI."""

from govcrawl.cli import main

main()

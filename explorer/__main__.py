"""``python -m explorer`` runs the command line."""

from explorer.cli.main import main

if __name__ == "__main__":
    main()

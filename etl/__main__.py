"""python -m etl …: the command line (etl/cli)."""

import sys

from etl.cli.commands import main

if __name__ == "__main__":
    sys.exit(main())

"""python -m etl …: the command line (etl/cli)."""

import os
import sys

from etl.cli.commands import main

if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `python -m etl status | head`: the reader has gone; nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's own flush stays quiet
        code = 1
    sys.exit(code)

"""Does `finally` run when the process gets SIGTERM? Run it, then `kill <pid>` it.

    python sigterm_finally.py            # default action: the process dies, no `finally`
    python sigterm_finally.py --handle   # a handler turns SIGTERM into SystemExit
"""

import os
import signal
import sys
import time


# ANCHOR: handle
def exit_on_sigterm(signum: int, frame: object) -> None:
    # Raised in the main thread between two bytecodes: `finally` blocks and `with` exits run.
    sys.exit(128 + signum)


def main() -> None:
    if "--handle" in sys.argv:
        signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        print(f"pid {os.getpid()} working", flush=True)
        time.sleep(60)
    finally:
        print("finally: cleanup ran", flush=True)
# ANCHOR_END: handle


if __name__ == "__main__":
    main()

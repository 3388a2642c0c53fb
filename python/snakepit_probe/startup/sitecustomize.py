"""Put this directory on PYTHONPATH (with python/ after it) to install the Snakepit probe's audit hook
in every interpreter that starts with it. Inert unless SNAKEPIT_PROBE_EVENTS is set.
Note: pip's build isolation replaces PYTHONPATH; `python -m snakepit_probe.activate --write-pth`
covers build backends too."""
import os
import sys

_helpers = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _helpers not in sys.path:
    sys.path.append(_helpers)

import snakepit_probe.activate  # noqa: E402,F401  (installs the hook from the environment)

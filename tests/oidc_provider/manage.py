#!/usr/bin/env python
"""manage.py of the test OpenID Connect provider (see run.py)."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "provider.settings"  # never the portal's, even when inherited
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

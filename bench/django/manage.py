#!/usr/bin/env python3
"""The Django side of `npm run bench`: a minimal uncached blog over the bench's generated posts (see settings.py)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogbench.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

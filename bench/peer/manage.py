#!/usr/bin/env python
"""manage.py of the peer project (bench/peer): django-helpdesk 2.6.1, run by
`make bench-peer` from var/peer-venv, never from fazhi's .venv."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

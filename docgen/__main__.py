"""``python -m docgen``: the same as the ``docgen`` command."""

from .launch import run

run()

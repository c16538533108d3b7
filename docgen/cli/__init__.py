"""The docgen command line (``docgen`` is ``docgen.cli:main``).

``app`` assembles the commands and holds ``main()``, the one error boundary; ``console`` the settings,
language and printing every command shares; ``args`` the shared argument types and checks; ``english`` the
English help; ``checking`` the per-unit check tables; one module per command group (``render``, ``batch``,
``finalize``, ``serve``), none importing another.
"""

from .app import app, main

__all__ = ["app", "main"]

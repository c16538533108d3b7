"""Imported by the batch's fork server only (``batch.PRELOAD``): the fork server ends with the batch's main
process (and its workers with it), and every worker forked from it starts with the renderers imported and
the fonts, their metrics and the DOCX base loaded (``batch.warm_up``)."""

from .batch import serve_as_fork_server, warm_up

serve_as_fork_server()
warm_up()

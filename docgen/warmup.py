"""Imported by the batch's fork server only (``batch.PRELOAD``): every worker forked from it starts with
a document already rendered (``batch.warm_up``)."""

from .batch import warm_up

warm_up()

"""Official-format templates shipped with docgen (installed as the package ``docgen.templates``)."""

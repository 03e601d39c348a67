"""Serving several app replicas behind nginx (``make serve``); not part of the installed package."""

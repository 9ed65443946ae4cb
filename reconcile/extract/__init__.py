"""Extraction: the model's reading of each number the finder found, checked, repaired and grounded to the text.

A regular package (not a namespace one) so that import tools see it: ``tests/test_layers.py`` checks that
nothing below it imports it and that its modules import each other without a cycle (``[tool.importlinter]``).
"""

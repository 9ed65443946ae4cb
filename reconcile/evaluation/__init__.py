"""Evaluation against the hand-labelled gold standard in ``eval/gold`` (see ``eval/README.md``).

``gold`` loads and validates the labels; ``metrics`` scores a run's claims, events and conflict
flags against them. Both are pure library code: the CLI only wires them to the store.
"""

"""The model behind extraction: the OpenAI-compatible client, its cache and gate, the embedded server, batches.

A regular package so that import tools see it (``[tool.importlinter]`` in pyproject.toml).
"""

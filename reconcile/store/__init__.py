"""The DuckDB file: articles, runs, claims (``store/claim_schema.py``), rejections and the response cache.

A regular package so that import tools see it (``[tool.importlinter]`` in pyproject.toml).
"""

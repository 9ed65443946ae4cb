"""Not code: this file makes ``prompts/`` importable as ``reconcile.builtin_prompts`` (pyproject's
``package-dir``), so ``reconcile.resources.builtin_dir`` finds the prompt templates through
``importlib.resources`` in a wheel and in an editable checkout alike."""

"""Not code: this file makes ``profiles/`` importable as ``reconcile.builtin_profiles`` (pyproject's
``package-dir``), so ``reconcile.resources.builtin_dir`` finds the built-in profiles through
``importlib.resources`` in a wheel and in an editable checkout alike."""

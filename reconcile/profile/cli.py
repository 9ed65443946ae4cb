"""``reconcile profile list|show|check``: find, print and validate profiles."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from reconcile.profile.check import check_profile
from reconcile.profile.registry import DEFAULT_PROFILE, ProfileError, available, load_profile_uncached

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Profiles: the topic knowledge the engine loads.")
console = Console()
errors = Console(stderr=True)


@app.command("list")
def list_profiles() -> None:
    """Profiles available by name (built-in and installed)."""
    for name in available():
        profile = load_profile_uncached(name)
        marker = " (default)" if name == DEFAULT_PROFILE else ""
        console.print(f"[bold]{name}[/]{marker}: {escape(profile.description)}")


@app.command()
def show(name: Annotated[str, typer.Argument(help="A profile name or a folder holding profile.toml")]) -> None:
    """Print the resolved profile (defaults filled) as JSON, with its digest."""
    try:
        profile = load_profile_uncached(name)
    except ProfileError as exc:
        errors.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    print(json.dumps({"digest": profile.digest, **profile.model_dump(mode="json")}, indent=2, ensure_ascii=False))


@app.command()
def check(
    names: Annotated[list[str], typer.Argument(help="Profile names or folders; default: every available profile")] = [],  # noqa: B006
) -> None:
    """Validate profiles: the file's schema, and every worked example against the engine's own rules."""
    failed = 0
    for name in names or available():
        try:
            problems = check_profile(load_profile_uncached(name))
        except ProfileError as exc:
            problems = [str(exc)]
        if problems:
            failed += 1
            errors.print(f"[red]✗ {escape(name)}[/]")
            for problem in problems:
                errors.print(f"  {escape(problem)}")
        else:
            console.print(f"[green]✓ {escape(name)}[/]")
    if failed:
        raise typer.Exit(1)

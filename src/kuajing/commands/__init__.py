"""Command groups of the CLI. Each module exposes ``register(app: typer.Typer)``."""

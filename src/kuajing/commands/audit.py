"""The ``kuajing audit`` command group, shared by ``audit config`` and ``audit logs``.

This module holds only the sub-app; each audit lives in its own module (``audit_config.py``,
``audit_logs.py``) and adds its command to ``audit_app``. Registration happens here, once.
"""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="Audit evidence: VPN configurations and session logs.")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")

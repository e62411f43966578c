"""``kuajing audit config PATH...``: parse real VPN configurations and report facts and findings.

Exit codes as for ``assess``: 0 nothing binding is violated or at risk, 1 a binding finding is a
violation or at risk, 2 an input error (raised as InputError, turned into exit 2 by the CLI).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from .audit import audit_app
from .common import check_output, open_output, parse_date


class Format(str, Enum):
    text = "text"
    json = "json"


class KindOption(str, Enum):
    auto = "auto"
    swanctl = "swanctl"
    ipsec_conf = "ipsec.conf"
    ipsec_secrets = "ipsec.secrets"
    strongswan_conf = "strongswan.conf"
    openvpn = "openvpn"
    wireguard = "wireguard"


@audit_app.command("config")
def audit_config_cmd(
    paths: list[Path] = typer.Argument(..., help="Configuration files describing one channel: swanctl.conf, "
                                       "ipsec.conf, ipsec.secrets, strongswan.conf, OpenVPN .conf/.ovpn, "
                                       "WireGuard .conf."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    as_of: str = typer.Option(None, "--as-of", help="Cite the law of this date (YYYY-MM-DD). Default: today."),
    sites: Path = typer.Option(None, "--sites", help="Site map (YAML or CSV): addresses and host names to "
                               "country codes, and the home country."),
    geoip: Path = typer.Option(None, "--geoip", help="An offline MaxMind DB (.mmdb) you supply, for the "
                               "country of IP endpoints."),
    kind: KindOption = typer.Option(KindOption.auto, "--kind", help="The format of every PATH (default: "
                                    "detected from the name and content)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the report to this file."),
) -> None:
    """Audit VPN configurations: algorithms, endpoints, authentication, logging.

    Exit codes: 0 nothing binding violated or at risk, 1 a binding finding is, 2 input error.
    """
    from ..evidence.vpnconfig import Kind, audit
    from ..evidence.vpnconfig.report import render_json, render_text

    check_output(output, "--output")
    result = audit(list(paths), as_of=parse_date(as_of), sites=sites, geoip=geoip,
                   kind=None if kind is KindOption.auto else Kind(kind.value))
    render = render_json if fmt is Format.json else render_text
    if output:
        with open_output(output, "--output") as fh:
            render(result, fh)
    else:
        render(result, sys.stdout)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def register(app: typer.Typer) -> None:
    """Nothing to do: the command is on ``audit_app``, which ``commands.audit`` registers once."""

"""Penalty exposures shared by several rules (each built from dated, cited parameters)."""

from __future__ import annotations

from ..findings import Penalty
from .context import Context

__all__ = ["channel_user_fine", "unlicensed_telecom_fine", "unlicensed_telecom_fines",
           "service_criminal_exposure",
           "network_operator_duty_fines"]


def channel_user_fine(ctx: Context) -> Penalty:
    """Exposure of a *user* of an unauthorised international channel.

    The Interim Provisions (Art. 14) cap the fine at the general maximum; from 1998-02-13 the
    Implementing Measures (Art. 22) cap it lower for an individual user.
    """
    individual = ctx.fact("actor.kind") == "individual"
    param = ("intl_networking.individual_user_fine_max" if individual
             else "intl_networking.org_user_fine_max")
    basis = None
    if ctx.param_or_none(param) is None:
        param = "intl_networking.fine_max"
    elif individual:
        general = ctx.param("intl_networking.fine_max")
        basis = ("the lower cap for an individual user who connects abroad by other means; where the act "
                 "is treated as setting up or using another channel (Implementing Measures Art. 7, or "
                 f"Interim Provisions Arts. 6 and 14, which decisions usually cite) the cap is RMB "
                 f"{general['max']:,.0f}")
    who = "an individual user" if individual else "an organisation"
    return ctx.fine(param, f"Public security organ: order to stop, warning, fine for {who}, "
                    "and confiscation of any illegal gains", authority="public security organ",
                    basis=basis)


def unlicensed_telecom_fines(ctx: Context, income: float | None) -> list[Penalty]:
    """``unlicensed_telecom_fine`` as a list: empty before the Telecom Regulations (2000-09-25)."""
    if ctx.param_or_none("telecom.unlicensed.fine_fixed") is None:
        return []
    return [unlicensed_telecom_fine(ctx, income)]


def unlicensed_telecom_fine(ctx: Context, income: float | None) -> Penalty:
    """Telecom Regulations Art. 69: 3-5x illegal gains; a fixed band when gains are small or none.

    ``income`` (declared income of the service) stands in for illegal gains; None when unknown.
    Only for dates the Regulations are in force (see ``unlicensed_telecom_fines``).
    """
    threshold = ctx.param("telecom.unlicensed.fine_floor_threshold")
    fixed = ctx.param("telecom.unlicensed.fine_fixed")
    multiple = ctx.param("telecom.unlicensed.fine_multiple")
    desc = ("MIIT or the provincial communications administration: order to correct, confiscation "
            "of illegal gains, fine; suspension for rectification in serious cases")
    if income is not None and income >= threshold:
        return ctx.amount(desc, "telecom-regs:69", multiple["min"] * income, multiple["max"] * income,
                          basis=f"{multiple['min']:g}-{multiple['max']:g} x declared income of RMB "
                          f"{income:,.0f} (illegal gains of at least RMB {threshold:,.0f})",
                          authority="MIIT / provincial communications administration")
    basis = ("no gains declared" if not income else
             f"declared income RMB {income:,.0f} is below RMB {threshold:,.0f}")
    return ctx.amount(desc, "telecom-regs:69", fixed["min"], fixed["max"],
                      basis=f"fixed band because {basis}",
                      authority="MIIT / provincial communications administration")


def network_operator_duty_fines(ctx: Context) -> list[Penalty]:
    """CSL Art. 59 (Art. 61 from 2026-01-01): a network operator failing its protection duties,
    log keeping included. From 2026 a fine may come at once, with a higher band on refusal."""
    authority = "cyberspace / public security authorities"
    if ctx.param_or_none("csl.penalty.operator_mlps.fine_initial") is not None:
        return [
            ctx.fine("csl.penalty.operator_mlps.fine_initial",
                     "Order to correct and warning; a fine may be imposed at once", authority=authority),
            ctx.fine("csl.penalty.operator_mlps.fine_refusal",
                     "If the operator refuses to correct or harm follows", authority=authority),
        ]
    return [ctx.fine("csl.penalty.operator_mlps.fine",
                     "Order to correct and warning; a fine only if the operator refuses to correct or "
                     "harm follows", authority=authority)]


def service_criminal_exposure(ctx: Context) -> list[Penalty]:
    """Criminal exposure of a seller of cross-border VPN/proxy access: courts split (FACTS 16.1)."""
    out = [ctx.criminal("criminal-law:225", "Illegal business operation, where serious (courts have "
                        "used it for VPN sellers; others decline to prosecute)")]
    # paragraph 3 of Art. 285 exists only since Amendment VII; its parameters start that day
    if ctx.param_or_none("crim.285_3.serious.max_prison") is not None:
        out.append(ctx.criminal("criminal-law:285", "Providing programs or tools for intrusion or "
                                "illegal control (paragraph 3; used in most published VPN-seller "
                                "judgments)"))
    return out


def export_penalties(ctx: Context, important: bool, ciio: bool) -> list[Penalty]:
    """Exposure for an unlawful export: PIPL Art. 66, DSL Art. 46 (important data), and for a
    CIIO before 2026-01-01 CSL Art. 66 (from 2026 the CSL refers to the DSL and PIPL)."""
    out = []
    if ctx.param_or_none("pipl.penalty.general.fine_max") is not None:
        out += [
            ctx.fine("pipl.penalty.general.fine_max", "Order to correct, warning, confiscation; a fine if "
                     "the processor refuses to correct", authority="personal-information protection "
                     "authorities"),
            ctx.fine("pipl.penalty.serious.fine_max", "Serious cases: fine (or up to 5% of the prior "
                     "year's turnover), suspension, licence revocation",
                     authority="provincial-level authority or above"),
        ]
    if important and ctx.param_or_none("dsl.penalty.important_data_export.fine") is not None:
        out.append(ctx.fine("dsl.penalty.important_data_export.fine", "Important data exported "
                            "unlawfully: order to correct, warning, fine", authority="data security "
                            "authorities"))
        out.append(ctx.fine("dsl.penalty.important_data_export.fine_serious", "Serious cases, with "
                            "possible suspension or licence revocation", authority="data security "
                            "authorities"))
    if ciio and ctx.param_or_none("csl.penalty.cii_export.fine") is not None:
        out.append(ctx.fine("csl.penalty.cii_export.fine", "CIIO storing or providing data abroad "
                            "unlawfully (2017 text)", authority="cyberspace authorities"))
    return out


__all__.append("export_penalties")

"""The profile: what a person or an organisation declares about itself.

Every fact may be left out or written as ``unknown``; both mean "not known" and make the rules
that need the fact answer ``needs_evidence``. Nothing unknown ever defaults to a passing value.
Unknown keys are refused (with a "did you mean").

Format version: ``kuajing: 1``. ``kuajing schema`` prints the JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..validation import cross_field_error

__all__ = [
    "UNKNOWN",
    "Unknown",
    "Licence",
    "Approval",
    "Individual",
    "Organisation",
    "Provider",
    "Cryptography",
    "Logging",
    "UsageAudit",
    "Evidence",
    "Channel",
    "Service",
    "Profile",
    "CHANNEL_KINDS",
    "DataFlow",
    "SENSITIVE_CATEGORIES",
    "EXEMPTION_GROUNDS",
    "MAINLAND",
]

UNKNOWN = "unknown"
Unknown = Literal["unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Licence(_Strict):
    """A telecom business licence, by catalogue code (e.g. B13 domestic IP-VPN, B14 ISP)."""

    code: str = Field(description="telecom catalogue code such as A11-4, A14-1, B13, B14")
    number: str | None = Field(None, description="licence number, e.g. B1-20230001")
    scope: str | None = Field(None, description="service area: nationwide or a province")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class Approval(_Strict):
    """An approval or filing held (e.g. international networking approval, MLPS filing)."""

    kind: str
    reference: str | None = None
    authority: str | None = None
    granted: dt.date | None = None
    valid_until: dt.date | None = None


class Individual(_Strict):
    kind: Literal["individual"]
    name: str | None = None
    nationality: str | Unknown | None = Field(None, description="ISO country code, e.g. CN, DE")
    residence: Literal["mainland", "hong_kong", "macao", "taiwan", "abroad"] | Unknown | None = None


class Organisation(_Strict):
    kind: Literal["organisation"]
    name: str | None = None
    ownership: Literal["domestic", "foreign_invested", "foreign"] | Unknown | None = None
    network_operator: bool | Unknown | None = Field(
        None, description="owns, manages or provides a network (CSL 'network operator')")
    ciio: bool | Unknown | None = Field(
        None, description="critical information infrastructure operator (notified as such)")
    crypto_protection_required: bool | Unknown | None = Field(
        None, description="its critical information infrastructure is one that laws, regulations or "
        "state rules require to be protected with commercial cryptography")
    mlps_level: Annotated[int, Field(ge=1, le=5)] | Unknown | None = Field(
        None, description="classified-protection (MLPS) level of the main system, 1-5")
    basic_telecom_operator: bool | Unknown | None = Field(
        None, description="is itself one of the state basic telecom operators")
    licences: list[Licence] | Unknown | None = None
    approvals: list[Approval] | Unknown | None = None
    pi_individuals_processed: Annotated[int, Field(ge=0)] | Unknown | None = Field(
        None, description="how many individuals' personal information it processes in total")
    in_ftz: bool | Unknown | None = Field(
        None, description="registered in a pilot free trade zone with a data negative list")
    turnover_rmb: Annotated[float, Field(ge=0)] | Unknown | None = Field(
        None, description="turnover of the previous year in RMB: PIPL Art. 66 ¶2 lets fines in serious "
        "cases reach a share of the prior year's turnover")


CHANNEL_KINDS = (
    "leased_line",
    "cross_border_ip_vpn",
    "sd_wan",
    "self_built_vpn",
    "third_party_vpn",
    "proxy_service",
    "research_network",
)


class Provider(_Strict):
    """Who supplies the channel and what they hold."""

    name: str | None = None
    basic_operator: bool | Unknown | None = Field(
        None, description="China Telecom, China Mobile or China Unicom (a basic telecom operator)")
    licences: list[Licence] | Unknown | None = Field(
        None, description="the provider's telecom licences, by catalogue code")
    cross_border_segment: Literal["basic_operator_line", "own_infrastructure", "public_internet"] \
        | Unknown | None = Field(
            None, description="what carries the traffic across the border (for SD-WAN and VPNs)")
    approved_interconnect: bool | Unknown | None = Field(
        None, description="an approved interconnecting network (e.g. the research network)")


class Cryptography(_Strict):
    algorithms: list[str] | Unknown | None = None
    sm_algorithms: bool | Unknown | None = Field(None, description="uses SM2/SM3/SM4")
    commercial_crypto: bool | Unknown | None = Field(
        None, description="uses commercial cryptography to national standards (GB/GM)")
    certified_products: bool | Unknown | None = Field(
        None, description="its cryptographic products are certified commercial crypto products")
    min_symmetric_key_bits: Annotated[int, Field(ge=0)] | Unknown | None = None
    weak_algorithms: list[str] | Unknown | None = None
    last_assessment: dt.date | Unknown | None = Field(
        None, description="date of the last commercial cryptography application security assessment")


class Logging(_Strict):
    enabled: bool | Unknown | None = None
    retention_months: Annotated[float, Field(ge=0)] | Unknown | None = None
    real_name: bool | Unknown | None = Field(
        None, description="every session is attributable to a registered, identified person")
    earliest_record: dt.date | Unknown | None = None
    gaps: Annotated[int, Field(ge=0)] | Unknown | None = None
    real_name_share: Annotated[float, Field(ge=0, le=1)] | Unknown | None = None


class UsageAudit(_Strict):
    last: dt.date | Unknown | None = Field(None, description="date of the last usage audit")


class Authentication(_Strict):
    shared_secret: bool | Unknown | None = Field(
        None, description="one pre-shared key or static key used by everyone")
    per_user_identity: bool | Unknown | None = None


#: Session-log formats ``kuajing audit logs`` reads (kept equal to sessionlogs.detect.KINDS by a
#: meta-test), and ``auto``.
LOG_KINDS = ("auto", "openvpn", "openvpn-status", "charon", "radius", "csv", "jsonl")


class Evidence(_Strict):
    """Files that prove facts about the channel. Paths are relative to the profile file."""

    configs: list[str] = []
    logs: list[str] = []
    directory: str | None = Field(None, description="accounts CSV for real-name attribution")
    sites: str | None = Field(None, description="site map: addresses to country codes")
    log_since: dt.date | None = Field(None, description="date logging was switched on")
    log_kind: Literal[LOG_KINDS] = Field(  # type: ignore[valid-type]
        "auto", description="format of the session logs (auto: detected per file)")
    log_map: str | None = Field(None, description="columns of a CSV/JSONL log, as for "
                                "`kuajing audit logs --map`, e.g. 'time=ts,user=login,address=ip'")
    log_time_format: str | None = Field(None, description="strptime format of the log's time "
                                        "column, when it is not ISO 8601 or epoch seconds")
    geoip: str | None = Field(None, description="an offline MaxMind GeoIP2/GeoLite2 Country "
                              "database (.mmdb) you supply, to locate the configs' endpoints")


class ChannelUsers(_Strict):
    who: Literal["employees_only", "contractors", "third_parties", "public"] | Unknown | None = Field(
        None, description="employees_only: own staff (for an individual: only the individual); "
        "contractors: outside people (vendors, contractors) reaching only the organisation's own "
        "systems; third_parties: other organisations or customers using the channel for their own "
        "purposes; public: anyone. An individual's channel left without it is taken as his own "
        "connection; access he offers to others belongs under services")
    third_party_accounts: Annotated[int, Field(ge=0)] | Unknown | None = None


class Channel(_Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: Literal[CHANNEL_KINDS] | Unknown | None = None  # type: ignore[valid-type]
    topology: Literal["site_to_site", "remote_access"] | Unknown | None = None
    crosses_border: bool | Unknown | None = Field(
        None, description="connects the mainland with networks outside it; Hong Kong, Macao and Taiwan "
        "count as outside (Implementing Measures on International Networking Art. 24)")
    provider: Provider = Provider()
    users: ChannelUsers = ChannelUsers()
    resold: bool | Unknown | None = Field(
        None, description="capacity resold, sublet or shared with other organisations")
    purposes: list[Literal[
        "internal_office", "cross_border_business", "telecom_business", "research",
        "personal", "customer_access",
    ]] | Unknown | None = None
    cryptography: Cryptography = Cryptography()
    authentication: Authentication = Authentication()
    logging: Logging = Logging()
    usage_audit: UsageAudit = UsageAudit()
    evidence: Evidence = Evidence()


class Service(_Strict):
    """A service the actor provides to others: VPN, proxy or network access."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: Literal["vpn", "proxy", "access"] | Unknown | None = None
    crosses_border: bool | Unknown | None = Field(
        None, description="gives users access to networks outside the mainland (Hong Kong, Macao and "
        "Taiwan count as outside)")
    paid: bool | Unknown | None = None
    users: Annotated[int, Field(ge=0)] | Unknown | None = None
    income_rmb: Annotated[float, Field(ge=0)] | Unknown | None = Field(
        None, description="income from the service, used as the measure of illegal gains")
    real_name: bool | Unknown | None = Field(
        None, description="users' true identity is collected at sign-up")
    log_retention_months: Annotated[float, Field(ge=0)] | Unknown | None = None


#: PIPL Art. 28 names these kinds of sensitive personal information and leaves the list open:
#: ``other`` is any other information whose leak or misuse easily harms a person's dignity or the
#: safety of the person or property. Every category, ``other`` included, is sensitive.
SENSITIVE_CATEGORIES = (
    "biometrics", "religious_belief", "specific_identity", "medical_health", "financial_account",
    "whereabouts", "minor_under_14", "other",
)

EXEMPTION_GROUNDS = (
    "international_trade", "cross_border_transport", "academic_cooperation", "manufacturing",
    "collected_abroad", "contract_necessity", "hr_management", "emergency", "ftz_negative_list",
)


#: The one country code that means "in the mainland": a recipient there is not a transfer abroad.
#: Hong Kong (HK), Macao (MO) and Taiwan (TW) have codes of their own and are outside the mainland.
MAINLAND = "CN"

_ALPHA2 = re.compile(r"[A-Z]{2}")


def _alpha2(value: str) -> str:
    if _ALPHA2.fullmatch(value):
        return value
    upper = value.strip().upper()
    raise PydanticCustomError(
        "country_code", "a country is written as its ISO 3166-1 alpha-2 code",
        {"expected": "an ISO 3166-1 alpha-2 code: two upper-case letters such as DE, HK or CN (CN for the "
                     "mainland)",
         "hint": f"did you mean '{upper}'?" if _ALPHA2.fullmatch(upper) else None})


CountryCode = Annotated[str, AfterValidator(_alpha2),
                        WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})]


class Recipient(_Strict):
    name: str | None = None
    country: CountryCode | Unknown | None = Field(
        None, description="ISO 3166-1 alpha-2 code (two upper-case letters) of where the recipient is; "
        "CN means the data does not leave the mainland; HK, MO and TW count as outside the mainland")


class DataCategories(_Strict):
    personal_information: bool | Unknown | None = None
    sensitive: list[Literal[SENSITIVE_CATEGORIES]] | Unknown | None = Field(  # type: ignore[valid-type]
        None, description="sensitive personal information by PIPL Art. 28 category ([] for none); "
        "'other' for sensitive information outside the named kinds (the article's list is open)")
    important_data: Literal["none", "identified_not_notified", "notified"] | Unknown | None = Field(
        None, description="important data: none; identified by you but not notified or announced as "
        "such by the authorities; or notified/announced")
    core_data: bool | Unknown | None = None


class SecurityAssessment(_Strict):
    filed: dt.date | None = None
    approved: dt.date | None = None
    valid_until: dt.date | None = None
    renewal_filed: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> "SecurityAssessment":
        _in_order(self, "filed", "approved", "valid_until")
        _in_order(self, "approved", "renewal_filed")
        return self


class StandardContract(_Strict):
    signed: dt.date | None = None
    effective: dt.date | None = None
    filed: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> "StandardContract":
        _in_order(self, "signed", "filed")
        _in_order(self, "effective", "filed")
        return self


class Certification(_Strict):
    certified: dt.date | None = None
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> "Certification":
        _in_order(self, "certified", "valid_until")
        return self


class FlowEvidence(_Strict):
    security_assessment: SecurityAssessment | None = None
    standard_contract: StandardContract | None = None
    certification: Certification | None = None
    impact_assessment: dt.date | Unknown | None = Field(
        None, description="date of the personal-information protection impact assessment")
    separate_consent: bool | Unknown | None = None
    notice: bool | Unknown | None = Field(None, description="individuals were told the recipient, "
                                          "purpose, categories and how to exercise their rights")


class DataFlow(_Strict):
    """A transfer of data abroad, with what it carries and the evidence in place."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    channel: str | None = Field(None, description="id of the channel it uses, when known")
    recipient: Recipient = Recipient()
    categories: DataCategories = DataCategories()
    individuals: Annotated[int, Field(ge=0)] | Unknown | None = Field(
        None, description="distinct individuals whose PI it carries in the counting period")
    sensitive_individuals: Annotated[int, Field(ge=0)] | Unknown | None = Field(
        None, description="of those, individuals whose sensitive PI it carries")
    purpose: str | None = None
    grounds: list[Literal[EXEMPTION_GROUNDS]] | Unknown | None = Field(  # type: ignore[valid-type]
        None, description="grounds that can exempt the transfer ([] for none)")
    first_transfer: dt.date | None = None
    evidence: FlowEvidence = FlowEvidence()

    @model_validator(mode="after")
    def _counts(self) -> "DataFlow":
        if isinstance(self.individuals, int) and isinstance(self.sensitive_individuals, int) \
                and self.sensitive_individuals > self.individuals:
            raise cross_field_error(f"sensitive_individuals ({self.sensitive_individuals}) cannot exceed "
                                    f"individuals ({self.individuals})",
                                    ["sensitive_individuals", "individuals"],
                                    expected=f"at most individuals ({self.individuals})")
        return self


def _in_order(model: BaseModel, *names: str) -> None:
    dates = [(n, getattr(model, n)) for n in names if getattr(model, n) is not None]
    for (a, da), (b, db) in zip(dates, dates[1:]):
        if db < da:
            raise cross_field_error(f"dates out of order: {b} ({db}) is before {a} ({da})", [b, a],
                                    expected=f"{b} on or after {a}")


Actor = Annotated[Union[Individual, Organisation], Field(discriminator="kind")]


class Profile(_Strict):
    """A kuajing profile (format version 1)."""

    kuajing: Literal[1] = Field(description="profile format version; must be 1")
    as_of: dt.date | None = Field(None, description="the date the law is applied; default today")
    actor: Actor
    channels: list[Channel] = []
    services: list[Service] = []
    data_flows: list[DataFlow] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> "Profile":
        for group, items in (("channels", self.channels), ("services", self.services),
                             ("data_flows", self.data_flows)):
            seen: dict[str, int] = {}
            for j, item in enumerate(items):
                if item.id in seen:
                    raise cross_field_error(f"two {group} share the id '{item.id}'",
                                            [(group, j, "id"), (group, seen[item.id], "id")],
                                            expected=f"a different id for each of the {group}")
                seen[item.id] = j
        channel_ids = {c.id for c in self.channels}
        for j, flow in enumerate(self.data_flows):
            if flow.channel is not None and flow.channel not in channel_ids:
                known = ", ".join(sorted(channel_ids)) or "none"
                raise cross_field_error(f"data flow '{flow.id}' names channel '{flow.channel}', which is not "
                                        f"among the channels ({known})", [("data_flows", j, "channel")],
                                        expected=f"the id of one of the channels ({known})")
        return self

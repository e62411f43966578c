"""Where endpoints are: the profile's site map and an optional offline GeoIP database.

Site map (YAML)::

    home: CN                 # country of the host these configurations run on (optional)
    sites:
      - match: 203.0.113.0/24    # an IP address, a network, a host name or *.domain
        country: HK
        name: Hong Kong office   # optional

or CSV with the header ``match,country[,name]`` (a row whose match is ``home`` sets the home
country). Country codes are ISO 3166-1 alpha-2; HK, MO and TW are separate codes, so a link from
CN to any of them counts as crossing the border (PRC rules on international networking treat
links to Hong Kong, Macao and Taiwan like international ones).

GeoIP: a MaxMind DB file (``.mmdb``, e.g. GeoLite2-Country) that the user supplies; it is read
offline with the ``maxminddb`` package, for IP addresses only. Host names are never resolved:
map them in the site map.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...errors import InputError, Location
from ...yamlsource import load_yaml
from ._source import read_text
from .facts import Endpoint

__all__ = ["Site", "SiteMap", "GeoIP", "load_sites", "open_geoip", "locate"]

_CC = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Site:
    match: str
    country: str
    name: str | None
    where: str  # file:line:column of the entry

    def matches(self, host: str) -> bool:
        h = host.strip().lower().rstrip(".")
        m = self.match.lower().rstrip(".")
        try:
            net = ipaddress.ip_network(m, strict=False)
        except ValueError:
            net = None
        if net is not None:
            try:
                return ipaddress.ip_address(h) in net
            except ValueError:
                return False
        if m.startswith("*."):
            return h.endswith(m[1:]) or h == m[2:]
        return h == m


@dataclass
class SiteMap:
    file: str
    home: str | None = None
    home_where: str | None = None
    sites: list[Site] = field(default_factory=list)

    def lookup(self, host: str) -> Site | None:
        """The most specific matching entry (longest network prefix, else exact name, else wildcard)."""
        best, best_key = None, -1
        for s in self.sites:
            if not s.matches(host):
                continue
            try:
                key = ipaddress.ip_network(s.match, strict=False).prefixlen
            except ValueError:
                key = 1000 if not s.match.startswith("*.") else 500 + len(s.match)
            if key > best_key:
                best, best_key = s, key
        return best


def _country(value, loc: Location, field_name: str) -> str:
    if not isinstance(value, str) or not _CC.match(value):
        raise InputError("not an ISO 3166-1 alpha-2 country code", location=loc, path=field_name,
                         expected="two capital letters such as CN, HK, US", found=repr(value))
    return value


def load_sites(path: Path) -> SiteMap:
    """Read a site map (YAML, or CSV by its .csv suffix)."""
    if path.suffix.lower() == ".csv":
        return _load_csv(path)
    doc = load_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise InputError("a site map is a mapping with 'home' and 'sites'", location=doc.location(()),
                         expected="home: CN / sites: [...]", found=type(data).__name__)
    smap = SiteMap(str(path))
    for key in data:
        if key not in ("home", "sites"):
            raise InputError(f"unknown key '{key}' in the site map", location=doc.location((key,)),
                             expected="home, sites", found=str(key))
    if data.get("home") is not None:
        smap.home = _country(data["home"], doc.location(("home",)), "home")
        smap.home_where = str(doc.location(("home",)))
    sites = data.get("sites") or []
    if not isinstance(sites, list):
        raise InputError("'sites' must be a list", location=doc.location(("sites",)), found=type(sites).__name__)
    for i, entry in enumerate(sites):
        loc = doc.location(("sites", i))
        if not isinstance(entry, dict) or "match" not in entry or "country" not in entry:
            raise InputError("a site needs 'match' and 'country'", location=loc, path=f"sites[{i}]",
                             expected="{match: 203.0.113.0/24, country: HK}", found=repr(entry)[:80])
        extra = set(entry) - {"match", "country", "name"}
        if extra:
            raise InputError(f"unknown key '{sorted(extra)[0]}' in a site", location=loc,
                             expected="match, country, name", found=sorted(extra)[0])
        country = _country(entry["country"], doc.location(("sites", i, "country")), f"sites[{i}].country")
        smap.sites.append(Site(str(entry["match"]), country, entry.get("name"), str(loc)))
    return smap


def _load_csv(path: Path) -> SiteMap:
    text = read_text(path)
    smap = SiteMap(str(path))
    reader = csv.reader(io.StringIO(text))
    header = None
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            if header[:2] != ["match", "country"]:
                raise InputError("a CSV site map starts with the header match,country[,name]",
                                 location=Location(str(path), line, 1), found=",".join(row)[:80])
            continue
        loc = Location(str(path), line, 1)
        if len(row) < 2:
            raise InputError("a site row needs match and country", location=loc, found=",".join(row))
        match, country = row[0].strip(), row[1].strip()
        _country(country, Location(str(path), line, len(row[0]) + 2), "country")
        if match.lower() == "home":
            smap.home, smap.home_where = country, str(loc)
        else:
            smap.sites.append(Site(match, country, row[2].strip() if len(row) > 2 else None, str(loc)))
    return smap


class GeoIP:
    """An offline MaxMind DB, opened once."""

    def __init__(self, path: Path) -> None:
        import maxminddb

        self.file = str(path)
        if not path.is_file():
            raise InputError("GeoIP database not found", location=Location(self.file),
                             hint="give the path of a .mmdb file such as GeoLite2-Country.mmdb")
        try:
            self._reader = maxminddb.open_database(str(path))
        except (maxminddb.InvalidDatabaseError, ValueError, OSError) as exc:
            raise InputError(f"not a MaxMind DB file: {exc}", location=Location(self.file),
                             expected="a .mmdb database (e.g. GeoLite2-Country.mmdb)") from None

    def country(self, host: str) -> str | None:
        try:
            ip = ipaddress.ip_address(host.strip())
        except ValueError:
            return None
        try:
            record = self._reader.get(ip)
        except (ValueError, TypeError, LookupError):
            return None
        except Exception as exc:  # a corrupt database detected only on lookup
            raise InputError(f"the GeoIP database could not be read: {exc}", location=Location(self.file)) from None
        if not isinstance(record, dict):
            return None
        for key in ("country", "registered_country"):
            part = record.get(key)
            if isinstance(part, dict) and isinstance(part.get("iso_code"), str):
                return part["iso_code"].upper()
        return None


def open_geoip(path: Path) -> GeoIP:
    return GeoIP(path)


def locate(endpoints: list[Endpoint], sites: SiteMap | None, geoip: GeoIP | None) -> list[Endpoint]:
    """Endpoints with their country filled in where the site map or the GeoIP database knows it."""
    out = []
    for e in endpoints:
        site = sites.lookup(e.host) if sites else None
        if site is not None:
            out.append(replace(e, country=site.country, country_source=f"site map {site.where}"))
            continue
        cc = geoip.country(e.host) if geoip else None
        if cc:
            out.append(replace(e, country=cc, country_source=f"GeoIP {Path(geoip.file).name}"))
        else:
            out.append(e)
    return out

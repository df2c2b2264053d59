"""Carriers a buyer ships with: the shape of each one's tracking numbers, where to follow a parcel and where it is.

A number is checked after dropping the spaces and dashes people type between its groups. The
"other" carrier is any name the buyer types: its numbers are taken as written and have no link.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from core.domain.text import clean_text
from core.errors import InvalidInput


class TrackingStatus(StrEnum):
    IN_TRANSIT = "in_transit"
    CUSTOMS = "customs"
    DELIVERED = "delivered"


_S10 = r"[A-Z]{2}\d{9}"  # the UPU's international format: two letters, nine digits, then the country


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str  # short and stable: it travels in button data
    name: str
    pattern: str  # a full match of the normalised number
    example: str
    link: str  # with {number}

    def check(self, number: str) -> str:
        """The number as the carrier writes it, or a refusal that shows what one looks like."""
        normalised = re.sub(r"[\s-]", "", number).upper()
        if not re.fullmatch(self.pattern, normalised):
            raise InvalidInput("tracking.bad_format", carrier=self.name, example=self.example)
        return normalised

    def tracking_url(self, number: str) -> str:
        return self.link.format(number=quote(number, safe=""))


_JAPAN_POST = "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={number}&locale=en"
_17TRACK = "https://t.17track.net/en#nums={number}"

CARRIERS = (
    Carrier("ems", "EMS", _S10 + "[A-Z]{2}", "EJ123456789JP", _JAPAN_POST),
    Carrier("jpost", "Japan Post", _S10 + r"JP|\d{11,12}", "RR123456789JP", _JAPAN_POST),
    Carrier("sf", "SF Express", r"SF\d{12,13}", "SF1234567890123", "https://www.sf-express.com/chn/en/waybill/waybill-detail/{number}"),
    Carrier("yamato", "Yamato", r"\d{12}", "4470-1234-5678", "https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number01={number}"),
    Carrier("sagawa", "Sagawa", r"\d{10,12}", "123456789012", "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo={number}"),
    Carrier("usps", "USPS", _S10 + r"US|\d{20,22}", "9400111899223100000000", "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
    Carrier("ups", "UPS", r"1Z[0-9A-Z]{16}", "1Z999AA10123456784", "https://www.ups.com/track?tracknum={number}"),
    Carrier("fedex", "FedEx", r"\d{12}|\d{15}", "123456789012", "https://www.fedex.com/fedextrack/?trknbr={number}"),
    Carrier("dhl", "DHL", r"\d{10}|JD\d{18}", "1234567890", "https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}"),
    Carrier("royalmail", "Royal Mail", _S10 + "GB", "AB123456789GB", "https://www.royalmail.com/track-your-item#/tracking-results/{number}"),
    Carrier("chinapost", "China Post", _S10 + "CN", "RR123456789CN", _17TRACK),
    Carrier("koreapost", "Korea Post", _S10 + "KR", "EE123456789KR", _17TRACK),
)  # fmt: skip
OTHER = "other"
_BY_CODE = {carrier.code: carrier for carrier in CARRIERS}
_BY_NAME = {carrier.name.casefold(): carrier for carrier in CARRIERS}


def carrier_by_code(code: str) -> Carrier | None:
    return _BY_CODE.get(code)


def carrier_named(name: str) -> Carrier | None:
    """The listed carrier of this name, or None for one the buyer typed in ("other")."""
    return _BY_NAME.get(name.strip().casefold())


def check_shipment(carrier_name: str, tracking_number: str) -> tuple[str, str]:
    """The carrier's name and the tracking number, both as they are stored; a listed carrier's number is checked."""
    carrier = carrier_named(carrier_name)
    if carrier is None:
        return clean_text(carrier_name, "carrier", 64), clean_text(tracking_number, "tracking_number", 64)
    return carrier.name, carrier.check(clean_text(tracking_number, "tracking_number", 64))


def tracking_url(carrier_name: str | None, tracking_number: str | None) -> str | None:
    """Where to follow the parcel, for a listed carrier."""
    carrier = carrier_named(carrier_name or "")
    return carrier.tracking_url(tracking_number) if carrier and tracking_number else None

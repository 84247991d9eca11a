"""The currency codes of ISO 4217 a book may be kept in (`amtui settings set currency`).

The active codes of the standard's list one (as amended to 2025), the funds and
precious-metal codes (X..) included; a code withdrawn there (HRK since the euro, ZWL)
is refused.  No library holds the list (babel and pycountry are not amtui's
dependencies): it changes a few times a decade, and a code missing here is refused with
a line that says so, never taken for another.
"""

from __future__ import annotations

from amtui.core.errors import InvalidInput

ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER
ZAR ZMW ZWG
""".split())

CURRENCY_HELP = "an ISO 4217 code such as USD, EUR or GBP"


def currency_code(text: str, *, field: str = "currency") -> str:
    """`usd`, ` EUR ` -> 'USD', 'EUR'; anything that is no ISO 4217 code is refused,
    quoting it as typed."""
    code = text.strip().upper() if isinstance(text, str) else ""
    if not code:
        raise InvalidInput(field, f"is empty; write {CURRENCY_HELP}")
    if code not in ISO_4217:
        raise InvalidInput(field, f"'{text}' is not an ISO 4217 currency code; write one such as "
                                  "USD, EUR or GBP")
    return code

"""Which kind of records a file holds, told from its headers.

A kind fits when every one of its required fields has a column.  Of the kinds that fit,
the one that understands the most columns wins, if it understands strictly more than
any other; otherwise the rep chooses with --kind, and the error says which kinds fit.
"""

from __future__ import annotations

from amtui.core.errors import InvalidInput
from amtui.importers.headers import Mapping, map_headers, parse_overrides
from amtui.importers.kinds import KINDS, Kind


def _score(mapping: Mapping) -> int:
    return sum(1 for c in mapping.columns if c.field)


def fitting_kinds(headers: list[str], pairs: list[str] | None = None) -> list[tuple[Kind, Mapping]]:
    """Kinds whose required fields all have a column, best first.  `pairs` are the rep's
    "Their header=field" maps: a kind whose fields they don't name can't be meant."""
    fits = []
    for kind in KINDS.values():
        try:
            overrides = parse_overrides(pairs, kind)
        except InvalidInput:
            continue
        mapping = map_headers(headers, kind, overrides)
        if not mapping.missing():
            fits.append((kind, mapping))
    return sorted(fits, key=lambda fit: -_score(fit[1]))


def describe_missing(mapping: Mapping) -> str:
    groups = [" or ".join(group) for group in mapping.missing()]
    return ", ".join(groups)


def detect_kind(headers: list[str], pairs: list[str] | None = None) -> tuple[Kind, Mapping]:
    fits = fitting_kinds(headers, pairs)
    shown = ", ".join(h for h in headers if str(h).strip()) or "none"
    if not fits:
        raise InvalidInput(
            "kind",
            f"could not tell what these rows are (columns: {shown}); "
            "name the kind with --kind and the columns with --map \"Their header=field\"",
        )
    if len(fits) > 1 and _score(fits[0][1]) == _score(fits[1][1]):
        best = _score(fits[0][1])
        tied = [kind.name for kind, mapping in fits if _score(mapping) == best]
        raise InvalidInput(
            "kind",
            f"these columns fit {' and '.join(tied)} equally; say which with "
            + " or ".join(f"--kind {name}" for name in tied),
        )
    return fits[0]

"""Every binding id the rep can remap in config.toml's `[keys]`, checked and documented.

The ids are collected from the bindings themselves (the `BINDINGS` of the App and of every
screen, dialog and widget class in amtui.tui), so a new binding is known here, in
`amtui doctor` and in README's table without a list to keep in step.

`python -m amtui.tui.keymap` prints README's binding-id table; `--write README.md`
replaces it between the `binding-ids` markers (tests/test_keymap.py fails when they differ).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path

README_START = "<!-- binding-ids:start (python -m amtui.tui.keymap --write README.md) -->"
README_END = "<!-- binding-ids:end -->"


@dataclass(frozen=True)
class BindingInfo:
    id: str
    key: str  # the default key(s), as written in config.toml
    does: str


def _subclasses(cls: type):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_ids() -> dict[str, BindingInfo]:
    """Every binding id declared in amtui.tui, by id.

    Imports every module of amtui.tui first (about 0.3 s: the sections are otherwise
    imported when first visited), so call it off the event loop.
    """
    from textual.binding import Binding
    from textual.dom import DOMNode

    import amtui.tui

    for module in pkgutil.walk_packages(amtui.tui.__path__, "amtui.tui."):
        importlib.import_module(module.name)
    found: dict[str, BindingInfo] = {}
    for cls in _subclasses(DOMNode):
        if not cls.__module__.startswith("amtui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):  # own bindings, not inherited
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, BindingInfo(
                    id=binding.id, key=binding.key,
                    does=binding.tooltip or binding.description))
    return found


def flatten(keys: object, prefix: str = "") -> dict[str, object]:
    """`[keys]` with dotted tables joined back into ids.

    TOML reads an unquoted `app.export = "e"` as a table `app` holding `export`; that is
    the id `app.export` the rep meant.
    """
    if not isinstance(keys, dict):
        return {}
    flat: dict[str, object] = {}
    for name, value in keys.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def keymap_problems(keys: object, known: dict[str, BindingInfo] | None = None) -> list[str]:
    """What is wrong with config.toml's `[keys]` table, one sentence each; [] if nothing."""
    if not keys:
        return []
    if not isinstance(keys, dict):
        return ["[keys] must be a table of binding id = \"key\" lines"]
    known = binding_ids() if known is None else known
    problems = []
    for binding_id, key in flatten(keys).items():
        if binding_id not in known:
            problems.append(f"[keys] {binding_id!r} is not a binding id (see README, "
                            "\"Binding ids\"); it does nothing")
        elif not isinstance(key, str) or not key.strip():
            problems.append(f"[keys] {binding_id!r} needs a key name in quotes, like \"e\" "
                            "or \"ctrl+e\"")
    return problems


def keymap(keys: object) -> dict[str, str]:
    """The entries of `[keys]` that give a key: what `App.set_keymap` gets (an id that
    names no binding does nothing there; `keymap_problems` reports it)."""
    return {k: v for k, v in flatten(keys).items() if isinstance(v, str) and v.strip()}


def readme_table(known: dict[str, BindingInfo] | None = None) -> str:
    known = binding_ids() if known is None else known
    lines = [README_START, "", "| id | default key | does |", "|---|---|---|"]
    for info in sorted(known.values(), key=lambda i: i.id):
        does = info.does.replace("|", "\\|")
        lines.append(f"| `{info.id}` | `{info.key}` | {does} |")
    return "\n".join([*lines, "", README_END])


def readme_section(text: str) -> str | None:
    """README's current binding-id table (between the markers), or None if it has none."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start:end + len(README_END)]


def main(argv: list[str]) -> int:
    table = readme_table()
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        text = path.read_text()
        current = readme_section(text)
        if current is None:
            print(f"{path} has no {README_START} ... {README_END} markers", file=sys.stderr)
            return 1
        path.write_text(text.replace(current, table))
        return 0
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

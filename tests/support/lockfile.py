"""Read requirements.lock and pyproject.toml as pip and uv do, for the tests that hold them together.

The lock is uv's hashed requirements format (`make lock`): one `name==version [; marker]` entry per
package, its `--hash=` options on continuation lines, then `# via` comments naming who needs it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
PROJECT_VIA = "tandem-slack (pyproject.toml)"  # how uv names pyproject.toml among a pin's reasons

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)\s*(?:;\s*(?P<marker>.*?))?\s*$")


@dataclass
class Pin:
    """One entry of the lock."""

    name: NormalizedName
    version: Version
    marker: Marker | None
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(text: str) -> list[Pin]:
    """Every entry of a lock file's text, with its hashes and its `# via` reasons."""
    pins: list[Pin] = []
    entry = ""
    in_via = False
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if entry:
            entry += " " + stripped.rstrip("\\")
            if stripped.endswith("\\"):
                continue
            pins.append(parse_entry(entry))
            entry = ""
            in_via = False
            continue
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip()
            if pins and line.startswith(" ") and comment.startswith("via"):
                in_via = True
                comment = comment[len("via"):].strip()
            if pins and in_via and comment:
                pins[-1].via.append(comment)
            continue
        in_via = False
        if stripped:
            entry = stripped.rstrip("\\")
            if not stripped.endswith("\\"):
                pins.append(parse_entry(entry))
                entry = ""
    return pins


def parse_entry(entry: str) -> Pin:
    """`name==version [; marker] --hash=sha256:... ...` as a Pin (anything else in a lock is an error)."""
    requirement, *options = re.split(r"\s+(?=--)", entry.strip())
    match = PIN.match(requirement)
    if match is None:
        raise ValueError(f"not an exact pin: {requirement!r}")
    unknown = [option for option in options if not option.startswith("--hash=")]
    if unknown:
        raise ValueError(f"{requirement}: unexpected options {unknown}")
    marker = match["marker"]
    return Pin(name=canonicalize_name(match["name"]), version=Version(match["version"]),
               marker=Marker(marker) if marker else None,
               hashes=[option.removeprefix("--hash=") for option in options])


def project_requirements(pyproject_text: str) -> list[Requirement]:
    """The project's dependencies and its dev extra, as written in pyproject.toml."""
    project = tomllib.loads(pyproject_text)["project"]
    return [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def pins() -> list[Pin]:
    """The entries of the checkout's requirements.lock."""
    return read_lock(LOCK.read_text())


def pinned_version(name: str) -> Version:
    """The one version the lock pins for `name`."""
    versions = {pin.version for pin in pins() if pin.name == canonicalize_name(name)}
    if len(versions) != 1:
        raise LookupError(f"requirements.lock pins {name} {len(versions)} times: {sorted(map(str, versions))}")
    return versions.pop()


def disagreements(requirements: list[Requirement], locked: list[Pin]) -> list[str]:
    """Where the lock and pyproject.toml part ways, one line each (none when `make lock` has run since)."""
    problems = []
    by_name: dict[NormalizedName, list[Pin]] = {}
    for pin in locked:
        by_name.setdefault(pin.name, []).append(pin)
        if not pin.hashes:
            problems.append(f"{pin.name}=={pin.version} has no --hash (pip --require-hashes refuses it)")
    direct = {canonicalize_name(requirement.name) for requirement in requirements}
    for requirement in requirements:
        entries = by_name.get(canonicalize_name(requirement.name), [])
        if not entries:
            problems.append(f"{requirement} is in pyproject.toml but not pinned in requirements.lock")
        for pin in entries:
            if not requirement.specifier.contains(pin.version, prereleases=True):
                problems.append(f"requirements.lock pins {pin.name}=={pin.version}, outside pyproject.toml's "
                                f"{requirement}")
    for pin in locked:
        if PROJECT_VIA in pin.via and pin.name not in direct:
            problems.append(f"requirements.lock pins {pin.name}=={pin.version} for pyproject.toml, which no longer "
                            f"asks for it")
    return problems

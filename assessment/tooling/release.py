"""`python -m assessment release QID VERSION`: freeze a released questionnaire version by
recording its hash and model schema in questionnaires/released.json (a maintainer action; the
app only reads the manifest, `Registry.manifest_errors`)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, DataErrors, Where
from ..loader import Registry, display_path, semver_key
from ..model import SCHEMA_VERSION


def release(registry: Registry, qid: str, version: str) -> Release:
    """Record a released version's hash and schema in the manifest (maintainer action).

    Refuses a draft (M204) and a version already recorded with another hash (M205: a
    released version never changes, publish a new one). The same file released again
    changes nothing (or only records the current schema after a re-check, M206)."""
    if (qid, version) not in registry.loaded:  # the file has errors: say those, not "unknown version"
        mine = [e for e in registry.errors if Path(e.where.path).parts[-2:] == (qid, f"{version}.yaml")]
        if mine:
            raise DataErrors(mine)
    loaded = registry.get(qid, version, drafts=True)
    where = Where(loaded.path)
    if loaded.questionnaire.status != "released":
        raise DataError("M204", where, {"qid": qid, "version": version})
    manifest = registry.manifest()
    entry = manifest.get(qid, {}).get(version)
    if entry is not None and entry.get("sha256") != loaded.sha256:
        raise DataError("M205", where, {"qid": qid, "version": version, "actual": loaded.sha256[:12],
                                        "expected": str(entry.get("sha256"))[:12],
                                        "next": next_version(version)})
    previous_schema = None if entry is None else str(entry.get("schema"))
    if entry is not None and previous_schema == SCHEMA_VERSION:
        return Release(qid, version, loaded.sha256, SCHEMA_VERSION, "unchanged", display_path(registry.manifest_path))
    manifest.setdefault(qid, {})[version] = {"sha256": loaded.sha256, "schema": SCHEMA_VERSION}
    registry.manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")
    return Release(qid, version, loaded.sha256, SCHEMA_VERSION,
                   "recorded" if entry is None else "schema", display_path(registry.manifest_path),
                   previous_schema)


@dataclass(frozen=True)
class Release:
    """What `release` did: `action` is "recorded" (new), "unchanged" (the same file again) or
    "schema" (the same file, now recorded under the current schema)."""

    qid: str
    version: str
    sha256: str
    schema: str
    action: str
    manifest: str
    previous_schema: str | None = None

    def __str__(self) -> str:  # the digest, as the CLI printed it before
        return self.sha256


def next_version(version: str) -> str:
    """The next minor version: 1.0.0 -> 1.1.0 (what M205 suggests)."""
    try:
        major, minor, _patch = semver_key(version)
    except ValueError:
        return "1.1.0"
    return f"{major}.{minor + 1}.0"

"""Loading the service directory (the region files, the national files and the actions file),
with every problem collected, and the bundled directory's regions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..base import Report, translatable_texts
from ..errors import DataError, DataErrors, Where
from ..i18n import languages
from ..loader import default_registry, display_path, locate, parse_yaml_model
from .checks import _check
from .models import (
    ACTIONS_FILE,
    FALLBACK_REGION,
    NATIONAL_DIR,
    REFERRALS_DIR,
    ActionsFile,
    NationalFile,
    Region,
    Service,
    national_key,
)


@dataclass
class Directory:
    """Every region and the actions file, with the problems found while loading them.

    A region's `services` are its national services (`nationals`, by country code) followed by
    its own. `written` keeps each file's services as written, by the key of `data` and `paths`
    (a region id, or `national/<code>` for a national file), so that checks point at the file
    and line where a service is written."""

    root: Path
    regions: dict[str, Region] = field(default_factory=dict)
    actions: ActionsFile | None = None
    errors: list[DataError] = field(default_factory=list)
    warnings: list[DataError] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict, repr=False)  # parsed YAML, for locations
    paths: dict[str, str] = field(default_factory=dict)
    nationals: dict[str, NationalFile] = field(default_factory=dict)
    written: dict[str, list[Service]] = field(default_factory=dict, repr=False)
    #: Regions whose national file is missing or broken (reported once, not checked further).
    unresolved: set[str] = field(default_factory=set)

    def loc(self, key: str, *parts: Any) -> Where:
        line, col = locate(self.data.get(key), parts)
        return Where(self.paths.get(key, key), line, col)


def _parse(text: str, path: str, model: type[BaseModel]) -> tuple[Any, Any]:
    """(model, parsed YAML); raise DataErrors with R-codes located at file:line:col."""
    return parse_yaml_model(text, path, model, not_mapping="R601", codes=("R602", "R603", "R604"))


#: One directory file, read as load_directory reads it (the catalog extractor uses it too).
parse_file = _parse


def load_region_text(text: str, path: str = "<text>") -> Region:
    """One region file's text, checked on its own (the tests' inline variants)."""
    region: Region = _parse(text, path, Region)[0]
    return region


def load_directory(root: Path | str = REFERRALS_DIR, today: date | None = None,
                   alert_ids: list[str] | None = None) -> Directory:
    """Load and check every file under `root`; all problems are collected, none raised."""
    d = Directory(Path(root))
    actions_path = d.root / ACTIONS_FILE
    region_paths = sorted(p for p in d.root.glob("*.yaml") if p.name != ACTIONS_FILE)
    if not actions_path.exists() or not region_paths:
        missing = actions_path if not actions_path.exists() else d.root / "<region>.yaml"
        d.errors.append(DataError("R618", Where(display_path(d.root)), {"path": display_path(missing)}))
    for path in ([actions_path] if actions_path.exists() else []) + region_paths:
        _load_file(d, path)
    for path in sorted((d.root / NATIONAL_DIR).glob("*.yaml")):
        _load_national(d, path)
    _resolve_nationals(d)
    _check(d, today or date.today(), alert_ids)
    return d


def _read(d: Directory, path: Path, model: type[BaseModel]) -> tuple[Any, Any] | None:
    """(model, parsed YAML) of one file, None when it does not load (its errors recorded)."""
    try:
        return _parse(path.read_text("utf-8"), display_path(path), model)
    except DataErrors as exc:
        d.errors.extend(exc.errors)
    except (OSError, UnicodeDecodeError) as exc:
        d.errors.append(DataError("Q101", Where(display_path(path)), {"detail": str(exc)}))
    return None


def _load_file(d: Directory, path: Path) -> None:
    """The actions file or a region file (R612: a region file is named after its id)."""
    shown = display_path(path)
    is_actions = path.name == ACTIONS_FILE
    read = _read(d, path, ActionsFile if is_actions else Region)
    if read is None:
        return
    model, data = read
    key = ACTIONS_FILE if is_actions else model.id
    if is_actions:
        d.actions = model
    else:
        if path.stem != model.id:
            d.errors.append(DataError("R612", Where(shown, *locate(data, ("id",))),
                                      {"region": model.id, "path": shown}))
            return
        d.regions[model.id] = model
        d.written[key] = list(model.services)
    d.data[key], d.paths[key] = data, shown


def _load_national(d: Directory, path: Path) -> None:
    """A national file (`national/<country>.yaml`), kept by its country code."""
    read = _read(d, path, NationalFile)
    if read is None:
        return
    national, data = read
    key = national_key(path.stem)
    d.nationals[path.stem] = national
    d.data[key], d.paths[key], d.written[key] = data, display_path(path), list(national.services)


def _resolve_nationals(d: Directory) -> None:
    """Put each region's national services first in its `services`. A national file that does
    not exist is R623 (one error: the region is not checked further); one that exists but does
    not load has its own errors. A region service with a national id (R624, see `_check`) is
    left out, so that the region lists each service once."""
    for rid, region in list(d.regions.items()):
        if region.national is None:
            continue
        national = d.nationals.get(region.national)
        if national is None:
            d.unresolved.add(rid)
            path = d.root / NATIONAL_DIR / f"{region.national}.yaml"
            if not path.exists():
                d.errors.append(DataError("R623", d.loc(rid, "national"),
                                          {"region": rid, "path": display_path(path)}))
            continue
        shared = {s.id for s in national.services}
        own = [s for s in region.services if s.id not in shared]
        d.regions[rid] = region.model_copy(update={"services": [*national.services, *own]})


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The bundled directory, loaded once per process, checked against the questionnaires' alerts."""
    return load_directory(REFERRALS_DIR, alert_ids=_questionnaire_alerts())


def _questionnaire_alerts() -> list[str]:
    found: list[str] = []
    for loaded in default_registry().loaded.values():
        for alert in loaded.questionnaire.alerts:
            if alert.id not in found:
                found.append(alert.id)
    return found


def _bundled() -> Directory:
    d = default_directory()
    if d.errors or d.actions is None:
        raise DataErrors(d.errors)  # loud: `python -m assessment validate` says where and how
    return d


def _bundled_actions() -> ActionsFile:
    actions = _bundled().actions
    if actions is None:  # _bundled refuses a directory without them: this only narrows the type
        raise DataErrors(default_directory().errors)
    return actions


def regions() -> list[Region]:
    """Every region of the bundled directory (Belgian regions first, then by id)."""
    found = list(_bundled().regions.values())
    return sorted(found, key=lambda r: (r.country != "BE", r.id))


def get_region(region_id: str) -> Region:
    d = _bundled()
    if region_id not in d.regions:
        raise DataError("R617", context={"region": region_id, "available": ", ".join(sorted(d.regions))})
    return d.regions[region_id]


def default_region(locale: str) -> str:
    """The region shown first for a language (locales/languages.toml `region`)."""
    wanted = languages().get(locale, {}).get("region") or FALLBACK_REGION
    known = _bundled().regions
    return wanted if wanted in known else FALLBACK_REGION


def all_messages(directory: Directory | None = None) -> set[str]:
    """Every French text of the directory that must be translated (for the completeness test):
    the marked fields of its regions (their national services included) and actions file."""
    d = directory or _bundled()
    out: set[str] = set()
    models: list[BaseModel] = [*d.regions.values(), *([d.actions] if d.actions else [])]
    for model in models:
        out.update(translatable_texts(model))
    return out


def check_referrals() -> Any:
    """Checker for `python -m assessment validate` (listed in assessment/tooling/validate.py)."""
    d = load_directory(REFERRALS_DIR, alert_ids=_questionnaire_alerts())
    return Report(counts={"regions": len(d.regions),
                          "services": sum(len(r.services) for r in d.regions.values()),
                          "actions": len(d.actions.actions) if d.actions else 0},
                  errors=d.errors, warnings=d.warnings)

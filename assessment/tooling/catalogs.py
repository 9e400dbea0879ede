"""Translation catalogs: the maintainer workflow (extract, update, init) and the checks.

    python -m assessment.tooling.catalogs extract [DOMAIN...]   sources -> locales/<domain>.pot
    python -m assessment.tooling.catalogs update [DOMAIN...]    .pot -> locales/<lang>/LC_MESSAGES/<domain>.po
    python -m assessment.tooling.catalogs init LANG             new language: one .po per domain
    python -m assessment.tooling.catalogs check                 every problem, one line each (exit 2)

(`make i18n-extract`, `i18n-update`, `i18n-init LANG=xx`, `i18n-check` call these.)

Extraction and update go through pybabel itself; the checks are our own, because
`pybabel update --check` is broken with msgctxt (babel#1307). They report, with the .po file,
line and msgid: a stale .pot, a missing catalog, an untranslated, fuzzy or obsolete message,
placeholders that differ from the source, wrong plural forms, and a msgid translated two ways
in domains shown on one page (i18n.PAGE_DOMAINS). The standard tools (GNU `msgfmt --check`,
Babel's `Catalog.check()`) run over every catalog in tests/test_i18n_tools.py.
"""
from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_keywords, parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from .. import i18n
from ..base import Report, translatable_texts
from ..errors import DataError, Where
from ..loader import ROOT, Registry, display_path

#: Python keywords, the same for `pybabel extract` and the in-memory staleness check.
KEYWORDS = ("t", "_", "gettext", "ngettext:1,2", "pgettext:1c,2", "N_")
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "danger-assessment"
#: Placeholders a plural form may leave out (Arabic says "one factor", not "1 factor").
#: How much of a msgid an error message quotes.
QUOTE = 70


def mapping_path(domain: str, root: Path = ROOT) -> Path:
    return root / "locales" / "mapping" / f"{domain}.cfg"


def pot_path(domain: str, base: Path | None = None) -> Path:
    return (base or i18n.LOCALES_DIR) / f"{domain}.pot"




def _quote(msgid: object) -> str:
    text = msgid[0] if isinstance(msgid, (tuple, list)) else str(msgid)
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[: QUOTE - 1] + "…"


# --------------------------------------------------------------------------- workflow
def _pybabel(*args: str) -> None:
    """Run pybabel in-process (the CWD must be the project root for the custom extractor)."""
    CommandLineInterface().run(["pybabel", "-q", *args])


def _strip_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:'))


def extract(domains: Sequence[str] = i18n.DOMAINS, root: Path = ROOT) -> list[Path]:
    """Re-extract each domain's .pot with pybabel; keep the old file if only its date changed."""
    written = []
    for domain in domains:
        out = pot_path(domain, root / "locales")
        before = out.read_text("utf-8") if out.exists() else None
        args = ["extract", "-F", str(mapping_path(domain, root)), "--no-default-keywords"]
        for kw in KEYWORDS:
            args += ["-k", kw]
        for tag in COMMENT_TAGS:
            args += ["-c", tag]
        args += ["--sort-by-file", "--project", PROJECT, "--version", "1",
                 "--copyright-holder", "the project's contributors", "-o", str(out), str(root)]
        _pybabel(*args)
        _relative_locations(out, root)
        if before is not None and _strip_date(before) == _strip_date(out.read_text("utf-8")):
            out.write_text(before, "utf-8")  # nothing changed but the date: no diff
        written.append(out)
    return written


def _relative_locations(pot: Path, root: Path) -> None:
    """pybabel writes `#: /abs/root/file.py:12` when given an absolute input dir: strip it."""
    prefix = str(root.resolve()) + "/"
    text = pot.read_text("utf-8")
    if prefix in text:
        pot.write_text(text.replace("#: " + prefix, "#: ").replace(" " + prefix, " "), "utf-8")


def shipped(base: Path | None = None) -> list[str]:
    """Languages that need catalogs: every listed one (drafts included) except the source."""
    return [code for code in i18n.available(base, drafts=True) if code != i18n.SOURCE_LOCALE]


def update(domains: Sequence[str] = i18n.DOMAINS, base: Path | None = None,
           locales: Sequence[str] | None = None) -> list[Path]:
    """Merge each .pot into its .po files (created with `init` if missing); fuzzy = to review."""
    base = base or i18n.LOCALES_DIR
    written = []
    for domain in domains:
        pot = pot_path(domain, base)
        if not pot.exists():
            continue
        for locale in locales or shipped(base):
            po = i18n.po_path(locale, domain, base)
            if po.exists():
                _pybabel("update", "-i", str(pot), "-d", str(base), "-D", domain, "-l", locale,
                         "--ignore-pot-creation-date", "--ignore-obsolete", "--previous")
            else:
                _pybabel("init", "-i", str(pot), "-d", str(base), "-D", domain, "-l", locale)
            written.append(po)
    return written


# --------------------------------------------------------------------------- checks
def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return msgid, message.context


def extract_in_memory(domain: str, root: Path = ROOT) -> dict[tuple[str, str | None], object]:
    """What `make i18n-extract` would put in the domain's .pot now: {(msgid, msgctxt): msgid}."""
    mapping = mapping_path(domain, root)
    with open(mapping, encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(mapping))
    keywords = parse_keywords(KEYWORDS)
    found: dict[tuple[str, str | None], object] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
            root, method_map, options_map, keywords=keywords, comment_tags=COMMENT_TAGS):
        msgid = message[0] if isinstance(message, (tuple, list)) else message
        if msgid:
            found[(msgid, context)] = message
    return found


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Parse a .pot/.po strictly; a syntax error becomes L801 with its line.

    Babel's parser forgives an unclosed quote or a misspelt keyword (it drops or guesses), so
    every line is first checked against the .po grammar.
    """
    try:
        raw = path.read_bytes()
        lineno = i18n.bad_po_line(raw)
        if lineno:
            line = raw.decode("utf-8").splitlines()[lineno - 1]
            raise DataError("L801", Where(display_path(path), lineno), {
                "detail": f"ligne inattendue {_quote(line)!r}"})
        return read_po(io.BytesIO(raw), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)
        raise DataError("L801", Where(display_path(path), (lineno + 1) if lineno is not None else None),
                        {"detail": str(exc)}) from None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise DataError("L801", Where(display_path(path)), {"detail": str(exc)}) from None


def check_pot(domain: str, root: Path = ROOT, base: Path | None = None) -> list[DataError]:
    """The .pot must hold exactly what the sources mark for translation (msgid and msgctxt)."""
    pot = pot_path(domain, base or root / "locales")
    current = extract_in_memory(domain, root)
    if not pot.exists():
        return [DataError("L812", Where(display_path(pot)), {"path": display_path(pot)})] if current else []
    try:
        catalog = read_catalog(pot)
    except DataError as exc:
        return [exc]
    stored = {_key(m) for m in catalog if m.id}
    added = sorted(set(current) - stored, key=str)
    removed = sorted(stored - set(current), key=str)
    if not added and not removed:
        return []
    example = (added or removed)[0][0]
    return [DataError("L809", Where(display_path(pot)), {
        "path": display_path(pot), "added": len(added), "removed": len(removed), "msgid": _quote(example)})]


def _placeholder_error(message: Message, where: Where) -> DataError | None:
    mismatch = i18n.placeholder_mismatch(message.id, message.string)
    if mismatch is None:
        return None
    found, expected = mismatch

    def show(names: Iterable[str]) -> str:
        return ", ".join("{" + n + "}" for n in sorted(names)) or "-"

    return DataError("L806", where, {
        "found": show(found) if found is not None else "?", "expected": show(expected),
        "msgid": _quote(message.id)})


def check_po(path: Path, locale: str, pot: Catalog | None = None,
             lenient: frozenset[tuple[str, str | None]] | set[tuple[str, str | None]] = frozenset()
             ) -> list[DataError]:
    """Every problem of one .po file: syntax, header, and each message against the .pot.

    A message whose key is in `lenient` (text found only in draft questionnaire versions) may
    be untranslated, fuzzy or missing: a warning, not an error (it shows in French)."""
    try:
        catalog = read_catalog(path, locale)
    except DataError as exc:
        return [exc]
    shown = display_path(path)
    errors: list[DataError] = []
    expected_plurals = get_plural(locale)
    if catalog.num_plurals != expected_plurals.num_plurals:
        errors.append(DataError("L808", Where(shown, 1), {
            "locale": locale, "found": catalog.num_plurals, "expected": expected_plurals.num_plurals,
            "header": f"Plural-Forms: {expected_plurals.plural_forms}"}))
    if catalog.fuzzy:
        errors.append(DataError("L804", Where(shown, 1), {"msgid": "(en-tête / header)"}))
    wanted = {_key(m) for m in pot if m.id} if pot is not None else None
    for message in catalog:
        if not message.id:
            continue
        where = Where(shown, message.lineno)
        if wanted is not None and _key(message) not in wanted:
            errors.append(DataError("L805", where, {"msgid": _quote(message.id)}))
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        filled = sum(1 for s in strings if s)
        if message.pluralizable and filled and (
                filled != expected_plurals.num_plurals or len(strings) != expected_plurals.num_plurals):
            errors.append(DataError("L807", where, {
                "found": filled, "expected": expected_plurals.num_plurals,
                "last": expected_plurals.num_plurals - 1, "msgid": _quote(message.id)}))
        elif not all(strings):
            errors.append(DataError("L803", where, {"msgid": _quote(message.id)},
                                    severity="warning" if _key(message) in lenient else "error"))
            continue
        if message.fuzzy:
            errors.append(DataError("L804", where, {"msgid": _quote(message.id)},
                                    severity="warning" if _key(message) in lenient else "error"))
        problem = _placeholder_error(message, where)
        if problem:
            errors.append(problem)
    for message in catalog.obsolete.values():
        errors.append(DataError("L805", Where(shown, message.lineno), {"msgid": _quote(message.id)}))
    if pot is not None:
        have = {_key(m) for m in catalog if m.id}
        for message in pot:
            if message.id and _key(message) not in have:
                errors.append(DataError("L810", Where(shown), {"msgid": _quote(message.id)},
                                        severity="warning" if _key(message) in lenient else "error"))
    return errors


def check_conflicts(base: Path | None = None) -> list[DataError]:
    """A msgid (with its msgctxt) translated differently in two domains that meet on one page.

    Each domain is looked up first where it is shown (i18n.PAGES), but on one page (the screen:
    ui, core, questionnaire, referrals, training; the sheet: report, core, questionnaire,
    referrals) the same French word must read the same. Fuzzy and empty translations are left
    out (they show French); the error points at the first domain's entry.
    """
    base = base or i18n.LOCALES_DIR
    errors: list[DataError] = []
    for locale in shipped(base):
        found: dict[str, dict[tuple[str, str | None], tuple[tuple[str, ...], Where]]] = {}
        for domain in i18n.DOMAINS:
            po = i18n.po_path(locale, domain, base)
            if not po.exists():
                continue
            try:
                catalog = read_catalog(po, locale)
            except DataError:
                continue  # check_po reports it
            entries = found.setdefault(domain, {})
            for message in catalog:
                strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
                texts = tuple(s for s in strings if s)
                if message.id and not message.fuzzy and len(texts) == len(strings):  # all translated
                    entries[_key(message)] = (texts, Where(display_path(po), message.lineno))
        seen: set[tuple[str, str | None]] = set()  # one error per msgid and language
        for page, domains in i18n.PAGE_DOMAINS.items():
            ordered = [d for d in i18n.DOMAINS if d in domains and d in found]
            keys = sorted({k for d in ordered for k in found[d]}, key=str)
            for key in keys:
                have = [(d, found[d][key]) for d in ordered if key in found[d]]
                if len({s for _d, (s, _w) in have}) < 2 or key in seen:
                    continue
                seen.add(key)
                shown = "; ".join(f"{d} « {' | '.join(s)} »" for d, (s, _w) in have)
                errors.append(DataError("L813", have[0][1][1], {
                    "msgid": _quote(key[0]), "page": page, "found": shown}))
    return errors


@dataclass
class Summary:
    errors: list[DataError]
    languages: int
    messages: int
    warnings: list[DataError] = field(default_factory=list)


def draft_only_messages(root: Path = ROOT) -> set[tuple[str, str | None]]:
    """Questionnaire texts (msgid keys) found in draft versions only: work in progress, which
    may stay untranslated (shown in French) until the version is released."""
    registry = Registry.scan(root / "questionnaires")
    released: set[str] = set()
    drafts: set[str] = set()
    for loaded in registry.loaded.values():
        target = released if loaded.questionnaire.status == "released" else drafts
        target.update(i18n.msgid(text) for text in translatable_texts(loaded.questionnaire))
    return {(text, None) for text in drafts - released}


def check_all(base: Path | None = None, root: Path = ROOT,
              domains: Iterable[str] = i18n.DOMAINS, sources: bool = True) -> Summary:
    """Every catalog of every shipped language and domain (and the .pot against the sources)."""
    base = base or i18n.LOCALES_DIR
    errors: list[DataError] = []
    messages = 0
    pots: dict[str, Catalog] = {}
    for domain in domains:
        if sources:
            errors += check_pot(domain, root, base)
        pot_file = pot_path(domain, base)
        if pot_file.exists():
            try:
                pots[domain] = read_catalog(pot_file)
                messages += sum(1 for m in pots[domain] if m.id)
            except DataError as exc:
                if not sources:
                    errors.append(exc)
    langs = shipped(base)
    lenient = draft_only_messages(root) if "questionnaire" in set(domains) else set()
    for locale in langs:
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            errors.append(DataError("L811", Where(display_path(base / "languages.toml")), {"locale": locale}))
            continue
        for domain in domains:
            pot = pots.get(domain)
            po = i18n.po_path(locale, domain, base)
            if not po.exists():
                if pot is not None and any(m.id for m in pot):
                    errors.append(DataError("L802", Where(display_path(po)), {"locale": locale, "domain": domain}))
                continue
            errors += check_po(po, locale, pot, lenient if domain == "questionnaire" else frozenset())
    if set(domains) >= set(i18n.DOMAINS):
        errors += check_conflicts(base)
    # A draft language (languages.toml `draft = true`) is not offered yet: its problems warn.
    drafts = [display_path(base / code) + "/" for code in i18n.draft_languages(base)]
    for error in errors:
        if any(error.where.path.startswith(prefix) for prefix in drafts):
            error.severity = "warning"
    return Summary([e for e in errors if e.severity != "warning"], len(langs) + 1, messages,
                   [e for e in errors if e.severity == "warning"])


def check_catalogs() -> Report:
    """The `validate` checker (listed in assessment.tooling.validate.CHECKERS)."""
    summary = check_all()
    return Report(counts={"languages": summary.languages, "messages": summary.messages},
                  errors=summary.errors, warnings=summary.warnings)


def problems_by_catalog(errors: Iterable[DataError], first: int = 3) -> str:
    """A short digest for test failures: each catalog, its problem count, its first msgids."""
    grouped: dict[str, list[DataError]] = {}
    for error in errors:
        grouped.setdefault(error.where.path, []).append(error)
    lines = []
    for path, errs in sorted(grouped.items()):
        codes = Counter(e.code for e in errs)
        lines.append(f"{path}: {len(errs)} problem(s) " + ", ".join(f"{c}×{n}" for c, n in sorted(codes.items())))
        lines += [f"    {e}" for e in errs[:first]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line
def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m assessment.tooling.catalogs",
                                     description="Translation catalogs: extract, update, init, check.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("extract", "update"):
        p = sub.add_parser(name)
        p.add_argument("domains", nargs="*", metavar="DOMAIN",
                       help="domains (default: all): " + ", ".join(i18n.DOMAINS))
    p = sub.add_parser("init", help="start catalogs for a new language listed in languages.toml")
    p.add_argument("lang")
    sub.add_parser("check")
    args = parser.parse_args(argv)
    unknown = [d for d in getattr(args, "domains", []) if d not in i18n.DOMAINS]
    if unknown:
        print(f"domaine inconnu : {', '.join(unknown)} (domaines : {', '.join(i18n.DOMAINS)})", file=sys.stderr)
        return 2
    try:
        if args.command == "extract":
            for path in extract(args.domains or i18n.DOMAINS):
                print(display_path(path))
        elif args.command == "update":
            for path in update(args.domains or i18n.DOMAINS):
                print(display_path(path))
        elif args.command == "init":
            if args.lang not in i18n.available(drafts=True):
                print(f"« {args.lang} » n'est pas dans locales/languages.toml : ajoutez d'abord sa ligne, "
                      f"par exemple {args.lang} = {{ name = \"...\", region = \"be-wal\" }}", file=sys.stderr)
                return 2
            for path in update(i18n.DOMAINS, locales=[args.lang]):
                print(display_path(path))
        else:
            summary = check_all()
            for warning in summary.warnings:
                print(f"avertissement : {warning}", file=sys.stderr)
            for error in summary.errors:
                print(error, file=sys.stderr)
            if summary.errors:
                print(f"{len(summary.errors)} problem(s).", file=sys.stderr)
                return 2
            print(f"OK: {summary.languages} languages, {summary.messages} messages")
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

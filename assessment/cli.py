"""Command line: validate | score | pdf | paper | handout | schema | release. Exit 0 on success, 2 on bad input
with one clear line per problem on stderr, never a traceback."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, DataErrors
from .i18n import available, translator
from .inputs import EXIT_BAD_INPUT, EXIT_OK
from .inputs import read_input as _read_input

if TYPE_CHECKING:
    from pydantic import BaseModel


def cmd_validate(args: argparse.Namespace) -> int:
    from .tooling.validate import validate_all

    t = translator(args.locale)
    report = validate_all()
    for warning in report.warnings:
        print(t("avertissement : ") + warning.render(t), file=sys.stderr)
    for error in report.errors:
        print(error.render(t), file=sys.stderr)
    if report.errors:
        print(t.ngettext("{n} erreur.", "{n} erreurs.", len(report.errors)).format(n=len(report.errors)),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    counts = ", ".join(f"{k}={v}" for k, v in report.counts.items())
    n = len(report.warnings)
    print(f"OK: {counts}" + (" (" + t.ngettext("{n} avertissement", "{n} avertissements", n).format(n=n) + ")"
                             if n else ""))
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from .document import score_document
    from .wording import result_text

    raw, path = _read_input(args.file)
    _doc, loaded, result = score_document(raw, path=path)
    if args.format == "json":
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(result_text(result, loaded, translator(args.locale)))
    return EXIT_OK


def cmd_pdf(args: argparse.Namespace) -> int:
    """The referral sheet: python -m assessment pdf case.json -o out.pdf (-o - for stdout)."""
    import os

    from .document import score_document
    from .report import build_pdf

    t = translator(args.locale)
    raw, path = _read_input(args.file)
    doc, loaded, result = score_document(raw, path=path)
    password = None
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            print(t("la variable d'environnement {name} est vide ou absente. Définissez-la avec le mot de "
                    "passe du PDF, ou retirez --password-env.").format(name=args.password_env), file=sys.stderr)
            return EXIT_BAD_INPUT
    try:  # what to do now + services (assessment/referrals/)
        from . import referrals
    except ImportError:  # pragma: no cover - the sheet is still complete without a directory
        plan = None
    else:
        region = doc.referral.region.strip() or referrals.default_region(args.locale)
        plan = referrals.plan_for(result, region=region, consent=doc.referral.consent)
    pdf = build_pdf(doc, loaded, result, args.locale, plan=plan, password=password)
    if args.output == "-":
        if sys.stdout.isatty():
            print(t("refus d'écrire un PDF dans le terminal. Redirigez la sortie (> fiche.pdf) ou "
                    "donnez un fichier avec -o."), file=sys.stderr)
            return EXIT_BAD_INPUT
        sys.stdout.buffer.write(pdf)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        print(t("impossible d'écrire {path} ({reason}). Vérifiez que le dossier existe et que vous "
                "pouvez y écrire.").format(path=args.output, reason=exc.strerror or type(exc).__name__),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import cmd_compare as compare  # re-assessment

    return compare(args)


def cmd_schema(args: argparse.Namespace) -> int:
    from .model import AssessmentDoc, Questionnaire

    models: dict[str, type[BaseModel]] = {"questionnaire": Questionnaire, "assessment": AssessmentDoc}
    model = models[args.what]
    print(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    from .loader import QUESTIONNAIRES_DIR, Registry
    from .tooling.release import release

    args.questionnaires = args.questionnaires or QUESTIONNAIRES_DIR
    t = translator(args.locale)
    done = release(Registry.scan(args.questionnaires), args.questionnaire, args.version)
    ctx = {"qid": done.qid, "version": done.version, "sha": done.sha256, "schema": done.schema,
           "manifest": done.manifest, "previous": done.previous_schema or "?"}
    if done.action == "unchanged":
        print(t("{qid} {version} est déjà publiée avec cette empreinte ({sha}, schéma {schema}) : "
                "rien n'a changé.").format(**ctx))
        return EXIT_OK
    if done.action == "schema":
        print(t("{qid} {version} : même empreinte ({sha}) ; schéma {previous} remplacé par {schema} "
                "dans {manifest}.").format(**ctx))
    else:
        print(t("{qid} {version} publiée : empreinte {sha} et schéma {schema} enregistrés dans "
                "{manifest}. Ce fichier est désormais figé : tout changement passe par une nouvelle "
                "version.").format(**ctx))
    print(t("Redémarrez l'application (make run) pour qu'elle propose cette version."))
    return EXIT_OK


def cmd_paper(args: argparse.Namespace) -> int:
    """The blank paper form and its scoring key (assessment/paper.py)."""
    from .paper import cli_paper

    return cli_paper(args.version, args.locale, args.region, args.output)


def cmd_handout(args: argparse.Namespace) -> int:
    """A trainer's handouts: the case stories without answers, or the one-page factor sheet."""
    from .handouts import cli_handout

    return cli_handout(args.kind, args.locale, args.region, args.case, args.output)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assessment",
                                     description="Danger-assessment core: validate, score, pdf, schema, release.")
    parser.add_argument("--locale", default="fr", choices=available(),
                        help="language of messages and text output (default: fr)")
    # --locale is also accepted after the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--locale", default=argparse.SUPPRESS, choices=available())
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", parents=[common], help="check every questionnaire, manifest and catalog")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("score", parents=[common], help="score an assessment document (JSON; - for stdin)")
    p.add_argument("file")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("pdf", parents=[common], help="write the referral sheet (PDF) of an assessment document")
    p.add_argument("file", help="assessment document (JSON); - reads standard input")
    p.add_argument("-o", "--output", required=True, help="PDF file to write; - writes to standard output")
    p.add_argument("--password-env", metavar="VAR",
                   help="protect the PDF with the password held in environment variable VAR")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("paper", parents=[common], help="write the blank paper form and its scoring key (PDF)")
    p.add_argument("--version", default=None, help="released questionnaire version (default: the latest)")
    p.add_argument("--region", default=None, help="region of the services and help texts (default: the language's)")
    p.add_argument("-o", "--output", required=True, help="PDF file to write; - writes to standard output")
    p.set_defaults(func=cmd_paper)
    p = sub.add_parser("compare", parents=[common], help="compare a previous assessment document with a later one")
    p.add_argument("previous", help="the earlier assessment (JSON); - reads standard input")
    p.add_argument("current", help="the later assessment (JSON)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("handout", parents=[common], help="write a trainer's handout (PDF): the case stories "
                       "without answers, the one-page factor sheet with the region's services, or the course's modules")
    p.add_argument("kind", choices=("stories", "factors", "modules"))
    p.add_argument("--region", default=None, help="region of the services (factors; default: the language's)")
    p.add_argument("--case", action="append", default=None, metavar="ID",
                   help="training case to print (stories; repeat it; default: every case)")
    p.add_argument("-o", "--output", required=True, help="PDF file to write; - writes to standard output")
    p.set_defaults(func=cmd_handout)

    p = sub.add_parser("schema", parents=[common], help="print the JSON Schema of the questionnaire file")
    p.add_argument("--what", choices=("questionnaire", "assessment"), default="questionnaire")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("fhir", parents=[common], help="FHIR R4 export: the questionnaire, or an assessment as a Bundle")
    from .fhir import add_arguments as _fhir_arguments
    _fhir_arguments(p, common)

    p = sub.add_parser("release", parents=[common], help="freeze a version: record its hash and schema in questionnaires/released.json "
                       "(refuses a draft and a version already released with another hash)")
    p.add_argument("questionnaire")
    p.add_argument("version")
    p.add_argument("--questionnaires", metavar="DIR", default=None,
                   help="questionnaire folder (default: the project's questionnaires/)")
    p.set_defaults(func=cmd_release)

    from .sheetcode import register as register_code  # the sheet code (assessment/sheetcode.py)
    register_code(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except (DataError, DataErrors) as exc:
        errors = exc.errors if isinstance(exc, DataErrors) else [exc]
        t = translator(args.locale)
        for error in errors:
            print(error.render(t), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK

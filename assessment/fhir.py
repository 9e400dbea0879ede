"""FHIR R4 export and import: for a health record system that imports FHIR.

Three resources, each built as plain JSON and validated by `fhir.resources` before it leaves:

- `questionnaire(loaded)`: the questionnaire version as a FHIR `Questionnaire`. Canonical url
  `{CANONICAL_BASE}/Questionnaire/<id>` with our semantic version; one `group` per section
  (linkId `section.<id>`), one `choice` question per item (linkId = our item id) with the
  answers yes / no / don't know, and under each question its "why we ask" as a `display` item
  (linkId `<id>.help`) with the itemControl code "help". Every text carries its nl / de / en / ar
  translation in the standard translation extension on `_text` (`_title`, `_display`).
  A last group `judgement` holds the professional's judgement (level and reason), so that a
  QuestionnaireResponse alone carries everything needed to re-score.
- `bundle(doc, loaded)`: a `Bundle` (type collection) with the `QuestionnaireResponse` and a
  `RiskAssessment` (the level as `prediction.qualitativeRisk`, the reasons in words as
  `prediction.rationale`, the response as `basis`, the judgement as a `note`).
- `response_to_doc(raw)`: a `QuestionnaireResponse`, or a Bundle holding one, back to an
  assessment document. The level is never read from the file: the engine recomputes it from
  the answers (a RiskAssessment in the Bundle is ignored on import).

Choices where the standard leaves room:

- **Version.** `fhir.resources` 8 (pydantic v2) ships R5 (default), R4B and STU3, no R4
  package (R4 is only in 6.x, on pydantic v1). We validate with its R4B models: every element
  we write (Questionnaire, QuestionnaireResponse, RiskAssessment, Bundle) has the same name,
  type and cardinality in R4 4.0.1, and we use no element that R4B added.
- **Answer codes.** Yes and no are the HL7 table 0136 codes `Y` / `N`; "don't know" is its own
  code, `asked-unknown` of data-absent-reason ("asked but does not know"), never `N`.
- **Weights.** The `itemWeight` extension gives each "yes" its points and each "no" 0. A
  "don't know" has no weight on purpose: a system that adds up weights must not read it as 0.
  The weights alone do not give the level (floors and combinations do too): the level is the
  RiskAssessment's, computed by this tool.
- **No patient.** The tool knows no patient and keeps none. The QuestionnaireResponse has no
  subject. FHIR requires one for a RiskAssessment, so it points to a contained, empty Patient
  (`#subject`), with no name and no identifier: the record system that imports the Bundle
  attaches it to its own patient. No referral field (name, safe contact, notes, the
  professional's details) is exported; the only free text is the judgement's reason and the
  reasons for the level, which the record needs.
- **Identity.** Ids are UUIDs derived from the content (uuid5), so the same assessment always
  gives the same file, byte for byte. No date: the document has none (the record system
  stamps the import).
- **Canonical base.** `CANONICAL_BASE` uses the reserved `.example` domain until the project
  publishes a site; a record system keys on it, so it changes only with care (import reads it).

Import reuses the save file's error codes where they mean the same (A301 not JSON, A302 another
questionnaire, A303 an unknown version, A304 an unknown question, A305 an unknown answer, A307
an unreadable value, A308 too large, A309 a missing version, A311 another text of the version)
and F720-F723 for what only FHIR can get wrong. Raises only DataError, whatever the bytes.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import ValidationError

from .base import SEMVER_PATTERN
from .errors import N_, DataError, Phrase
from .i18n import available, msgid, translator
from .loader import Loaded, Registry, default_registry
from .model import Answer, AssessmentDoc, Level, Result

CANONICAL_BASE = "https://danger-screen.example/fhir"
QUESTIONNAIRE_BASE = f"{CANONICAL_BASE}/Questionnaire/"
SHA_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/questionnaire-sha256"
LEVEL_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/level"
MODE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/mode"
ASSESSMENT_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/assessment"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
YES_NO = "http://terminology.hl7.org/CodeSystem/v2-0136"
ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

#: Our answer -> (system, code, display of the code system).
ANSWER_CODES: dict[Answer, tuple[str, str, str]] = {
    Answer.yes: (YES_NO, "Y", "Yes"),
    Answer.no: (YES_NO, "N", "No"),
    Answer.unknown: (ABSENT, "asked-unknown", "Asked But Unknown"),
}
#: Looked up with whatever system and code an imported file holds.
_ANSWER_OF: dict[tuple[object, object], Answer] = {(system, code): answer for answer, (system, code, _d) in ANSWER_CODES.items()}

SECTION_PREFIX = "section."
JUDGEMENT_GROUP = "judgement"
JUDGEMENT_LEVEL = "judgement.level"
JUDGEMENT_RATIONALE = "judgement.rationale"
HELP_SUFFIX = ".help"
SUBJECT = "subject"

# Texts of the export (domain core; the questionnaire's own texts come from its catalog).
_JUDGEMENT_TITLE = N_("Jugement de la professionnelle ou du professionnel (facultatif)")
_JUDGEMENT_LEVEL = N_("Niveau retenu (il peut seulement relever le niveau calculé)")
_JUDGEMENT_RATIONALE = N_("Ce que vous avez vu ou entendu qui justifie ce niveau")
_JUDGEMENT_NOTE = N_("Jugement professionnel : niveau « {level} », égal au niveau calculé. Motif : {rationale}")
_NOT_FHIR = N_("le fichier n'est ni une QuestionnaireResponse FHIR ni un Bundle qui en contient une")


def _fhir_models() -> dict[str, Any]:
    """The R4B models (see the module docstring for why R4B validates our R4)."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
    from fhir.resources.R4B.riskassessment import RiskAssessment

    return {"Bundle": Bundle, "Questionnaire": Questionnaire,
            "QuestionnaireResponse": QuestionnaireResponse, "RiskAssessment": RiskAssessment}


def validate_resource(data: dict[str, Any]) -> Any:
    """The fhir.resources model of a resource (raises pydantic's ValidationError)."""
    kind = data.get("resourceType")
    model = _fhir_models().get(kind) if isinstance(kind, str) else None
    if model is None:
        raise ValueError(f"not a resource we write: {data.get('resourceType')!r}")
    return model.model_validate(data)


def dumps(resource: dict[str, Any]) -> str:
    """JSON as we write it: validated first, keys in our order, UTF-8 kept readable."""
    validate_resource(resource)
    return json.dumps(resource, ensure_ascii=False, indent=2, allow_nan=False)


# --------------------------------------------------------------------------- texts
def _translations(text: str) -> dict[str, Any] | None:
    """`_text`-style element: the text in every shipped language that has a translation."""
    parts = []
    for locale in available():
        if locale == "fr":
            continue
        translated = translator(locale, domain="core")(text)
        if translated and translated not in (text, msgid(text)):
            parts.append({"url": TRANSLATION, "extension": [
                {"url": "lang", "valueCode": locale}, {"url": "content", "valueString": translated}]})
    return {"extension": parts} if parts else None


def _texted(key: str, text: str, french: bool = False) -> dict[str, Any]:
    """{key: text, _key: translations}; `french`: the text itself is a msgid to show in French."""
    out: dict[str, Any] = {key: translator("fr", domain="core")(text) if french else text}
    extra = _translations(text)
    if extra:
        out["_" + key] = extra
    return out


def _answer_label(answer: Answer) -> str:
    from .wording import ANSWER_LABELS

    return ANSWER_LABELS[answer.value]


def questionnaire_url(qid: str) -> str:
    return QUESTIONNAIRE_BASE + qid


def canonical(loaded: Loaded) -> str:
    q = loaded.questionnaire
    return f"{questionnaire_url(q.id)}|{q.version}"


def _name(qid: str) -> str:
    return "".join(part.capitalize() for part in qid.split("-"))


# --------------------------------------------------------------------------- Questionnaire
def questionnaire(loaded: Loaded) -> dict[str, Any]:
    """The questionnaire version as a FHIR Questionnaire (a JSON object, validated)."""
    from .wording import LEVEL_NAMES

    q = loaded.questionnaire
    items = []
    for section in q.sections:
        questions = []
        for item in section.items:
            options = []
            for answer, (system, code, display) in ANSWER_CODES.items():
                option: dict[str, Any] = {}
                if answer is not Answer.unknown:  # "don't know" has no weight (docstring)
                    weight = item.weight if answer is Answer.yes else 0
                    option["extension"] = [{"url": ITEM_WEIGHT, "valueDecimal": weight}]
                coding: dict[str, Any] = {"system": system, "code": code, "display": display}
                option["valueCoding"] = coding
                label = _answer_label(answer)
                coding["_display"] = {"extension": [
                    {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": "fr"},
                                                       {"url": "content", "valueString": label}]},
                    *(_translations(label) or {"extension": []})["extension"]]}
                options.append(option)
            help_item = {"linkId": item.id + HELP_SUFFIX, **_texted("text", item.help), "type": "display",
                         "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [
                             {"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}}]}
            questions.append({"linkId": item.id, **_texted("text", item.text), "type": "choice",
                              "required": False, "answerOption": options, "item": [help_item]})
        items.append({"linkId": SECTION_PREFIX + section.id, **_texted("text", section.title),
                      "type": "group", "item": questions})
    level_options = [{"valueCoding": {"system": LEVEL_SYSTEM, "code": level.value,
                                      **_texted("display", LEVEL_NAMES[level], french=True)}}
                     for level in Level]
    items.append({"linkId": JUDGEMENT_GROUP, **_texted("text", _JUDGEMENT_TITLE, french=True), "type": "group",
                  "item": [{"linkId": JUDGEMENT_LEVEL, **_texted("text", _JUDGEMENT_LEVEL, french=True),
                            "type": "choice", "answerOption": level_options},
                           {"linkId": JUDGEMENT_RATIONALE, **_texted("text", _JUDGEMENT_RATIONALE, french=True),
                            "type": "text"}]})
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire", "id": f"{q.id}-{q.version}", "language": "fr",
        "extension": [{"url": SHA_EXTENSION, "valueString": loaded.sha256}],
        "url": questionnaire_url(q.id), "version": q.version, "name": _name(q.id),
        **_texted("title", q.title),
        "status": "active" if q.status == "released" else "draft",
        "experimental": q.status != "released",
        "date": q.provenance.date, "publisher": ", ".join(q.provenance.authors),
        **_texted("description", q.description),
        "copyright": q.provenance.licence,
        "item": items,
    }
    validate_resource(resource)
    return resource


# --------------------------------------------------------------------------- response
def _uuid(kind: str, doc: AssessmentDoc) -> str:
    key = json.dumps({"kind": kind, **_exported(doc)}, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, CANONICAL_BASE + "/" + key))


def _exported(doc: AssessmentDoc) -> dict[str, Any]:
    """What of the document goes to FHIR (no referral field: see the module docstring)."""
    return doc.model_dump(mode="json", include={"questionnaire", "version", "sha256", "answers",
                                                "judgement", "mode"}, exclude_none=True)


def exported_doc(doc: AssessmentDoc) -> AssessmentDoc:
    """The document as FHIR carries it: what `response_to_doc(response(doc))` gives back."""
    return AssessmentDoc.model_validate(_exported(doc))


def _meta(doc: AssessmentDoc) -> dict[str, Any]:
    if doc.mode == "training":
        return {"meta": {"tag": [{"system": MODE_SYSTEM, "code": "training", "display": "training"}]}}
    return {}


def response(doc: AssessmentDoc, loaded: Loaded) -> dict[str, Any]:
    """The answers as a FHIR QuestionnaireResponse (validated). Unanswered questions are absent."""
    q = loaded.questionnaire
    groups = []
    for section in q.sections:
        answered = []
        for item in section.items:
            answer = doc.answers.get(item.id)
            if answer is None:
                continue
            system, code, display = ANSWER_CODES[answer]
            answered.append({"linkId": item.id, "answer": [
                {"valueCoding": {"system": system, "code": code, "display": display}}]})
        if answered:
            groups.append({"linkId": SECTION_PREFIX + section.id, "item": answered})
    if doc.judgement is not None:
        groups.append({"linkId": JUDGEMENT_GROUP, "item": [
            {"linkId": JUDGEMENT_LEVEL, "answer": [{"valueCoding": {
                "system": LEVEL_SYSTEM, "code": doc.judgement.level.value}}]},
            *([{"linkId": JUDGEMENT_RATIONALE, "answer": [{"valueString": doc.judgement.rationale}]}]
              if doc.judgement.rationale.strip() else [])]})
    complete = all(i in doc.answers for i in q.item_ids)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse", "id": _uuid("QuestionnaireResponse", doc), **_meta(doc),
        **({"extension": [{"url": SHA_EXTENSION, "valueString": doc.sha256}]} if doc.sha256 else {}),
        "questionnaire": canonical(loaded),
        "status": "completed" if complete else "in-progress",
    }
    if groups:
        resource["item"] = groups
    validate_resource(resource)
    return resource


def risk_assessment(doc: AssessmentDoc, loaded: Loaded, result: Result, response_url: str,
                    locale: str = "fr") -> dict[str, Any]:
    """The level as a FHIR RiskAssessment (validated), its texts in `locale`."""
    from .wording import level_label, level_name, rule_reason

    t = translator(locale, domain="core")
    q = loaded.questionnaire
    reasons = [rule_reason(rule, loaded, result, t) for rule in result.rules if rule.kind != "judgement"]
    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment", "id": _uuid("RiskAssessment:" + locale, doc), **_meta(doc),
        "language": locale,
        "contained": [{"resourceType": "Patient", "id": SUBJECT}],
        "status": "final",
        "code": {"coding": [{"system": ASSESSMENT_SYSTEM, "code": q.id, "display": t(q.title)}]},
        "subject": {"reference": "#" + SUBJECT},
        "basis": [{"reference": response_url}],
        "prediction": [{
            "qualitativeRisk": {"coding": [{"system": LEVEL_SYSTEM, "code": result.level.value,
                                            "display": level_label(result.level, t)}]},
            "rationale": "\n".join(reasons)}],
    }
    if result.judgement is not None:
        if result.judgement.raised:
            judgement_rule = next(r for r in result.rules if r.kind == "judgement")
            note = rule_reason(judgement_rule, loaded, result, t)
        else:
            note = t(_JUDGEMENT_NOTE).format(level=level_name(result.judgement.level, t),
                                              rationale=result.judgement.rationale)
        resource["note"] = [{"text": note}]
    validate_resource(resource)
    return resource


def bundle(doc: AssessmentDoc, loaded: Loaded, locale: str = "fr") -> dict[str, Any]:
    """QuestionnaireResponse + RiskAssessment in a Bundle of type collection (validated).
    Raises DataError (J401 / J402) when the judgement is refused, as scoring does."""
    from .scoring import score

    result = score(loaded, doc)
    qr = response(doc, loaded)
    qr_url = "urn:uuid:" + qr["id"]
    ra = risk_assessment(doc, loaded, result, qr_url, locale)
    resource = {"resourceType": "Bundle", "id": _uuid("Bundle:" + locale, doc), **_meta(doc), "type": "collection",
                "entry": [{"fullUrl": qr_url, "resource": qr},
                          {"fullUrl": "urn:uuid:" + ra["id"], "resource": ra}]}
    validate_resource(resource)
    return resource


# --------------------------------------------------------------------------- import
def is_fhir(raw: bytes | str) -> bool:
    """For the app's resume: is this a JSON object with a `resourceType` (a FHIR resource)?
    Anything else, readable or not, goes to the save-file reader and its messages."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "resourceType" in data


def _fhir_error(exc: ValidationError, path: str) -> DataError:
    try:
        first = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{loc}: {first.get('msg', '')}" if loc else str(first.get("msg", ""))
    except Exception:
        detail = ""
    from .errors import Where

    return DataError("F721", Where(path), {"detail": detail[:200]})


def _find_response(data: dict[str, Any], path: str) -> dict[str, Any]:
    from .errors import Where

    kind = data.get("resourceType")
    models = _fhir_models()
    if kind == "QuestionnaireResponse":
        found = data
    elif kind == "Bundle":
        entries = data.get("entry")
        responses = [e["resource"] for e in entries if isinstance(e, dict)
                     and isinstance(e.get("resource"), dict)
                     and e["resource"].get("resourceType") == "QuestionnaireResponse"] \
            if isinstance(entries, list) else []
        if not responses:
            raise DataError("F720", Where(path), {"detail": Phrase(_NOT_FHIR)})
        if len(responses) > 1:
            raise DataError("F722", Where(path), {"count": len(responses)})
        found = responses[0]
    else:
        raise DataError("F720", Where(path), {"detail": Phrase(_NOT_FHIR)})
    try:
        models["QuestionnaireResponse"].model_validate(found)
    except ValidationError as exc:
        raise _fhir_error(exc, path) from None
    return found


def _items(node: dict[str, Any]) -> list[dict[str, Any]]:
    items = node.get("item") or []
    return [i for i in items if isinstance(i, dict)]


def _one_answer(item: dict[str, Any], path: str) -> dict[str, Any]:
    from .errors import Where

    answers = item.get("answer") or []
    if len(answers) != 1:
        raise DataError("F723", Where(path), {"item": item.get("linkId"), "count": len(answers)})
    answer: dict[str, Any] = answers[0]
    return answer


def response_to_doc(raw: bytes | str, registry: Registry | None = None, path: str = "") -> AssessmentDoc:
    """A FHIR QuestionnaireResponse (or a Bundle holding one) of a known questionnaire version ->
    the assessment document. Raises only DataError (A30x / F72x), whatever the bytes. The
    document is then checked like a save file (document.resolve, scoring.score)."""
    from .document import _TOO_DEEP, MAX_DOCUMENT_BYTES, _load_json
    from .errors import Where

    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_DOCUMENT_BYTES:
        raise DataError("A308", Where(path), {"size": size, "limit": MAX_DOCUMENT_BYTES})
    data = _load_json(raw, path)
    if not isinstance(data, dict):
        raise DataError("A301", Where(path), {"detail": Phrase(N_("un objet {...} est attendu au premier niveau"))})
    try:
        return _to_doc(_find_response(data, path), registry or default_registry(), path)
    except RecursionError:
        raise DataError("A301", Where(path), {"detail": Phrase(_TOO_DEEP)}) from None


def _to_doc(qr: dict[str, Any], registry: Registry, path: str) -> AssessmentDoc:
    import re

    from .errors import Where

    where = Where(path)
    ref = qr.get("questionnaire")
    if not isinstance(ref, str) or not ref:
        raise DataError("A309", where, {"field": "questionnaire"})
    url, _bar, version = ref.partition("|")
    if not url.startswith(QUESTIONNAIRE_BASE):
        raise DataError("A302", where, {"qid": url, "available": ", ".join(registry.ids()) or "-"})
    qid = url[len(QUESTIONNAIRE_BASE):]
    if not version:
        raise DataError("A309", where, {"field": "questionnaire (|version)"})
    if not re.fullmatch(SEMVER_PATTERN, version):
        raise DataError("A303", where, {"qid": qid, "version": version,
                                        "available": ", ".join(registry.versions(qid, True)) or "-"})
    loaded = registry.get(qid, version, drafts=True)  # A302 / A303
    sha256 = None
    for ext in qr.get("extension") or []:
        if isinstance(ext, dict) and ext.get("url") == SHA_EXTENSION:
            sha256 = ext.get("valueString")
    tags = ((qr.get("meta") or {}).get("tag") or [])
    mode = "training" if any(isinstance(tag, dict) and tag.get("system") == MODE_SYSTEM
                             and tag.get("code") == "training" for tag in tags) else "real"
    q = loaded.questionnaire
    sections = {SECTION_PREFIX + s.id: {i.id for i in s.items} for s in q.sections}
    answers: dict[str, Answer] = {}
    judgement_level: str | None = None
    rationale: str | None = None
    seen: set[str | None] = set()

    def once(link: str | None) -> None:
        if link in seen:
            raise DataError("F723", where, {"item": link, "count": 2})
        seen.add(link)

    for group in _items(qr):
        link = group.get("linkId")
        once(link)
        if link == JUDGEMENT_GROUP:
            for item in _items(group):
                once(item.get("linkId"))
                answer = _one_answer(item, path)
                if item.get("linkId") == JUDGEMENT_LEVEL:
                    coding = answer.get("valueCoding") or {}
                    if coding.get("system") != LEVEL_SYSTEM or coding.get("code") not in {lv.value for lv in Level}:
                        raise DataError("A305", where, {"field": JUDGEMENT_LEVEL, "value": coding.get("code")})
                    judgement_level = coding["code"]
                elif item.get("linkId") == JUDGEMENT_RATIONALE:
                    if not isinstance(answer.get("valueString"), str):
                        raise DataError("A305", where, {"field": JUDGEMENT_RATIONALE, "value": "?"})
                    rationale = answer["valueString"]
                else:
                    raise DataError("A304", where, {"item": item.get("linkId"), "version": q.version})
            continue
        if link not in sections:
            raise DataError("A304", where, {"item": link, "version": q.version})
        for item in _items(group):
            item_id = item.get("linkId")
            if item_id not in sections[link]:
                raise DataError("A304", where, {"item": item_id, "version": q.version})
            once(item_id)
            coding = _one_answer(item, path).get("valueCoding") or {}
            given = _ANSWER_OF.get((coding.get("system"), coding.get("code")))
            if given is None:
                raise DataError("A305", where, {"field": f"answers.{item_id}", "value": coding.get("code")})
            answers[item_id] = given
    if rationale is not None and judgement_level is None:
        raise DataError("A309", where, {"field": JUDGEMENT_LEVEL})
    data: dict[str, Any] = {"questionnaire": qid, "version": version, "answers": answers, "mode": mode}
    if sha256 is not None:
        data["sha256"] = sha256
    if judgement_level is not None:
        data["judgement"] = {"level": judgement_level, "rationale": rationale or ""}
    try:
        return AssessmentDoc.model_validate(data)
    except ValidationError as exc:
        loc = ".".join(str(p) for p in exc.errors(include_url=False)[0]["loc"])
        raise DataError("A307", where, {"field": loc, "detail": Phrase(N_("valeur refusée"))}) from None


# --------------------------------------------------------------------------- command line
def add_arguments(parser: Any, common: Any) -> None:
    """`python -m assessment fhir questionnaire|response` (registered in cli.py)."""
    sub = parser.add_subparsers(dest="fhir_command", required=True)
    p = sub.add_parser("questionnaire", parents=[common], help="the questionnaire as a FHIR Questionnaire (JSON)")
    p.add_argument("--questionnaire", default=None, help="questionnaire id (default: danger-screen)")
    p.add_argument("--version", default=None, help="version (default: the latest released)")
    p.add_argument("-o", "--output", default="-", help="file to write (default: - , standard output)")
    p.set_defaults(func=_cmd_questionnaire)
    p = sub.add_parser("response", parents=[common],
                       help="an assessment document as a FHIR Bundle (QuestionnaireResponse + RiskAssessment)")
    p.add_argument("file", help="assessment document (JSON); - reads standard input")
    p.add_argument("-o", "--output", default="-", help="file to write (default: - , standard output)")
    p.set_defaults(func=_cmd_response)


def _write(text: str, output: str, locale: str) -> int:
    import sys
    from pathlib import Path

    if output == "-":
        sys.stdout.write(text + "\n")
        return 0
    try:
        Path(output).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        t = translator(locale)
        sys.stderr.write(t("impossible d'écrire {path} ({reason}). Vérifiez que le dossier existe et que "
                           "vous pouvez y écrire.").format(path=output, reason=exc.strerror or type(exc).__name__)
                         + "\n")
        return 2
    return 0


def _cmd_questionnaire(args: Any) -> int:
    from .loader import DEFAULT_QUESTIONNAIRE

    loaded = default_registry().get(args.questionnaire or DEFAULT_QUESTIONNAIRE, args.version,
                                    drafts=args.version is not None)
    return _write(dumps(questionnaire(loaded)), args.output, args.locale)


def _cmd_response(args: Any) -> int:
    from .document import score_document
    from .inputs import read_input as _read_input

    raw, path = _read_input(args.file)
    doc, loaded, _result = score_document(raw, path=path)
    return _write(dumps(bundle(doc, loaded, args.locale)), args.output, args.locale)

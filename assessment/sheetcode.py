"""The sheet code: the answers of an assessment as a short code printed on the referral sheet.

The receiving service types or pastes the code into the app ("Ouvrir un code de fiche" on the
start page) or runs `python -m assessment code decode CODE`, and gets the same answers back on
the same questionnaire version, to re-assess or to check the level against that version's
rules. Nothing is stored anywhere: the code IS the data.

What the code holds, and nothing else:

- the code format (1 today);
- the questionnaire version number (major, minor, patch);
- real assessment or training case (1 bit);
- the two checks before the questions: is it safe to talk, is she alone (yes / no / unknown);
- every question's answer, 2 bits each in the version's item order: yes, no, don't know,
  or not answered;
- a checksum computed with the SHA-256 fingerprint of the questionnaire file: it names the
  questionnaire (its id is not written out) and the exact text of that version, so a code made
  with another or a modified text of the version is refused instead of read with the wrong
  questions;
- one check character (Luhn mod 32) that catches every single mistyped character.

It never holds free text (notes, safe contact, situation, the judgement's reason), a name, the
case code, the professional's details, the consent or the professional judgement (a judgement
always has a written reason, which is free text). Anyone who has the code can read the answers
from it (with this tool or by hand, the format is documented here): it reveals exactly what the
sheet's answer table already shows to whoever holds the sheet. The checksum is not a signature:
it catches typing mistakes and mismatched versions, not forgery (anyone can make a code, as
anyone can tick boxes in the app).

Layout (bits, most significant first), then base 32:

    format (5) | major, minor, patch (each in groups of 5: 1 "more" bit + 4 value bits)
    | mode (1: 0 real, 1 training) | safe_to_talk (2) | alone (2) | items (2 each) | 0 padding
    -> data characters
    + checksum: the first 5k bits of SHA-256("sheetcode/1:" + questionnaire sha256 + ":" + data
      characters), k >= 4 chosen so that the whole code is a multiple of 4 characters
    + 1 check character (Luhn mod 32 over everything before it).

Answers: 00 not answered, 01 yes, 10 no, 11 don't know (for the two checks, 00 and 11 both
read as unknown). Alphabet: Crockford's base 32, 0-9 and A-Z without I, L, O, U; reading is
case-insensitive, ignores spaces and dashes, and reads I and L as 1 and O as 0. The code is
printed on the sheet's first page, beside the title, in groups of 4 characters
("1100-5DPC-QCTK-..."), and the QR code beside it holds the same characters without the dashes
(QR alphanumeric mode, the smallest symbol). For questionnaire 1.0.0 (26 questions) the code
has 24 characters.

The QR code holds the bare code, not a link to the app: the core does not know where the app
is deployed, and a code in a link's query string would land in the web server's access logs,
the browser history and the phone's scan history. A phone camera shows the text; the
professional pastes it into the app.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import DataError
from .model import Answer, AssessmentDoc, Referral, SafetyCheck

if TYPE_CHECKING:
    import argparse

    from .i18n import Translator
    from .loader import Loaded, Registry

__all__ = ["ALPHABET", "FORMAT", "SheetCode", "decode", "encode", "group"]

#: Crockford's base 32 (no I, L, O, U: nothing to confuse with 1 or 0, no accidental words).
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_VALUE.update({"O": 0, "I": 1, "L": 1})  # read as the digit they look like
FORMAT = 1
GROUP = 4
MIN_CHECKSUM = 4  # characters, i.e. at least 20 bits
#: Longer than any code of a questionnaire with a few hundred questions; past it, not a code.
MAX_LENGTH = 400
_ANSWER_BITS = {None: 0, Answer.yes: 1, Answer.no: 2, Answer.unknown: 3}
_BITS_ANSWER = {0: None, 1: Answer.yes, 2: Answer.no, 3: Answer.unknown}
#: Separators a person or a phone may put in a copied code: spaces, dashes of every kind.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u00ad\u200b-\u200f\u2060\ufeff]+")


@dataclass(frozen=True)
class SheetCode:
    """What a sheet code gives back: the questionnaire version and the answers."""

    questionnaire: str
    version: str
    sha256: str
    answers: dict[str, Answer]  # given answers only; an unanswered question is absent
    safe_to_talk: Answer
    alone: Answer
    mode: str  # "real" or "training"

    def to_doc(self) -> AssessmentDoc:
        """An assessment document with these answers, nothing else (no free text)."""
        return AssessmentDoc(
            questionnaire=self.questionnaire, version=self.version, sha256=self.sha256,
            answers=dict(self.answers), mode=self.mode,
            referral=Referral(safety_check=SafetyCheck(safe_to_talk=self.safe_to_talk, alone=self.alone)))


# --------------------------------------------------------------------------- bits
class _Bits:
    def __init__(self) -> None:
        self.value, self.length = 0, 0

    def put(self, value: int, bits: int) -> None:
        self.value = (self.value << bits) | value
        self.length += bits

    def number(self, n: int) -> None:
        """A non-negative number in groups of 5 bits: 1 "more follows" bit + 4 value bits."""
        nibbles = []
        while True:
            nibbles.append(n & 0xF)
            n >>= 4
            if not n:
                break
        for index, nibble in enumerate(reversed(nibbles)):
            self.put((1 if index < len(nibbles) - 1 else 0) << 4 | nibble, 5)

    def chars(self) -> str:
        pad = -self.length % 5
        value, length = self.value << pad, self.length + pad
        return "".join(ALPHABET[(value >> shift) & 31] for shift in range(length - 5, -1, -5))


class _Reader:
    def __init__(self, chars: str) -> None:
        self.value, self.left = 0, 5 * len(chars)
        for ch in chars:
            self.value = self.value << 5 | _VALUE[ch]

    def take(self, bits: int) -> int:
        if bits > self.left:
            raise _Broken()
        self.left -= bits
        return (self.value >> self.left) & ((1 << bits) - 1)

    def number(self) -> int:
        n = 0
        for _ in range(4):  # 16 bits: version numbers up to 65,535
            group = self.take(5)
            n = n << 4 | group & 0xF
            if not group & 0x10:
                return n
        raise _Broken()


class _Broken(Exception):
    """The data characters do not parse (only after the check character passed: a made-up code)."""


# --------------------------------------------------------------------------- check + checksum
def _luhn(chars: str) -> int:
    """Luhn mod 32 check value of `chars` (appended, the total is 0 mod 32): every single
    changed character changes the total, since doubling is a permutation mod 32."""
    total, factor = 0, 2
    for ch in reversed(chars):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return (32 - total % 32) % 32


def _checksum(sha256: str, data: str, length: int) -> str:
    digest = int.from_bytes(hashlib.sha256(f"sheetcode/{FORMAT}:{sha256}:{data}".encode("ascii")).digest(), "big")
    return "".join(ALPHABET[(digest >> (256 - 5 * (i + 1))) & 31] for i in range(length))


def _checksum_length(data_length: int) -> int:
    k = MIN_CHECKSUM
    while (data_length + k + 1) % GROUP:
        k += 1
    return k


def _data_length(item_count: int, version: str) -> int:
    bits = _Bits()
    bits.put(FORMAT, 5)
    for part in version.split("."):
        bits.number(int(part))
    return -(-(bits.length + 1 + 4 + 2 * item_count) // 5)


def _body_length(loaded: Loaded) -> int:
    """Characters before the check character in every code of this version."""
    n_data = _data_length(len(loaded.questionnaire.item_ids), loaded.questionnaire.version)
    return n_data + _checksum_length(n_data)


# --------------------------------------------------------------------------- encode / decode
def encode(doc: AssessmentDoc, loaded: Loaded) -> str:
    """The sheet code of `doc` on questionnaire `loaded`, grouped ("1100-5DPC-...")."""
    q = loaded.questionnaire
    bits = _Bits()
    bits.put(FORMAT, 5)
    for part in q.version.split("."):
        bits.number(int(part))
    bits.put(1 if doc.mode == "training" else 0, 1)
    for answer in (doc.referral.safety_check.safe_to_talk, doc.referral.safety_check.alone):
        bits.put(0 if answer is Answer.unknown else _ANSWER_BITS[answer], 2)
    for item_id in q.item_ids:
        given = doc.answers.get(item_id)
        bits.put(_ANSWER_BITS[Answer(given) if given is not None else None], 2)
    data = bits.chars()
    body = data + _checksum(loaded.sha256, data, _checksum_length(len(data)))
    return group(body + ALPHABET[_luhn(body)])


def group(code: str) -> str:
    """Groups of 4 characters joined by dashes, for reading aloud and copying by hand."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str) -> str:
    """What a person typed or pasted -> the bare code (upper case, no separators)."""
    return _SEPARATORS.sub("", str(text)).upper()


def decode(text: str, registry: Registry | None = None) -> SheetCode:
    """A sheet code -> its questionnaire version and answers. Raises one DataError (K730 to
    K736), never anything else, whatever the text."""
    from .loader import default_registry

    registry = registry or default_registry()
    chars = normalise(text)[:MAX_LENGTH + 1]
    if not chars:
        raise DataError("K730", context={"char": ""})
    bad = next((ch for ch in chars if ch not in _VALUE), None)
    if bad is not None:
        raise DataError("K730", context={"char": bad if bad.isprintable() else f"U+{ord(bad):04X}"})
    if len(chars) < 1 + 3 + MIN_CHECKSUM + 1 or len(chars) > MAX_LENGTH:
        raise DataError("K732", context={"length": len(chars)})
    chars = "".join(ALPHABET[_VALUE[ch]] for ch in chars)  # O -> 0, I / L -> 1
    body, check = chars[:-1], chars[-1]
    if _luhn(body) != _VALUE[check]:  # a group left out or added reads as incomplete, not mistyped
        lengths = {_body_length(registry.get(qid, v, drafts=True)) + 1
                   for qid in registry.ids() for v in registry.versions(qid, drafts=True)}
        raise DataError("K731" if len(chars) in lengths else "K732", context={"length": len(chars)})
    reader = _Reader(body)
    try:
        fmt = reader.take(5)
        if fmt != FORMAT:
            raise DataError("K733", context={"format": fmt})
        version = ".".join(str(reader.number()) for _ in range(3))
    except _Broken:
        raise DataError("K736", context={"version": "?"}) from None
    candidates = [registry.get(qid, version, drafts=True) for qid in registry.ids()
                  if version in registry.versions(qid, drafts=True)]
    if not candidates:
        available = sorted({v for qid in registry.ids() for v in registry.versions(qid)})
        raise DataError("K734", context={"version": version, "available": ", ".join(available) or "-"})
    for loaded in candidates:
        n_data = _data_length(len(loaded.questionnaire.item_ids), version)
        if len(body) != _body_length(loaded):
            continue
        data = body[:n_data]
        if body[n_data:] != _checksum(loaded.sha256, data, len(body) - n_data):
            continue
        return _read_answers(_Reader(data), loaded, version)
    loaded = candidates[0]
    if all(len(body) != _body_length(c) for c in candidates):  # a group left out, or one too many
        raise DataError("K732", context={"length": len(chars)})
    raise DataError("K735", context={"qid": loaded.questionnaire.id, "version": version,
                                     "sha256": loaded.sha256[:12]})


def _read_answers(reader: _Reader, loaded: Loaded, version: str) -> SheetCode:
    try:
        reader.take(5)
        for _ in range(3):
            reader.number()
        mode = "training" if reader.take(1) else "real"
        safe_to_talk, alone = (_BITS_ANSWER[reader.take(2)] or Answer.unknown for _ in range(2))
        answers = {}
        for item_id in loaded.questionnaire.item_ids:
            answer = _BITS_ANSWER[reader.take(2)]
            if answer is not None:
                answers[item_id] = answer
        if reader.take(reader.left):  # the padding is zeros in every code this tool makes
            raise _Broken()
    except _Broken:
        raise DataError("K736", context={"version": version}) from None
    return SheetCode(loaded.questionnaire.id, version, loaded.sha256, answers, safe_to_talk, alone, mode)


# --------------------------------------------------------------------------- command line
def describe(code: SheetCode, loaded: Loaded, t: Translator) -> str:
    """The decoded code as plain text: version, mode, the checks before the questions, each answer."""
    from .wording import answer_label, item_text

    q = loaded.questionnaire
    mode = t("évaluation réelle") if code.mode == "real" else t("cas de formation (fictif)")
    lines = [f"{t(q.title)} — {q.id} {q.version} (sha256 {code.sha256[:12]}) — {mode}",
             t("Avant les questions : parler sans risque : {safe} ; seule : {alone}").format(
                 safe=answer_label(code.safe_to_talk.value, t), alone=answer_label(code.alone.value, t))]
    for item_id in q.item_ids:
        answer = code.answers.get(item_id)
        shown = answer_label(answer.value, t) if answer is not None else t("sans réponse (compte comme inconnue)")
        lines.append(f"  {item_id}: {shown} — {item_text(loaded, item_id, t)}")
    lines.append(t("Le code ne contient ni texte libre, ni nom, ni code du dossier, ni jugement professionnel."))
    return "\n".join(lines)


def cmd_decode(args: argparse.Namespace) -> int:
    from .document import dump_document
    from .i18n import translator
    from .loader import default_registry

    code = decode(args.code)
    loaded = default_registry().get(code.questionnaire, code.version, drafts=True)
    if args.format == "json":  # an assessment document: `| python -m assessment score -`
        sys.stdout.write(dump_document(code.to_doc()) + "\n")
    else:
        sys.stdout.write(describe(code, loaded, translator(args.locale)) + "\n")
    return 0


def cmd_encode(args: argparse.Namespace) -> int:
    from .document import score_document
    from .inputs import read_input as _read_input

    raw, path = _read_input(args.file)
    doc, loaded, _result = score_document(raw, path=path)
    sys.stdout.write(encode(doc, loaded) + "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """`python -m assessment code decode CODE` | `code encode case.json` (assessment/cli.py)."""
    p = sub.add_parser("code", parents=[common], help="the sheet code printed on the referral sheet: decode or encode it")
    actions = p.add_subparsers(dest="code_command", required=True)
    d = actions.add_parser("decode", parents=[common], help="print the questionnaire version and the answers a sheet code holds")
    d.add_argument("code", help="the code as printed (groups and dashes optional, any case)")
    d.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: an assessment document (answers only), for score or pdf with -")
    d.set_defaults(func=cmd_decode)
    e = actions.add_parser("encode", parents=[common], help="print the sheet code of an assessment document (JSON; - for stdin)")
    e.add_argument("file")
    e.set_defaults(func=cmd_encode)

"""The catalogue of error codes: what went wrong and how to fix it, in one place.

Messages are French (the source language) and marked with N_ so they are extracted into the
`core` catalog and shown in the user's language. Each code is stable: tests, docs and users
refer to it.

Code families: Q = questionnaire file, A = assessment document, J = judgement, R = referral
directory, L = translation catalog, M = release manifest, T = training case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message: str  # may hold {placeholders} filled from the error's context
    fix: str


_SPECS = [
    # --- questionnaire files
    ErrorSpec("Q100", N_("fichier introuvable : {path}"),
              N_("Vérifiez le chemin et le nom du fichier.")),
    ErrorSpec("Q101", N_("syntaxe YAML invalide : {detail}"),
              N_("Corrigez l'indentation, les deux-points ou les guillemets à cette ligne.")),
    ErrorSpec("Q102", N_("clé en double : {detail}"),
              N_("Chaque clé ne peut apparaître qu'une fois dans un même bloc ; supprimez ou renommez l'une d'elles.")),
    ErrorSpec("Q103", N_("champ inconnu « {field} »"),
              N_("Supprimez ce champ ou corrigez son orthographe ; la commande « python -m assessment schema » liste les champs admis.")),
    ErrorSpec("Q104", N_("champ obligatoire manquant « {field} »"),
              N_("Ajoutez ce champ ; la commande « python -m assessment schema » décrit les champs obligatoires.")),
    ErrorSpec("Q105", N_("valeur invalide pour « {field} » : {detail}"),
              N_("Donnez une valeur du type attendu (voir « python -m assessment schema »).")),
    ErrorSpec("Q106", N_("identifiant d'item en double « {item} »"),
              N_("Chaque item doit avoir un identifiant unique dans le questionnaire.")),
    ErrorSpec("Q107", N_("« {item} » désigne un item qui n'existe pas"),
              N_("Utilisez l'identifiant d'un item défini dans une section.")),
    ErrorSpec("Q108", N_("le seuil « sévère » ({threshold}) est atteint par le seul item « {item} » (poids {weight})"),
              N_("Un seul item ne doit jamais suffire pour « sévère » par les points : relevez le seuil ou baissez le poids, et utilisez un plancher (floor) pour les items critiques.")),
    ErrorSpec("Q109", N_("les seuils doivent croître : modéré ({moderate}) < élevé ({high}) < sévère ({severe})"),
              N_("Ordonnez les seuils du plus bas au plus haut.")),
    ErrorSpec("Q110", N_("le facteur de niveau « {tier} » « {item} » ne donne pas au moins « modéré » à lui seul"),
              N_("Donnez-lui un poids au moins égal au seuil « modéré » ou un plancher (floor) d'au moins « moderate ».")),
    ErrorSpec("Q111", N_("l'alerte « {alert} » n'est pas définie"),
              N_("Ajoutez-la dans la liste « alerts » en tête du questionnaire, ou corrigez son identifiant.")),
    ErrorSpec("Q112", N_("la source « {source} » n'est pas définie"),
              N_("Ajoutez-la dans « provenance.sources » ou corrigez son identifiant.")),
    ErrorSpec("Q113", N_("le fichier dit id « {qid} » version « {version} » mais se trouve à {path}"),
              N_("Rangez le fichier dans questionnaires/<id>/<version>.yaml, avec l'id et la version qu'il déclare.")),
    ErrorSpec("Q114", N_("identifiant en double « {detail} »"),
              N_("Les identifiants de section, de combinaison et d'alerte doivent être uniques.")),
    ErrorSpec("Q115", N_("la condition demande {at_least} réponses parmi {count} items"),
              N_("« at_least » ne peut pas dépasser le nombre d'items de « any_of ».")),
    ErrorSpec("Q116", N_("le document n'est pas un questionnaire (un bloc de clés est attendu)"),
              N_("Le fichier doit commencer par « id: », « version: », etc.")),
    # --- release manifest
    ErrorSpec("M201", N_("la version publiée {qid} {version} a changé (empreinte {actual}, attendue {expected})"),
              N_("Une version publiée est figée : remettez le fichier d'origine et publiez vos changements dans une nouvelle version.")),
    ErrorSpec("M202", N_("la version publiée {qid} {version} n'est pas dans le manifeste"),
              N_("Ajoutez son empreinte avec « python -m assessment release {qid} {version} ».")),
    ErrorSpec("M203", N_("le manifeste cite {qid} {version}, qui est introuvable ou n'est pas publiée"),
              N_("Remettez le fichier publié ; une version publiée ne disparaît jamais.")),
    # --- assessment documents
    ErrorSpec("A301", N_("le document n'est pas du JSON valide : {detail}"),
              N_("Utilisez un fichier enregistré par l'outil (« Enregistrer ») ou corrigez le JSON.")),
    ErrorSpec("A302", N_("questionnaire inconnu « {qid} »"),
              N_("Questionnaires disponibles : {available}.")),
    ErrorSpec("A303", N_("version inconnue « {version} » du questionnaire « {qid} »"),
              N_("Versions disponibles : {available}.")),
    ErrorSpec("A304", N_("item inconnu « {item} » dans les réponses"),
              N_("Retirez cette réponse ou utilisez un identifiant de la version {version} du questionnaire.")),
    ErrorSpec("A305", N_("réponse invalide « {value} » pour « {field} »"),
              N_("Les réponses admises sont « yes », « no » et « unknown ».")),
    ErrorSpec("A306", N_("champ inconnu « {field} » dans le document"),
              N_("Retirez ce champ ; voir DESIGN 3.4 pour la forme du document.")),
    ErrorSpec("A307", N_("valeur invalide pour « {field} » : {detail}"),
              N_("Corrigez cette valeur (voir DESIGN 3.4 pour la forme du document).")),
    ErrorSpec("A308", N_("le document est trop volumineux ({size} octets, maximum {limit})"),
              N_("Un document d'évaluation tient en quelques kilo-octets : vérifiez que c'est le bon fichier.")),
    ErrorSpec("A309", N_("champ obligatoire manquant « {field} » dans le document"),
              N_("Ajoutez ce champ (voir DESIGN 3.4).")),
    # --- judgement
    ErrorSpec("J401", N_("le jugement professionnel ne peut pas abaisser le niveau ({requested} est inférieur au niveau calculé {computed})"),
              N_("Le jugement peut seulement relever le niveau. Choisissez {computed} ou plus, ou retirez le jugement.")),
    ErrorSpec("J402", N_("le jugement professionnel doit être motivé"),
              N_("Écrivez en une phrase ce qui justifie ce niveau (ce que vous avez vu ou entendu).")),
]

CATALOGUE: dict[str, ErrorSpec] = {spec.code: spec for spec in _SPECS}


@dataclass
class Where:
    path: str = ""
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        if not self.path:
            return ""
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"


@dataclass
class DataError(Exception):
    """One located, coded error. `str(e)` is the one clear line the CLI prints."""

    code: str
    where: Where = field(default_factory=Where)
    context: dict[str, object] = field(default_factory=dict)
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown error code {self.code}")
        super().__init__(self.code)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        spec = CATALOGUE[self.code]
        ctx = _SafeDict(self.context)
        message = gettext(spec.message).format_map(ctx)
        fix = gettext(spec.fix).format_map(ctx)
        where = f"{self.where}: " if str(self.where) else ""
        return f"{where}{self.code} {message}. {fix}"

    def __str__(self) -> str:
        return self.render()


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class DataErrors(Exception):
    """Several errors found in one pass (validate reports them all, not just the first)."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

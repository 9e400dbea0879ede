"""The catalogue of error codes: what went wrong and how to fix it, in one place.

Messages are French (the source language) and marked with N_ so they are extracted into the
`core` catalog and shown in the user's language. Each code is stable: tests, docs and users
refer to it.

Code families: Q = questionnaire file, A = assessment document, J = judgement, R = referral
directory, L = translation catalog, M = release manifest, T = training case, F = FHIR import,
P = paper form, K = sheet code, C = comparison with a previous assessment (C71x) and online
course (C74x-C75x).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .base import N_ as N_  # re-exported: callers mark their messages with errors.N_
from .model import LEVEL_LABELS, Level

#: Every code of the catalogue, as a type: `DataError("Q999")` or a mistyped code in _SPECS is a
#: mypy error, not only a KeyError at run time. A Literal and not an enum, so that every call
#: site keeps its plain string; tests/test_error_codes_exercised.py checks it lists the
#: catalogue's codes, in its order.
Code = Literal[
    "Q100", "Q101", "Q102", "Q103", "Q104", "Q105", "Q106", "Q107", "Q108", "Q109", "Q110",
    "Q111", "Q112", "Q113", "Q114", "Q115", "Q116", "M201", "M202", "M203", "M204", "M205",
    "M206", "M207", "A301", "A302", "A303", "A304", "A305", "A306", "A307", "A308", "A309",
    "A310", "A311", "J401", "J402", "R601", "R602", "R603", "R604", "R605", "R606", "R607",
    "R608", "R609", "R610", "R611", "R612", "R613", "R614", "R615", "R616", "R617", "R618",
    "R619", "R621", "R622", "R623", "R624", "L801", "L802", "L803", "L804", "L805", "L806", "L807", "L808",
    "L809", "L810", "L811", "L812", "L813", "T501", "T502", "T503", "T504", "T505", "T506",
    "T507", "T508", "T509", "T510", "T511", "T512", "T513", "F720", "F721", "F722", "F723",
    "P700", "K730", "K731", "K732", "K733", "K734", "K735", "K736", "K737", "C710", "C711",
    "C740", "C741", "C742", "C743", "C744", "C745", "C746", "C747", "C748", "C749", "C750",
    "C751", "C752", "C753", "C754", "C755", "C756", "C757",
]


@dataclass(frozen=True)
class ErrorSpec:
    code: Code
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
    ErrorSpec("Q115", N_("la condition demande {at_least} réponses ; nombre d'items dans « any_of » : {count}"),
              N_("« at_least » ne peut pas dépasser le nombre d'items de « any_of ».")),
    ErrorSpec("Q116", N_("le document n'est pas un questionnaire (un bloc de clés est attendu)"),
              N_("Le fichier doit commencer par « id: », « version: », etc.")),
    # --- release manifest
    ErrorSpec("M201", N_("la version publiée {qid} {version} a changé (empreinte {actual}, attendue {expected})"),
              N_("Une version publiée est figée : remettez le fichier d'origine et publiez vos changements dans une nouvelle version.")),
    ErrorSpec("M202", N_("la version publiée {qid} {version} n'est pas dans le manifeste"),
              N_("Ajoutez son empreinte avec « python -m assessment release {qid} {version} ».")),
    ErrorSpec("M203", N_("le manifeste cite {qid} {version}, qui est introuvable"),
              N_("Remettez le fichier publié ; une version publiée ne disparaît jamais.")),
    ErrorSpec("M204", N_("{qid} {version} est encore un brouillon (status: draft) et ne peut pas être publiée"),
              N_("Faites-la traduire, mettez « status: released » dans le fichier, lancez « python -m assessment validate », puis « python -m assessment release {qid} {version} ».")),
    ErrorSpec("M205", N_("{qid} {version} est déjà publiée avec une autre empreinte (publiée {expected}, fichier {actual})"),
              N_("Une version publiée ne change jamais : remettez le fichier publié et publiez vos changements dans une nouvelle version ({next} par exemple), en brouillon d'abord.")),
    ErrorSpec("M206", N_("{qid} {version} a été publiée avec le schéma {recorded}, le modèle actuel est le schéma {current}"),
              N_("Vérifiez que le fichier figé garde le même sens avec le nouveau modèle (mêmes champs, mêmes règles), puis enregistrez-le avec « python -m assessment release {qid} {version} ».")),
    ErrorSpec("M207", N_("le manifeste cite {qid} {version}, mais le fichier est marqué brouillon (status: draft)"),
              N_("Une version publiée le reste : remettez le fichier publié d'origine, avec « status: released ».")),
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
              N_("Retirez ce champ ; « python -m assessment schema --what assessment » décrit la forme du document.")),
    ErrorSpec("A307", N_("valeur invalide pour « {field} » : {detail}"),
              N_("Corrigez cette valeur ; « python -m assessment schema --what assessment » décrit la forme du document.")),
    ErrorSpec("A308", N_("le document est trop volumineux ({size} octets, maximum {limit})"),
              N_("Un document d'évaluation tient en quelques kilo-octets : vérifiez que c'est le bon fichier.")),
    ErrorSpec("A309", N_("champ obligatoire manquant « {field} » dans le document"),
              N_("Ajoutez ce champ ; « python -m assessment schema --what assessment » décrit les champs obligatoires.")),
    ErrorSpec("A310", N_("ce fichier est un cas de formation et ne peut pas devenir une évaluation réelle"),
              N_("Ouvrez les cas de formation depuis le mode Formation ; une évaluation réelle commence sans réponses.")),
    ErrorSpec("A311", N_("l'empreinte « {sha256} » du fichier ne correspond pas au questionnaire {qid} {version} installé (empreinte {expected})"),
              N_("Le fichier a été fait avec un autre texte de cette version : utilisez l'installation qui l'a produit, ou retirez le champ « sha256 » pour le lire avec le texte installé.")),
    # --- judgement
    ErrorSpec("J401", N_("le jugement professionnel ne peut pas abaisser le niveau ({requested} est inférieur au niveau calculé {computed})"),
              N_("Le jugement peut seulement relever le niveau. Choisissez {computed} ou plus, ou retirez le jugement.")),
    ErrorSpec("J402", N_("le jugement professionnel doit être motivé"),
              N_("Écrivez en une phrase ce qui justifie ce niveau (ce que vous avez vu ou entendu).")),
    # --- referral directory (referrals/*.yaml, referrals/national/*.yaml)
    ErrorSpec("R601", N_("le document n'est pas un fichier d'annuaire (un bloc de clés est attendu)"),
              N_("Un fichier de région commence par « id: », « name: », « country: » ; prenez referrals/be-wal.yaml comme modèle.")),
    ErrorSpec("R602", N_("champ inconnu « {field} » dans l'annuaire"),
              N_("Supprimez ce champ ou corrigez son orthographe ; prenez referrals/be-wal.yaml comme modèle.")),
    ErrorSpec("R603", N_("champ obligatoire manquant « {field} » dans l'annuaire"),
              N_("Ajoutez ce champ ; un service a au moins id, name, kind, emergency, verified_on et verified, et un numéro d'urgence a un téléphone.")),
    ErrorSpec("R604", N_("valeur invalide pour « {field} » dans l'annuaire : {detail}"),
              N_("Corrigez cette valeur ; les types de service et les urgences admis sont listés dans assessment/referrals/models.py.")),
    ErrorSpec("R605", N_("identifiant en double « {id} » dans {scope}"),
              N_("Chaque service d'une région, et chaque action, doit avoir un identifiant unique.")),
    ErrorSpec("R606", N_("numéro de téléphone invalide « {phone} » pour la région {region}"),
              N_("Écrivez un numéro court (101), un numéro national ({example}) ou international (+32 ...), chiffres et espaces seulement.")),
    ErrorSpec("R607", N_("la région {region} n'a aucun numéro d'urgence"),
              N_("Ajoutez au moins un service avec « emergency: true » et un téléphone (police, 112...).")),
    ErrorSpec("R608", N_("la région {region} n'a aucune ligne spécialisée en violences conjugales"),
              N_("Ajoutez un service « kind: specialised_line » avec un téléphone.")),
    ErrorSpec("R609", N_("la ligne spécialisée « {service} » est marquée comme numéro d'urgence"),
              N_("Les lignes spécialisées ne sont pas des lignes d'urgence : mettez « emergency: false ».")),
    ErrorSpec("R610", N_("« {service} » ({region}) n'a pas été vérifié depuis le {date}, il y a plus de 12 mois"),
              N_("Vérifiez le numéro et les horaires auprès du service, puis mettez à jour « verified_on ».")),
    ErrorSpec("R611", N_("« {service} » est marqué vérifié mais n'a pas de source"),
              N_("Ajoutez l'adresse « source » où l'information a été confirmée, ou mettez « verified: false ».")),
    ErrorSpec("R612", N_("la région « {region} » se trouve dans {path}, qui ne porte pas son identifiant"),
              N_("Nommez le fichier referrals/<id>.yaml, avec l'id qu'il déclare.")),
    ErrorSpec("R613", N_("l'action « {action} » n'existe pas"),
              N_("Utilisez l'identifiant d'une action définie dans la liste « actions ».")),
    ErrorSpec("R614", N_("aucune action pour le niveau « {level} »"),
              N_("Chaque niveau doit dire quoi faire : ajoutez au moins une action sous « levels ».")),
    ErrorSpec("R615", N_("l'action « {action} » n'a aucun numéro dans la région {region} (types cherchés : {kinds})"),
              N_("Ajoutez à cette région un service de l'un de ces types avec un téléphone, ou un type de repli à l'action.")),
    ErrorSpec("R616", N_("l'alerte « {alert} » du questionnaire n'a aucune action"),
              N_("Ajoutez sous « alerts » dans referrals/actions.yaml ce qu'il faut faire quand cette alerte s'affiche.")),
    ErrorSpec("R617", N_("région inconnue « {region} »"),
              N_("Régions disponibles : {available}.")),
    ErrorSpec("R618", N_("annuaire des services incomplet : {path} est introuvable"),
              N_("Remettez referrals/actions.yaml et au moins un fichier referrals/<région>.yaml.")),
    ErrorSpec("R619", N_("« {service} » porte une date de vérification dans le futur ({date})"),
              N_("Indiquez la date à laquelle l'information a réellement été vérifiée.")),
    ErrorSpec("R621", N_("consentement inconnu « {consent} »"),
              N_("Les valeurs admises sont « given », « refused », « not_asked » et « not_sought ».")),
    ErrorSpec("R622", N_("l'action « {action} » cite, dans la région {region}, des numéros non vérifiés ({phones})"),
              N_("Vérifiez ces numéros auprès des services, puis mettez « verified: true » et la date.")),
    ErrorSpec("R623", N_("la région {region} reprend les services nationaux de {path}, qui est introuvable"),
              N_("Créez ce fichier (une liste « services: », comme referrals/national/be.yaml) ou corrigez « national: » dans la région.")),
    ErrorSpec("R624", N_("« {id} » est à la fois un service national ({path}) et un service de la région {region}"),
              N_("Un service national s'écrit une seule fois : retirez-le du fichier de la région, ou donnez un autre identifiant au service régional.")),
    # --- translation catalogs (locales/)
    ErrorSpec("L801", N_("catalogue de traduction illisible : {detail}"),
              N_("Corrigez la syntaxe du fichier .po à cette ligne (guillemets, msgid, msgstr).")),
    ErrorSpec("L802", N_("catalogue manquant pour la langue « {locale} », domaine « {domain} »"),
              N_("Lancez « make i18n-update » pour le créer, puis traduisez-le.")),
    ErrorSpec("L803", N_("message non traduit : « {msgid} »"),
              N_("Écrivez sa traduction dans le msgstr de cette entrée.")),
    ErrorSpec("L804", N_("traduction à vérifier (fuzzy) : « {msgid} »"),
              N_("Relisez la traduction, corrigez-la si besoin, puis retirez la marque « #, fuzzy ».")),
    ErrorSpec("L805", N_("message obsolète ou absent du modèle : « {msgid} »"),
              N_("Supprimez cette entrée ; « make i18n-update » retire les messages obsolètes.")),
    ErrorSpec("L806", N_("les paramètres de la traduction ({found}) diffèrent de ceux du texte source ({expected}) : « {msgid} »"),
              N_("Gardez exactement les mêmes noms entre accolades que le texte source, sans les traduire.")),
    ErrorSpec("L807", N_("formes du pluriel : {found} au lieu de {expected} : « {msgid} »"),
              N_("Traduisez chaque forme du pluriel de la langue (msgstr[0] à msgstr[{last}]).")),
    ErrorSpec("L808", N_("en-tête Plural-Forms incorrect pour « {locale} » : formes du pluriel : {found} au lieu de {expected}"),
              N_("Remettez l'en-tête donné par Babel : {header}")),
    ErrorSpec("L809", N_("le modèle {path} n'est plus à jour avec les sources : messages à ajouter : {added}, à retirer : {removed} (par exemple « {msgid} »)"),
              N_("Lancez « make i18n-extract » puis « make i18n-update », et traduisez les nouveaux messages.")),
    ErrorSpec("L810", N_("message absent du catalogue : « {msgid} »"),
              N_("Lancez « make i18n-update » pour l'ajouter, puis traduisez-le.")),
    ErrorSpec("L811", N_("langue inconnue « {locale} » dans locales/languages.toml"),
              N_("Utilisez un code de langue reconnu par Babel, par exemple « pt » ou « pt_BR ».")),
    ErrorSpec("L812", N_("modèle de traduction manquant : {path}"),
              N_("Lancez « make i18n-extract » pour le créer.")),
    ErrorSpec("L813", N_("« {msgid} » est traduit de deux façons sur une même page ({page}) : {found}"),
              N_("Traduisez-le de la même façon dans ces domaines, ou donnez-lui un contexte (pgettext) là où le sens diffère.")),
    # --- training cases (training/cases/<id>.yaml)
    ErrorSpec("T501", N_("le cas « {case} » se trouve dans {path}, qui ne porte pas son identifiant"),
              N_("Nommez le fichier training/cases/<id>.yaml, avec l'id qu'il déclare.")),
    ErrorSpec("T502", N_("le document n'est pas un cas de formation (un bloc de clés est attendu)"),
              N_("Le fichier doit commencer par « id: », « title: », etc. ; prenez un cas existant comme modèle.")),
    ErrorSpec("T503", N_("champ inconnu « {field} » dans le cas"),
              N_("Supprimez ce champ ou corrigez son orthographe ; prenez un cas existant comme modèle.")),
    ErrorSpec("T504", N_("champ obligatoire manquant « {field} » dans le cas"),
              N_("Ajoutez ce champ ; un cas a un id, un titre, un résumé, un récit, des réponses, un niveau et des points d'enseignement.")),
    ErrorSpec("T505", N_("valeur invalide pour « {field} » dans le cas : {detail}"),
              N_("Corrigez cette valeur ; les réponses admises sont « yes », « no » et « unknown », les niveaux « low », « moderate », « high » et « severe ».")),
    ErrorSpec("T506", N_("le cas « {case} » vise le questionnaire « {qid} » version « {version} », introuvable"),
              N_("Indiquez un questionnaire et une version présents dans questionnaires/.")),
    ErrorSpec("T507", N_("item inconnu « {item} » dans le cas « {case} »"),
              N_("Utilisez un identifiant d'item de la version {version} du questionnaire.")),
    ErrorSpec("T508", N_("le jugement du cas « {case} » est refusé : {detail}"),
              N_("Le jugement d'un cas suit la même règle que le vrai : il relève le niveau, avec un motif, sans jamais l'abaisser.")),
    ErrorSpec("T509", N_("le cas « {case} » est documenté au niveau « {expected} », mais le moteur donne « {actual} »"),
              N_("Corrigez le niveau documenté ou les réponses : le niveau d'un cas est toujours celui que calcule l'outil.")),
    ErrorSpec("T510", N_("après le fait nouveau, le cas « {case} » est documenté au niveau « {expected} », mais le moteur donne « {actual} »"),
              N_("Corrigez « new_fact.level » ou les réponses du fait nouveau.")),
    ErrorSpec("T511", N_("le fait nouveau du cas « {case} » ne change pas le niveau ({level})"),
              N_("Choisissez un fait qui change le niveau, ou retirez « new_fact ».")),
    ErrorSpec("T512", N_("aucun cas de formation trouvé dans {path}"),
              N_("Ajoutez au moins un fichier training/cases/<id>.yaml.")),
    ErrorSpec("T513", N_("le cas « {case} » dit que l'histoire répond « non » à « {item} », mais sa clé ne dit pas « non »"),
              N_("Retirez cet item de « story_says_no », ou mettez sa réponse à « no » si l'histoire le dit.")),
    # --- FHIR import (assessment/fhir.py): a QuestionnaireResponse or a Bundle
    ErrorSpec("F720", N_("ce n'est pas une réponse FHIR à importer : {detail}"),
              N_("Importez la QuestionnaireResponse (ou le Bundle) exportée par « python -m assessment fhir response » ou par l'application.")),
    ErrorSpec("F721", N_("ressource FHIR invalide : {detail}"),
              N_("Le fichier ne respecte pas FHIR R4 à cet endroit : exportez-le à nouveau depuis l'outil ou le dossier de santé.")),
    ErrorSpec("F722", N_("le Bundle contient {count} QuestionnaireResponse, une seule est attendue"),
              N_("Exportez une seule évaluation par fichier.")),
    ErrorSpec("F723", N_("la question « {item} » a {count} réponses, une seule est attendue"),
              N_("Donnez une seule réponse (oui, non ou ne sait pas) par question, et chaque question une seule fois.")),
    # --- paper form (python -m assessment paper)
    ErrorSpec("P700", N_("{qid} {version} est un brouillon : pas de formulaire papier pour une évaluation réelle"),
              N_("Choisissez une version publiée ({available}) ou publiez d'abord celle-ci.")),
    # --- sheet code (assessment/sheetcode.py: the answers as a code printed on the sheet)
    ErrorSpec("K730", N_("ce n'est pas un code de fiche : caractère « {char} » inattendu"),
              N_("Un code de fiche n'a que des chiffres et des lettres (sans I, L, O, U), en groupes de 4 séparés par des tirets ; recopiez-le depuis la fiche.")),
    ErrorSpec("K731", N_("le code de fiche est mal recopié : le caractère de contrôle ne correspond pas"),
              N_("Comparez le code avec la fiche, groupe par groupe : un caractère au moins est différent.")),
    ErrorSpec("K732", N_("le code de fiche a {length} caractères, ce qui ne fait pas un code complet"),
              N_("Recopiez tous les groupes du code imprimé sur la fiche, sans en oublier ni en ajouter.")),
    ErrorSpec("K733", N_("ce code de fiche a le format {format}, que cette version de l'outil ne connaît pas"),
              N_("Le code a été fait par une version plus récente de l'outil : ouvrez-le avec celle-ci, ou utilisez la fiche elle-même.")),
    ErrorSpec("K734", N_("ce code de fiche vient de la version {version} du questionnaire, qui n'est pas installée"),
              N_("Versions installées : {available}. Mettez l'outil à jour, ou utilisez la fiche elle-même.")),
    ErrorSpec("K735", N_("ce code de fiche ne correspond pas au texte de {qid} {version} installé ici (empreinte {sha256})"),
              N_("Le code a été modifié ou fait avec un autre texte de cette version : il ne peut pas être lu avec les questions d'ici ; utilisez la fiche elle-même.")),
    ErrorSpec("K736", N_("ce code de fiche ne peut pas être lu (version {version})"),
              N_("Le code n'a pas été fait par cet outil ou a été modifié ; utilisez la fiche elle-même.")),
    ErrorSpec("K737", N_("ce code vient d'une fiche de formation (cas fictif)"),
              N_("Ouvrez les cas de formation depuis le mode Formation ; une évaluation réelle ne commence pas avec un cas fictif.")),
    # --- re-assessment: comparing a previous assessment with the current one
    ErrorSpec("C710", N_("l'évaluation précédente porte sur le questionnaire « {previous} », l'actuelle sur « {current} »"),
              N_("Comparez deux évaluations du même questionnaire.")),
    ErrorSpec("C711", N_("l'évaluation précédente est datée du {previous}, après l'évaluation actuelle ({current})"),
              N_("Donnez d'abord le fichier le plus ancien, puis le plus récent.")),
    # --- online course (assessment/course.py): course/course.yaml, course/modules/*.yaml, progress files
    ErrorSpec("C740", N_("le document n'est pas un fichier du cours (un bloc de clés est attendu)"),
              N_("Commencez le fichier par « id: » et les autres champs d'un module ou du cours (voir course/modules/).")),
    ErrorSpec("C741", N_("champ inconnu « {field} » dans le cours"),
              N_("Supprimez ce champ ou corrigez son orthographe (voir README, section « Course »).")),
    ErrorSpec("C742", N_("champ obligatoire manquant « {field} » dans le cours"),
              N_("Ajoutez ce champ (voir un module existant dans course/modules/).")),
    ErrorSpec("C743", N_("valeur invalide pour « {field} » dans le cours : {detail}"),
              N_("Donnez une valeur du type attendu (voir un module existant dans course/modules/).")),
    ErrorSpec("C744", N_("la question « {question} » du module « {module} » n'a aucune réponse marquée juste"),
              N_("Marquez au moins une option avec « correct: true ».")),
    ErrorSpec("C745", N_("l'option « {option} » de la question « {question} » (module « {module} ») n'a pas de retour"),
              N_("Ajoutez « feedback: » : une ou deux phrases qui expliquent pourquoi cette réponse est juste ou non.")),
    ErrorSpec("C746", N_("le module « {module} » ne cite aucune source"),
              N_("Ajoutez « sources: » avec au moins une référence (citation, et url si elle est publique).")),
    ErrorSpec("C747", N_("le module « {module} » a {count} questions ; il en faut de {low} à {high}"),
              N_("Ajoutez ou retirez des questions dans « questions: ».")),
    ErrorSpec("C748", N_("identifiant en double « {detail} » dans « {module} »"),
              N_("Chaque module, question et option doit avoir un identifiant unique à son niveau.")),
    ErrorSpec("C749", N_("le module « {module} » vise le cas de formation « {case} », introuvable"),
              N_("Utilisez l'identifiant d'un fichier training/cases/<id>.yaml valide, ou retirez « case: ».")),
    ErrorSpec("C750", N_("le module « {module} » est listé dans le cours mais {path} est introuvable"),
              N_("Créez le fichier du module, ou retirez-le de « modules: » dans course/course.yaml.")),
    ErrorSpec("C751", N_("le module « {module} » se trouve dans {path}, qui ne porte pas son identifiant"),
              N_("Renommez le fichier course/modules/<id>.yaml d'après l'id qu'il déclare.")),
    ErrorSpec("C752", N_("le fichier du module « {module} » n'est pas listé dans course/course.yaml"),
              N_("Ajoutez son id à « modules: » dans course/course.yaml, ou supprimez le fichier.")),
    ErrorSpec("C753", N_("{count} textes du cours ne sont pas traduits en « {locale} » (par exemple {detail})"),
              N_("Lancez « make i18n-extract DOMAIN=course » puis « make i18n-update DOMAIN=course » et traduisez les msgstr vides.")),
    ErrorSpec("C754", N_("ce fichier n'est pas une progression du cours enregistrée par cet outil ({detail})"),
              N_("Choisissez le fichier enregistré avec « Enregistrer ma progression ».")),
    ErrorSpec("C755", N_("ce fichier est une évaluation, pas une progression du cours"),
              N_("Reprenez une évaluation depuis la page d'accueil, en « Situation réelle ».")),
    ErrorSpec("C756", N_("cette progression vient d'une autre version du cours ({version} ; installée : {expected})"),
              N_("Recommencez le cours avec cette version ; les modules ont changé.")),
    ErrorSpec("C757", N_("ce fichier est une progression du cours, pas une évaluation"),
              N_("Reprenez-le dans le mode « Cours ».")),
]

# Two renderings of one error: `render(t)` is the maintainer's line (the CLI's `file:line:col:
# CODE message. How to fix.`); `for_user(t)` is what a professional reads in the app.
# --- what a professional reads in the app (DataError.for_user): one plain sentence, what
# happened and what to do, in her language. No code, no field name, no parser text, no id,
# nothing copied from her file; placeholders only for what the tool words itself ({computed}:
# a level, shown by its label). The app shows the code beside it, small, for a maintainer.
USER_MESSAGES: dict[Code, str] = {
    "A301": N_("Ce fichier n'est pas une évaluation enregistrée par cet outil, ou il est abîmé ; "
               "vos réponses actuelles n'ont pas changé."),
    "A302": N_("Ce fichier vient d'un questionnaire que cet outil ne connaît pas ; vos réponses "
               "actuelles n'ont pas changé."),
    "A303": N_("Ce fichier vient d'une version du questionnaire que cet outil ne connaît pas ; "
               "vos réponses actuelles n'ont pas changé."),
    "A304": N_("Ce fichier contient une question que cette version du questionnaire ne connaît pas ; "
               "vos réponses actuelles n'ont pas changé."),
    "A305": N_("Ce fichier contient une réponse que l'outil ne reconnaît pas ; vos réponses "
               "actuelles n'ont pas changé."),
    "A306": N_("Ce fichier contient des informations que l'outil ne connaît pas : il a été modifié "
               "ou ne vient pas de cet outil ; vos réponses actuelles n'ont pas changé."),
    "A307": N_("Ce fichier contient une information que l'outil ne peut pas lire : il a été modifié "
               "ou ne vient pas de cet outil ; vos réponses actuelles n'ont pas changé."),
    "A308": N_("Ce fichier est bien trop gros pour être une évaluation enregistrée : vérifiez que "
               "c'est le bon fichier ; vos réponses actuelles n'ont pas changé."),
    "A309": N_("Il manque à ce fichier des informations nécessaires : il a été modifié ou ne vient "
               "pas de cet outil ; vos réponses actuelles n'ont pas changé."),
    "A310": N_("Ce fichier est un cas de formation, qui s'ouvre seulement en mode Formation ; vos "
               "réponses actuelles n'ont pas changé."),
    "A311": N_("Ce fichier a été fait avec un autre texte de ce questionnaire que celui de cet "
               "outil ; il ne peut pas être repris ici ; vos réponses actuelles n'ont pas changé."),
    "F720": N_("Ce fichier FHIR ne contient pas de réponses à ce questionnaire ; vos réponses "
               "actuelles n'ont pas changé."),
    "F721": N_("Ce fichier FHIR est abîmé ou incomplet : exportez-le à nouveau ; vos réponses "
               "actuelles n'ont pas changé."),
    "F722": N_("Ce fichier FHIR contient plusieurs évaluations : il en faut une seule par fichier ; "
               "vos réponses actuelles n'ont pas changé."),
    "F723": N_("Ce fichier FHIR donne plusieurs réponses à une même question : il a été modifié ; "
               "vos réponses actuelles n'ont pas changé."),
    "C710": N_("Ce fichier vient d'un autre questionnaire que l'évaluation actuelle : les deux ne "
               "peuvent pas être comparées ; vos réponses actuelles n'ont pas changé."),
    "C711": N_("Ce fichier est daté après l'évaluation actuelle : choisissez une évaluation plus "
               "ancienne ; vos réponses actuelles n'ont pas changé."),
    # online course
    "C754": N_("Ce fichier n'est pas une progression du cours enregistrée par cet outil, ou il est "
               "abîmé ; votre progression actuelle n'a pas changé."),
    "C755": N_("Ce fichier est une évaluation enregistrée, pas une progression du cours : "
               "reprenez-le depuis la page d'accueil ; votre progression actuelle n'a pas changé."),
    "C756": N_("Ce fichier vient d'une autre version du cours : il ne peut pas être repris ici ; "
               "votre progression actuelle n'a pas changé."),
    "C757": N_("Ce fichier est une progression du cours, pas une évaluation : reprenez-le dans le "
               "mode « Cours » ; vos réponses actuelles n'ont pas changé."),
    "J401": N_("Votre jugement peut seulement relever le niveau : choisissez un niveau plus élevé que "
               "« {computed} », ou ne donnez pas de jugement."),
    "J402": N_("Écrivez le motif de votre jugement : en une phrase, ce que vous avez vu ou entendu "
               "qui justifie ce niveau."),
    # --- sheet code (typed or pasted on the start page)
    "K730": N_("Ce texte n'est pas un code de fiche : recopiez le code imprimé en haut de la fiche, "
               "sous « Code de la fiche » (des chiffres et des lettres en groupes de 4)."),
    "K731": N_("Ce code de fiche est mal recopié : un caractère au moins ne correspond pas. "
               "Comparez-le avec la fiche, groupe par groupe."),
    "K732": N_("Ce code de fiche est incomplet ou trop long : recopiez tous ses groupes, sans en "
               "oublier ni en ajouter."),
    "K733": N_("Ce code de fiche a été fait par une version plus récente de l'outil : il ne peut "
               "pas être ouvert ici. Utilisez la fiche elle-même."),
    "K734": N_("Ce code de fiche vient d'une version du questionnaire que cet outil ne connaît "
               "pas : il ne peut pas être ouvert ici. Utilisez la fiche elle-même."),
    "K735": N_("Ce code de fiche ne correspond pas au texte du questionnaire installé ici : il a "
               "été modifié ou fait avec un autre texte. Utilisez la fiche elle-même."),
    "K736": N_("Ce code de fiche ne peut pas être lu : il a été modifié ou ne vient pas de cet "
               "outil. Utilisez la fiche elle-même."),
    "K737": N_("Ce code vient d'une fiche de formation (cas fictif) : il ne s'ouvre pas pour une "
               "évaluation réelle."),
}
#: When no sentence fits better (every code without one is about a file the app cannot use).
GENERIC_USER = N_("Ce fichier n'a pas pu être lu ; vos réponses actuelles n'ont pas changé.")
#: A judgement refused in a file being resumed (the form's wording would not make sense there).
FILE_USER: dict[Code, str] = {
    "J401": N_("Ce fichier contient un jugement professionnel qui abaisse le niveau, ce que l'outil "
               "ne permet pas ; vos réponses actuelles n'ont pas changé."),
    "J402": N_("Ce fichier contient un jugement professionnel sans motif, que l'outil refuse ; vos "
               "réponses actuelles n'ont pas changé."),
}

CATALOGUE: dict[Code, ErrorSpec] = {spec.code: spec for spec in _SPECS}


class Phrase(str):
    """A context value written by us (not copied from a file), translated when rendered:
    DataError("A301", context={"detail": Phrase(N_("..."))})."""


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

    code: Code
    where: Where = field(default_factory=Where)
    context: dict[str, object] = field(default_factory=dict)
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown error code {self.code}")
        super().__init__(self.code)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        """The maintainer's line: `file:line:col: CODE message. How to fix.`"""
        spec = CATALOGUE[self.code]
        ctx = _SafeDict({k: gettext(v) if isinstance(v, Phrase) else _one_line(v)
                         for k, v in self.context.items()})
        message = gettext(spec.message).format_map(ctx)
        fix = gettext(spec.fix).format_map(ctx)
        where = f"{self.where}: " if str(self.where) else ""
        return f"{where}{self.code} {message}. {fix}"

    def for_user(self, gettext: Callable[[str], str] = lambda s: s, *, file: bool = False) -> str:
        """The one plain sentence a professional reads in the app (no code, no id, nothing
        copied from her file). `file`: the error comes from a file she is resuming."""
        sentence = ((FILE_USER.get(self.code) if file else None) or USER_MESSAGES.get(self.code)
                    or GENERIC_USER)
        return gettext(sentence).format_map(_SafeDict(_user_context(self.context, gettext)))

    def __str__(self) -> str:
        return self.render()


def _user_context(context: dict[str, object], gettext: Callable[[str], str]) -> dict[str, str]:
    """Only what the tool words itself: a level id becomes its label in her language."""
    out: dict[str, str] = {}
    for key in ("computed", "requested"):
        try:
            out[key] = gettext(LEVEL_LABELS[Level(context.get(key))])  # not a level: ValueError
        except ValueError:
            out[key] = ""
    return out


def _one_line(value: object) -> object:
    """A value from a user's file, escaped so the message stays one line: a control or line
    separator character ("\\r" as an answer id) is shown as its escape, not obeyed."""
    if not isinstance(value, str):
        return value
    return "".join(ch.encode("unicode_escape").decode("ascii")
                   if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in value)


class _SafeDict(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class DataErrors(Exception):
    """Several errors found in one pass (validate reports them all, not just the first)."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

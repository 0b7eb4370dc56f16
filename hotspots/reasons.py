"""Quarantine reasons, and why a file cannot be used, in the user's language.

The checks write each reason in English, naming the column and the value (the
``reason`` column of the quarantine file stays in English, the same whatever the
deployment's language, for scripts and support); :func:`reason_text` gives the words
an analyst reads (the ``motif`` column, the page's preview). A reason no pattern here
knows is shown as it is.
"""

from __future__ import annotations

import re

__all__ = ["file_error_text", "reason_text"]

_FR: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), fr)
    for p, fr in (
        (r"^(\w+): value of (.+) characters, over the (.+) limit$",
         r"\1 : valeur de \2 caractères, au-delà de la limite de \3"),
        (r"^(\w+): missing identifier$", r"\1 : numéro manquant"),
        (r"^(\w+): missing date$", r"\1 : date manquante"),
        (r"^(\w+): (.+) is not a valid date \(use ISO 8601, e\.g\. 2025-03-14T21:30\)$",
         r"\1 : \2 n'est pas une date valide (par exemple 14/03/2025 21:30 ou "
         r"2025-03-14T21:30)"),
        (r"^(\w+): (.+) is more than a day in the future$",
         r"\1 : \2 est à plus d'un jour dans le futur"),
        (r"^(\w+): (.+) is before 2000$", r"\1 : \2 est antérieure à 2000"),
        (r"^(\w+): missing while (\w+) is given \(give both or neither\)$",
         r"\1 : manquante alors que \2 est donnée (donnez les deux, ou aucune)"),
        (r"^([\w, ]+): (.+) is not a number$", r"\1 : \2 n'est pas un nombre"),
        (r"^(\w+): (.+) is not finite$", r"\1 : \2 n'est pas un nombre fini"),
        (r"^(\w+): (.+) is out of range \((.+)\)$", r"\1 : \2 est hors limites (\3)"),
        (r"^lat, lon: (.+) is outside the area \(its communes plus 1 km\)$",
         r"lat, lon : \1 est hors de la zone (ses communes et 1 km autour)"),
        (r"^location: no usable location \(give location text, or lat and lon\)$",
         r"location : aucun lieu utilisable (donnez un lieu, ou lat et lon)"),
        (r"^exploitable: (.+) is not oui/non/true/false/1/0 \(leave it empty while "
         r"triage is pending\)$",
         r"exploitable : \1 n'est pas oui/non/true/false/1/0 (laissez vide tant que le tri "
         r"est en attente)"),
        (r"^kind: (.+) is not surveillance, arrest or search$",
         r"kind : \1 n'est ni surveillance, ni interpellation, ni perquisition"),
        (r"^(\w+): (.+) is a negative count$", r"\1 : \2 est un nombre négatif"),
        (r"^(\w+): (.+) is not a whole number$", r"\1 : \2 n'est pas un nombre entier"),
        (r"^(\w+): (.+) is negative$", r"\1 : \2 est négatif"),
        (r"^tip_ids: an id is longer than 200 characters$",
         r"tip_ids : un numéro dépasse 200 caractères"),
        (r"^seizures: (.+) is not 'substance:quantity unit'$",
         r"seizures : \1 n'est pas de la forme « substance:quantité unité »"),
        (r"^seizures: (.+) has no substance name$", r"seizures : \1 ne nomme aucune substance"),
        (r"^seizures: negative quantity in (.+)$", r"seizures : quantité négative dans \1"),
        (r"^seizures: unit (.+) in (.+); use g, kg or pieces$",
         r"seizures : unité \1 dans \2 ; utilisez g, kg ou pièces"),
        (r"^unclosed quote: a field opens a quote that never closes$",
         r"guillemet non fermé : un champ ouvre un guillemet qui ne se ferme jamais"),
        (r"^ragged line: (\d+) fields where the header has (\d+)$",
         r"ligne irrégulière : \1 champs là où l'en-tête en a \2"),
        (r"^bytes not valid UTF-8 at position (\d+); save the file as UTF-8 \(CSV UTF-8\)$",
         r"octets illisibles en UTF-8 à la position \1 ; enregistrez le fichier en UTF-8 "
         r"(CSV UTF-8)"),
        (r"^line holds binary content \(NUL bytes\)$",
         r"la ligne contient des données binaires (octets NUL)"),
        (r"^line is (.+) bytes long, over the (.+)-character limit$",
         r"la ligne fait \1 octets, au-delà de la limite de \2 caractères"),
        (r"^line is (.+) characters long, over the (.+) limit$",
         r"la ligne fait \1 caractères, au-delà de la limite de \2"),
        (r"^not valid JSON: (.+)$", r"JSON invalide : \1"),
        (r"^JSON nested too deeply to read; expected a flat object$",
         r"JSON trop imbriqué pour être lu ; un objet plat est attendu"),
        (r"^not usable JSON: (.+)$", r"JSON inutilisable : \1"),
        (r"^a JSON (\w+), expected an object$", r"un JSON de type \1, un objet est attendu"),
        (r"^pseudonym collision: .*$",
         r"collision de pseudonymes : les 64 premiers bits du pseudonyme de ce numéro sont "
         r"ceux d'un autre ; la ligne n'a pas été enregistrée, merci de le signaler"),
    )
]  # fmt: skip


#: Why a whole file cannot be used (:class:`hotspots.reading.InputError` and the
#: mapping's errors), each after the file's name and ``": "``.
_FILE_FR: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.S), fr)
    for p, fr in (
        (r"^(.+): cannot open the file \((.*)\)$",
         r"« \1 » : le fichier ne peut pas être ouvert (\2)"),
        (r"^(.+): the file is empty \(no header line\)$",
         r"« \1 » : le fichier est vide (aucune ligne d'en-tête)"),
        (r"^(.+): the header \(line (\d+)\) cannot be read: (.+)$",
         r"« \1 » : l'en-tête (ligne \2) est illisible : \3"),
        (r"^(.+): the header line cannot be split: (.+)$",
         r"« \1 » : la ligne d'en-tête ne peut pas être découpée : \2"),
        (r"^(.+): column (.+) appears twice in the header$",
         r"« \1 » : la colonne \2 apparaît deux fois dans l'en-tête"),
        (r"^(.+): the mapping file cannot be read \((.*)\)$",
         r"« \1 » : le fichier de correspondance est illisible (\2)"),
        (r"^(.+): not a TOML file \((.*)\)$",
         r"« \1 » : ce n'est pas un fichier TOML (\2)"),
        (r"^(.+): \[columns\] (.+) is not a column of a (\w+) file; use (.+)$",
         r"« \1 » : [columns] \2 n'est pas une colonne d'un fichier de \3 ; colonnes "
         r"possibles : \4"),
        (r"^(.+): \[columns\] (\w+) must be a header, or a date header and an hour header$",
         r"« \1 » : [columns] \2 doit nommer une colonne, ou une colonne de date et une "
         r"colonne d'heure"),
        (r"^(.+): \[columns\] only (\w+) takes two headers$",
         r"« \1 » : [columns] seule \2 prend deux colonnes"),
        (r"^(.+): \[values\.(\w+)\] is not a column's table of values$",
         r"« \1 » : [values.\2] n'est pas une table de valeurs d'une colonne"),
        (r"^the mapping names the column « (.+) » for (\w+), and the file has no such "
         r"column; its columns: (.*)$",
         r"la correspondance nomme la colonne « \1 » pour \2, et le fichier n'a pas cette "
         r"colonne ; ses colonnes : \3"),
        (r"^(.+): the workbook cannot be opened \((.*)\)$",
         r"« \1 » : le classeur ne peut pas être ouvert (\2)"),
        (r"^(.+): no sheet named « (.+) »; its sheets: (.*)$",
         r"« \1 » : pas de feuille nommée « \2 » ; ses feuilles : \3"),
    )
]  # fmt: skip


def file_error_text(message: str, lang: str) -> str:
    """Why a file cannot be used, in ``lang`` (French for ``fr``; as written otherwise,
    or when no pattern knows the message). A line's own reason inside is translated
    too."""
    if lang != "fr":
        return message
    for pattern, french in _FILE_FR:
        found = pattern.match(message)
        if found:
            text = found.expand(french).replace("fichier de tips", "fichier de signalements")
            text = text.replace("fichier de operations", "fichier d'opérations")
            head, sep, problem = text.partition(" est illisible : ")
            return head + sep + _one(problem) if sep else text
    return message


#: Where the checks join two reasons of one row.
_SEPARATOR = re.compile(r"; (?=[a-z_]+(?:, [a-z_]+)?: |unclosed |ragged |line |bytes )")


def reason_text(reason: str, lang: str) -> str:
    """``reason`` (one or several, joined by ``"; "`` … as the checks write them) in
    ``lang``: each known reason in French for ``fr``, the rest as written."""
    if lang != "fr":
        return reason
    parts = [p for p in _SEPARATOR.split(reason) if p]
    return " ; ".join(_one(p.strip()) for p in parts)


def _one(reason: str) -> str:
    for pattern, french in _FR:
        if pattern.match(reason):
            return pattern.sub(french, reason)
    return reason

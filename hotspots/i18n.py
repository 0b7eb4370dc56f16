"""Interface words in French (default) and English, and number formats.

Why one module of this size: most of it is :data:`MESSAGES`, one entry per text with
its French and English side by side (a missing translation shows at a glance, and a
test checks that every entry has both); the functions are the last 150 lines."""

from __future__ import annotations

__all__ = [
    "MESSAGES",
    "has_text",
    "format_int",
    "format_number",
    "format_signed",
    "format_percent",
    "markdown_text",
    "month_label",
    "translate",
    "weekday_names",
]

NARROW_NBSP = "\u202f"

MESSAGES: dict[str, dict[str, str]] = {
    "app_title": {
        "fr": "Hotspots — signalements de trafic de stupéfiants",
        "en": "Hotspots — drug-dealing tips",
    },
    "page_overview": {"fr": "Carte", "en": "Map"},
    "page_analysis": {"fr": "Analyse", "en": "Analysis"},
    "page_operations": {"fr": "Opérations", "en": "Operations"},
    "page_data": {"fr": "Données", "en": "Data"},
    "page_exports": {"fr": "Exports", "en": "Exports"},
    "filters": {"fr": "Filtres", "en": "Filters"},
    "f_period": {"fr": "Période", "en": "Period"},
    "p_7d": {"fr": "7 derniers jours", "en": "Last 7 days"},
    "p_30d": {"fr": "30 derniers jours", "en": "Last 30 days"},
    "p_3m": {"fr": "3 derniers mois", "en": "Last 3 months"},
    "p_12m": {"fr": "12 derniers mois", "en": "Last 12 months"},
    "p_ytd": {"fr": "Depuis le 1er janvier", "en": "Year to date"},
    "p_all": {"fr": "Tout l'historique", "en": "All history"},
    "p_custom": {"fr": "Dates choisies", "en": "Custom dates"},
    "f_dates": {"fr": "Du … au …", "en": "From … to …"},
    "f_area": {"fr": "Zone", "en": "Area"},
    "f_area_custom": {"fr": "Communes au choix…", "en": "Choose communes…"},
    "f_communes": {"fr": "Communes", "en": "Communes"},
    "f_districts": {"fr": "Quartiers", "en": "Districts"},
    "f_categories": {"fr": "Catégories", "en": "Categories"},
    "f_triage": {"fr": "Tri", "en": "Triage"},
    "f_hours": {"fr": "Heures (début – fin)", "en": "Hours (from – to)"},
    "f_weekdays": {"fr": "Jours", "en": "Weekdays"},
    "f_reset": {"fr": "Réinitialiser les filtres", "en": "Reset filters"},
    "f_all": {"fr": "tous", "en": "all"},
    "f_line": {"fr": "Filtres actifs : {text}", "en": "Active filters: {text}"},
    "f_bad": {
        "fr": "Paramètres d'adresse ignorés (valeurs inconnues) : {params}",
        "en": "Link parameters ignored (unknown values): {params}",
    },
    "f_data_date": {"fr": "données au {date}", "en": "data up to {date}"},
    "cat_deal_point": {"fr": "Point de deal", "en": "Deal point"},
    "cat_delivery": {"fr": "Livraison", "en": "Delivery"},
    "cat_stash": {"fr": "Stockage", "en": "Stash"},
    "cat_consumption": {"fr": "Consommation", "en": "Consumption"},
    "cat_other": {"fr": "Autre", "en": "Other"},
    "tr_exploitable": {"fr": "Exploitable", "en": "Exploitable"},
    "tr_not_exploitable": {"fr": "Non exploitable", "en": "Not exploitable"},
    "tr_pending": {"fr": "À trier", "en": "Pending"},
    "kpi_significant": {
        "fr": "écart significatif (test binomial exact, {p})",
        "en": "significant change (exact binomial test, {p})",
    },
    "kpi_not_significant": {
        "fr": "écart compatible avec le hasard (test binomial exact, {p})",
        "en": "change within chance (exact binomial test, {p})",
    },
    "kpi_change": {
        "fr": "{sign} vs {n} du {first} au {last}",
        "en": "{sign} vs {n} from {first} to {last}",
    },
    "kpi_not_comparable": {
        "fr": "Pas de comparaison possible : les données commencent le {start}, la période "
        "précédente ({first} – {last}) n'est pas couverte.",
        "en": "No comparison: the data start on {start}; the previous period ({first} – "
        "{last}) is not covered.",
    },
    "kpi_no_previous": {
        "fr": "période précédente non couverte",
        "en": "previous period not covered",
    },
    "tag_cannabis": {"fr": "cannabis", "en": "cannabis"},
    "tag_car": {"fr": "voiture", "en": "car"},
    "tag_cash": {"fr": "argent liquide", "en": "cash"},
    "tag_cellar": {"fr": "cave", "en": "cellar"},
    "tag_cocaine": {"fr": "cocaïne", "en": "cocaine"},
    "tag_comings_goings": {"fr": "allées et venues", "en": "comings and goings"},
    "tag_crack": {"fr": "crack", "en": "crack"},
    "tag_delivery": {"fr": "livraison", "en": "delivery"},
    "tag_gathering": {"fr": "attroupement", "en": "gathering"},
    "tag_heroin": {"fr": "héroïne", "en": "heroin"},
    "tag_ketamine": {"fr": "kétamine", "en": "ketamine"},
    "tag_lookout": {"fr": "guetteur", "en": "lookout"},
    "tag_mdma": {"fr": "MDMA", "en": "MDMA"},
    "tag_minors": {"fr": "mineurs", "en": "minors"},
    "tag_nitrous_oxide": {"fr": "protoxyde d'azote", "en": "nitrous oxide"},
    "tag_noise": {"fr": "nuisances sonores", "en": "noise"},
    "tag_parking": {"fr": "parking", "en": "car park"},
    "tag_scooter": {"fr": "scooter", "en": "scooter"},
    "tag_stairwell": {"fr": "cage d'escalier", "en": "stairwell"},
    "tag_weapon": {"fr": "arme", "en": "weapon"},
    "substance_cannabis_resin": {"fr": "résine de cannabis", "en": "cannabis resin"},
    "substance_cannabis_herb": {"fr": "herbe de cannabis", "en": "cannabis herb"},
    "substance_cannabis": {"fr": "cannabis", "en": "cannabis"},
    "substance_cocaine": {"fr": "cocaïne", "en": "cocaine"},
    "substance_crack": {"fr": "crack", "en": "crack"},
    "substance_heroin": {"fr": "héroïne", "en": "heroin"},
    "substance_ketamine": {"fr": "kétamine", "en": "ketamine"},
    "substance_mdma": {"fr": "MDMA", "en": "MDMA"},
    "substance_amphetamine": {"fr": "amphétamine", "en": "amphetamine"},
    "substance_packaging": {"fr": "matériel de conditionnement", "en": "packaging"},
    "unit_pieces": {"fr": "pièce(s)", "en": "piece(s)"},
    "partial": {"fr": "partiel", "en": "partial"},
    "audit_when": {"fr": "Date", "en": "When"},
    "audit_user": {"fr": "Utilisateur", "en": "User"},
    "audit_role": {"fr": "Rôle", "en": "Role"},
    "audit_kind": {"fr": "Type", "en": "Kind"},
    "audit_kind_press": {"fr": "publication", "en": "press"},
    "audit_kind_analyst": {"fr": "analyste", "en": "analyst"},
    "audit_format": {"fr": "Format", "en": "Format"},
    "audit_parameters": {"fr": "Paramètres", "en": "Parameters"},
    "audit_rows": {"fr": "Lignes", "en": "Rows"},
    "audit_size": {"fr": "Octets", "en": "Bytes"},
    # commanders' briefing sheet (PDF, internal use)
    "audit_kind_briefing": {"fr": "note de situation", "en": "situation brief"},
    "br_download": {"fr": "Note de situation (PDF)", "en": "Situation brief (PDF)"},
    "br_download_help": {
        "fr": "Une page A4 pour le commandement, aux filtres actifs : carte, lieux chauds, "
        "chiffres, opérations. Document interne (effectifs par hexagone, sans secret "
        "statistique), enregistré dans le journal des exports.",
        "en": "One A4 page for commanders at the active filters: map, hot places, figures, "
        "operations. Internal document (counts per hexagon, no disclosure control), "
        "recorded in the export log.",
    },
    "br_title": {"fr": "Note de situation — usage interne", "en": "Situation brief — internal use"},
    "br_internal": {
        "fr": "Document interne — non soumis au contrôle de divulgation — ne pas diffuser",
        "en": "Internal document — not disclosure-controlled — do not distribute",
    },
    "br_demo": {"fr": "DONNÉES FICTIVES — démonstration", "en": "FICTITIOUS DATA — demo"},
    "br_period": {
        "fr": "Période : du {first} au {last} ({days} jours) · {preset}",
        "en": "Period: {first} to {last} ({days} days) · {preset}",
    },
    "br_area": {"fr": "Zone : {text}", "en": "Area: {text}"},
    "br_made": {
        "fr": "Établie le {date} à {time} par {user} ({role}) · données au {data}",
        "en": "Made on {date} at {time} by {user} ({role}) · data up to {data}",
    },
    "br_figures": {"fr": "Chiffres de la période", "en": "The period's figures"},
    "br_previous": {"fr": "Période précédente", "en": "Previous period"},
    "br_map": {"fr": "Carte — hexagones : {size}", "en": "Map — hexagons: {size}"},
    "br_map_hot": {"fr": "point chaud 95 % ou plus", "en": "hot spot 95 % or more"},
    "br_map_operation": {"fr": "opération de la période", "en": "operation in the period"},
    "br_map_outside": {
        "fr": "Carte centrée sur {name} : {n} signalements localisés ailleurs hors du cadre.",
        "en": "Map centred on {name}: {n} located tips elsewhere, outside the frame.",
    },
    "br_more": {"fr": "+ {n} autres", "en": "+ {n} more"},
    "br_operations": {
        "fr": "Opérations de la période et leurs résultats",
        "en": "Operations of the period and their outcomes",
    },
    "br_op_place": {"fr": "Lieu", "en": "Place"},
    "br_op_cell": {"fr": "Hexagone avant → après", "en": "Hexagon before → after"},
    "br_op_ring": {"fr": "Alentours avant → après", "en": "Around before → after"},
    "br_op_result": {"fr": "Résultat", "en": "Outcome"},
    "br_op_windows": {
        "fr": "Avant → après : signalements de la sélection dans l'hexagone de l'opération et "
        "dans les six hexagones qui l'entourent, {weeks} semaines de part et d'autre (moins "
        "si les données s'arrêtent). WDQ : quotient de déplacement pondéré, le reste de la "
        "sélection servant de témoin.",
        "en": "Before → after: the selection's tips in the operation's hexagon and in the six "
        "around it, {weeks} weeks on either side (fewer where the data stop). WDQ: weighted "
        "displacement quotient, the rest of the selection as the control.",
    },
    "br_wdq": {"fr": "WDQ {q} : {reading}", "en": "WDQ {q}: {reading}"},
    "br_footer": {
        "fr": "Hotspots · note de situation tirée des signalements anonymes et des opérations "
        "enregistrées · usage interne, ne pas diffuser",
        "en": "Hotspots · situation brief from the anonymous tips and the recorded operations "
        "· internal use, do not distribute",
    },
    "pl_title": {"fr": "Lieux chauds, par ordre", "en": "Hot places, ranked"},
    "pl_explain": {
        "fr": "Chaque ligne est un groupe d'hexagones contigus classés points chauds à 95 % "
        "ou plus par le test exact. Cliquez une ligne pour centrer la carte dessus.",
        "en": "Each row is a group of touching hexagons classed hot spots at 95 % or more by "
        "the exact test. Click a row to centre the map on it.",
    },
    "pl_none": {
        "fr": "Aucun lieu n'est un point chaud à 95 % sur cette sélection : les "
        "concentrations visibles restent compatibles avec le hasard.",
        "en": "No place is a hot spot at 95 % in this selection: the concentrations seen "
        "remain within chance.",
    },
    "pl_rank": {"fr": "Rang", "en": "Rank"},
    "pl_place": {"fr": "Lieu", "en": "Place"},
    "pl_cells": {"fr": "Hexagones", "en": "Hexagons"},
    "pl_change": {"fr": "Évolution", "en": "Change"},
    "pl_change_value": {
        "fr": "{sign} vs {n} ({verdict})",
        "en": "{sign} vs {n} ({verdict})",
    },
    "pl_last_operation": {"fr": "Dernière opération", "en": "Last operation"},
    "pl_operation_value": {"fr": "{date} (il y a {days} j)", "en": "{date} ({days} days ago)"},
    "pl_no_operation": {"fr": "aucune", "en": "none"},
    # What followed an operation (hotspots.outcomes) and the attention list
    "oc_no_cell": {
        "fr": "Lieu non placé sur la grille : pas de mesure avant/après.",
        "en": "No place on the grid: no before/after measure.",
    },
    "oc_counts": {
        "fr": "{weeks} sem. avant → après : {a0} → {a1} signalements dans l'hexagone, "
        "{b0} → {b1} autour.",
        "en": "{weeks} weeks before → after: {a0} → {a1} tips in the hexagon, {b0} → {b1} "
        "around it.",
    },
    "oc_not_comparable": {
        "fr": "Les données ne couvrent pas deux semaines de part et d'autre : pas de verdict.",
        "en": "The data do not cover two weeks on both sides: no verdict.",
    },
    "oc_fall": {
        "fr": "Baisse significative dans l'hexagone (p = {p}), en dessous de son niveau "
        "habituel ({usual} par semaine).",
        "en": "Significant fall in the hexagon (p = {p}), below its usual level ({usual} a week).",
    },
    "oc_back_to_usual": {
        "fr": "Baisse depuis le pic d'avant l'opération (p = {p}), mais pas en dessous du "
        "niveau habituel de l'hexagone ({usual} par semaine) : peut-être un simple retour à "
        "la normale.",
        "en": "Fall from the peak before the operation (p = {p}), but not below the "
        "hexagon's usual level ({usual} a week): possibly a mere return to normal.",
    },
    "oc_fall_unconfirmed": {
        "fr": "Baisse depuis le pic d'avant l'opération (p = {p}) ; niveau habituel inconnu "
        "(données trop récentes) : peut-être un simple retour à la normale.",
        "en": "Fall from the peak before the operation (p = {p}); usual level unknown (data "
        "too recent): possibly a mere return to normal.",
    },
    "oc_v_back_to_usual": {"fr": "retour au niveau habituel", "en": "back to usual level"},
    "oc_v_fall_unconfirmed": {
        "fr": "baisse, niveau habituel inconnu",
        "en": "fall, usual level unknown",
    },
    "oc_rise": {
        "fr": "Hausse significative dans l'hexagone (p = {p}).",
        "en": "Significant rise in the hexagon (p = {p}).",
    },
    "oc_no_significant_change": {
        "fr": "Pas de changement significatif dans l'hexagone (p = {p}).",
        "en": "No significant change in the hexagon (p = {p}).",
    },
    "oc_too_few": {
        "fr": "Trop peu de signalements pour conclure (moins de 6).",
        "en": "Too few tips to say anything (fewer than 6).",
    },
    "oc_wdq_no_control": {
        "fr": "Déplacement non mesurable : aucun signalement ailleurs dans la sélection sur "
        "l'une des deux fenêtres.",
        "en": "Displacement not measurable: no tip elsewhere in the selection in one window.",
    },
    "oc_wdq_no_fall": {
        "fr": "Déplacement non mesurable : l'hexagone n'a pas baissé par rapport au reste de "
        "la sélection.",
        "en": "Displacement not measurable: the hexagon did not fall against the rest of the "
        "selection.",
    },
    "oc_wdq_neutral": {
        "fr": "WDQ = {q} : les alentours ont évolué comme le reste (ni déplacement ni diffusion).",
        "en": "WDQ = {q}: the surroundings moved as the rest did (no displacement, no diffusion).",
    },
    "oc_wdq_diffusion": {
        "fr": "WDQ = {q} : diffusion des bénéfices (les alentours ont aussi baissé).",
        "en": "WDQ = {q}: diffusion of benefits (the surroundings fell too).",
    },
    "oc_wdq_diffusion_more": {
        "fr": "WDQ = {q} : diffusion des bénéfices plus forte que l'effet sur place.",
        "en": "WDQ = {q}: diffusion of benefits larger than the effect on the spot.",
    },
    "oc_wdq_displacement": {
        "fr": "WDQ = {q} : déplacement vers les alentours, moindre que la baisse sur place.",
        "en": "WDQ = {q}: displacement to the surroundings, smaller than the fall on the spot.",
    },
    "oc_wdq_displacement_more": {
        "fr": "WDQ = {q} : déplacement vers les alentours plus fort que la baisse sur place.",
        "en": "WDQ = {q}: displacement to the surroundings larger than the fall on the spot.",
    },
    "oc_reading_neutral": {
        "fr": "ni déplacement ni diffusion",
        "en": "neither displacement nor diffusion",
    },
    "oc_reading_diffusion": {"fr": "diffusion des bénéfices", "en": "diffusion of benefits"},
    "oc_reading_diffusion_more": {
        "fr": "diffusion des bénéfices plus forte que l'effet sur place",
        "en": "diffusion of benefits larger than the effect on the spot",
    },
    "oc_reading_displacement": {
        "fr": "déplacement moindre que la baisse sur place",
        "en": "displacement smaller than the fall on the spot",
    },
    "oc_reading_displacement_more": {
        "fr": "déplacement plus fort que la baisse sur place",
        "en": "displacement larger than the fall on the spot",
    },
    "oc_summary": {
        "fr": "{n} opérations ; {tested} avec assez de signalements pour conclure, dont "
        "{falls} suivies d'une baisse significative sous le niveau habituel de leur "
        "hexagone ({share} %) sur {weeks} semaines, et {other} d'une baisse qui peut n'être "
        "qu'un retour à la normale.",
        "en": "{n} operations; {tested} with enough tips to test, {falls} of them followed "
        "by a significant fall below their hexagon's usual level ({share} %) over {weeks} "
        "weeks, and {other} by a fall that may be a mere return to normal.",
    },
    "oc_summary_none": {
        "fr": "{n} opérations ; aucune n'a assez de signalements autour d'elle pour conclure "
        "à un effet (il en faut 6 dans l'hexagone, avant et après).",
        "en": "{n} operations; none has enough tips around it to test an effect (6 in the "
        "hexagon, before and after, are needed).",
    },
    "oc_summary_wdq": {
        "fr": "WDQ médian sur {n} opérations : {q} ({reading}).",
        "en": "Median WDQ over {n} operations: {q} ({reading}).",
    },
    "oc_caveat": {
        "fr": "Une opération est souvent montée après un pic de signalements : une baisse "
        "qui suit peut être en partie un simple retour à la normale. Le reste de la "
        "sélection sert de témoin pour le déplacement, pas pour ce retour.",
        "en": "An operation is often mounted after a peak of tips: a fall that follows may "
        "partly be a return to normal. The rest of the selection is the control for "
        "displacement, not for that return.",
    },
    "oc_title": {"fr": "Ce qui a suivi chaque opération", "en": "What followed each operation"},
    "oc_effect": {"fr": "Effet (dernière)", "en": "Effect (latest)"},
    "oc_weeks": {"fr": "Semaines avant et après", "en": "Weeks before and after"},
    "oc_cell": {"fr": "Hexagone avant → après", "en": "Hexagon before → after"},
    "oc_ring": {"fr": "Autour avant → après", "en": "Around before → after"},
    "oc_verdict": {"fr": "Dans l'hexagone", "en": "In the hexagon"},
    "oc_wdq": {"fr": "WDQ (déplacement)", "en": "WDQ (displacement)"},
    "oc_v_fall": {"fr": "baisse significative", "en": "significant fall"},
    "oc_v_rise": {"fr": "hausse significative", "en": "significant rise"},
    "oc_v_no_significant_change": {"fr": "pas de changement net", "en": "no clear change"},
    "oc_v_too_few": {"fr": "trop peu pour conclure", "en": "too few to say"},
    "oc_v_not_comparable": {"fr": "données insuffisantes", "en": "not enough data"},
    "oc_v_no_cell": {"fr": "lieu non placé", "en": "no place"},
    "oc_r_no_control": {
        "fr": "non mesurable (témoin vide)",
        "en": "not measurable (empty control)",
    },
    "oc_r_no_fall": {"fr": "non mesurable (pas de baisse)", "en": "not measurable (no fall)"},
    "oc_r_too_few": {"fr": "–", "en": "–"},
    "oc_r_not_comparable": {"fr": "–", "en": "–"},
    "oc_r_no_cell": {"fr": "–", "en": "–"},
    "oc_help": {
        "fr": "Signalements dans l'hexagone de l'opération et dans les six qui le bordent, "
        "sur les mêmes nombres de jours avant et après (le jour de l'opération exclu). "
        "Baisse ou hausse : test exact, 5 %. WDQ (Bowers et Johnson, 2003), le reste de la "
        "sélection servant de témoin : positif, les alentours ont aussi baissé (diffusion "
        "des bénéfices) ; négatif, ils ont monté (déplacement) ; au-delà de 1 en valeur "
        "absolue, plus que la baisse sur place.",
        "en": "Tips in the operation's hexagon and in the six around it, over the same "
        "number of days before and after (the operation's day left out). Fall or rise: "
        "exact test, 5 %. WDQ (Bowers and Johnson, 2003), the rest of the selection as "
        "control: positive, the surroundings fell too (diffusion of benefits); negative, "
        "they rose (displacement); beyond 1 either way, more than the fall on the spot.",
    },
    "at_title": {"fr": "À surveiller", "en": "Needs attention"},
    "at_days": {"fr": "Sans opération depuis (jours)", "en": "No operation for (days)"},
    "at_explain": {
        "fr": "Points chauds (95 % ou plus) sans opération depuis {days} jours ou plus, ou "
        "où des signalements sont revenus après la dernière opération.",
        "en": "Hot spots (95 % or more) with no operation for {days} days or more, or "
        "where tips came back after the last operation.",
    },
    "at_none": {
        "fr": "Aucun point chaud ne demande d'attention particulière avec ce réglage.",
        "en": "No hot spot needs particular attention with this setting.",
    },
    "at_why": {"fr": "Pourquoi", "en": "Why"},
    "layer_attention": {"fr": "À surveiller", "en": "Needs attention"},
    "at_no_operation": {
        "fr": "Point chaud sans aucune opération enregistrée.",
        "en": "Hot spot with no operation on record.",
    },
    "at_stale": {
        "fr": "Aucune opération depuis le {date} (il y a {days} j).",
        "en": "No operation since {date} ({days} days ago).",
    },
    "at_since": {
        "fr": "{n} signalements depuis.",
        "en": "{n} tips since.",
    },
    "at_returned": {
        "fr": "{n} signalements depuis l'opération du {date} (il y a {days} j).",
        "en": "{n} tips since the operation of {date} ({days} days ago).",
    },
    "partial_note": {
        "fr": "« partiel » : les données commencent ou s'arrêtent dans le mois (dernières "
        "données le {last}) ; un mois partiel n'est pas une baisse. Les mois sans données ne "
        "sont pas tracés (aucune donnée n'est pas zéro).",
        "en": '"partial": the data start or stop within the month (last data on {last}); a '
        "partial month is not a fall. Months without data are not drawn (no data is not "
        "zero).",
    },
    "kpi_seizures": {"fr": "Saisies", "en": "Seizures"},
    "kpi_delay": {
        "fr": "Délai médian avant opération",
        "en": "Median delay to operation",
    },
    "days": {"fr": "{n} j", "en": "{n} d"},
    "none_value": {"fr": "aucune", "en": "none"},
    "map_resolution": {"fr": "Taille des hexagones", "en": "Hexagon size"},
    "res_8": {"fr": "grands (≈ 460 m)", "en": "large (≈ 460 m)"},
    "res_9": {"fr": "moyens (≈ 170 m)", "en": "medium (≈ 170 m)"},
    "res_10": {"fr": "petits (≈ 65 m)", "en": "small (≈ 65 m)"},
    "map_scheme": {"fr": "Classes de couleur", "en": "Colour classes"},
    "scheme_quantiles": {"fr": "quantiles", "en": "quantiles"},
    "scheme_natural_breaks": {"fr": "seuils naturels (Jenks)", "en": "natural breaks (Jenks)"},
    "map_district_choropleth": {
        "fr": "Teinter quartiers et communes",
        "en": "Shade districts and communes",
    },
    "layer_tiles": {"fr": "Fond de carte", "en": "Base map"},
    "tiles_attribution": {"fr": "Fond de carte configuré", "en": "Configured tiles"},
    "tiles_error": {
        "fr": "Fond de carte indisponible, carte sans fond : {error}",
        "en": "Map tiles unavailable, map drawn without them: {error}",
    },
    "layer_districts": {"fr": "Limites des quartiers", "en": "District boundaries"},
    "layer_communes": {"fr": "Limites des communes", "en": "Commune boundaries"},
    "layer_streets": {"fr": "Noms des rues (zoom)", "en": "Street names (zoom in)"},
    "layer_landmarks": {"fr": "Lieux repères (zoom)", "en": "Landmarks (zoom in)"},
    "layer_tram": {"fr": "Tramway", "en": "Tram"},
    "layer_commune_names": {"fr": "Noms des communes", "en": "Commune names"},
    "layer_commune_choropleth": {"fr": "Signalements par commune", "en": "Tips per commune"},
    "commune": {"fr": "Commune", "en": "Commune"},
    "layer_district_names": {"fr": "Noms des quartiers", "en": "District names"},
    "layer_district_choropleth": {"fr": "Signalements par quartier", "en": "Tips per district"},
    "layer_hexagons": {"fr": "Signalements (hexagones)", "en": "Tips (hexagons)"},
    "layer_operations": {"fr": "Opérations", "en": "Operations"},
    "legend_title": {"fr": "Signalements par hexagone", "en": "Tips per hexagon"},
    "tip_one": {"fr": "signalement", "en": "tip"},
    "tip_many": {"fr": "signalements", "en": "tips"},
    "category": {"fr": "Catégorie", "en": "Category"},
    "peak": {"fr": "Pic", "en": "Peak"},
    "district": {"fr": "Quartier", "en": "District"},
    "no_district": {"fr": "hors quartier", "en": "no district"},
    "map_caption": {
        "fr": "{hexes} hexagones, {located} signalements localisés ; {unplaced} localisés au "
        "quartier seulement ou non localisés n'apparaissent pas sur la carte.",
        "en": "{hexes} hexagons, {located} located tips; {unplaced} located only to a "
        "district or not at all are not on the map.",
    },
    "map_click": {
        "fr": "Cliquez un hexagone pour le détail.",
        "en": "Click a hexagon for details.",
    },
    "drill_title": {"fr": "Hexagone sélectionné", "en": "Selected hexagon"},
    "drill_tips": {"fr": "{n} signalements dans la période", "en": "{n} tips in the period"},
    "drill_tips_one": {"fr": "1 signalement dans la période", "en": "1 tip in the period"},
    "drill_empty": {
        "fr": "Aucun signalement filtré dans cet hexagone.",
        "en": "No filtered tip in this hexagon.",
    },
    "drill_by_month": {"fr": "Par mois", "en": "By month"},
    "drill_by_hour": {"fr": "Par heure (pondération aoristique)", "en": "By hour (aoristic)"},
    "drill_tags": {"fr": "Mots-clés", "en": "Tags"},
    "drill_ops": {"fr": "Opérations liées", "en": "Linked operations"},
    "drill_close": {"fr": "Fermer le détail", "en": "Close details"},
    "month": {"fr": "Mois", "en": "Month"},
    "hour": {"fr": "Heure", "en": "Hour"},
    "weekday": {"fr": "Jour", "en": "Weekday"},
    "tips": {"fr": "Signalements", "en": "Tips"},
    "count": {"fr": "Nombre", "en": "Count"},
    "weight": {"fr": "Poids", "en": "Weight"},
    "previous_year": {"fr": "Année précédente", "en": "Previous year"},
    "this_period": {"fr": "Période", "en": "Period"},
    "an_heatmap": {"fr": "Heure × jour de la semaine", "en": "Hour × weekday"},
    "an_heatmap_note": {
        "fr": "{observed} signalements répartis sur leur créneau observé (pondération "
        "aoristique : « 18h-22h » compte un quart pour 18, 19, 20 et 21 h), {received} placés "
        "à l'heure de réception faute de créneau.",
        "en": "{observed} tips spread over their observed window (aoristic weighting: "
        '"18h-22h" counts a quarter on 18, 19, 20 and 21 h), {received} placed at the hour '
        "they were received, having no window.",
    },
    "hs_title": {"fr": "Points chauds statistiques", "en": "Statistical hot spots"},
    "hs_explain": {
        "fr": "Un hexagone est un **point chaud** quand lui et ses voisins réunissent plus de "
        "signalements que le hasard n'en met dans un voisinage de cette taille. Test exact : "
        "si les N signalements localisés tombaient au hasard sur la zone, un voisinage qui en "
        "couvre la part s en recevrait selon une loi binomiale (N, s) ; la valeur p est la "
        "probabilité d'en voir au moins autant. La correction du taux de fausses découvertes "
        "(Benjamini-Hochberg) évite qu'en testant des centaines d'hexagones certains "
        "ressortent par hasard. Un point froid n'est testé que là où un voisinage vide serait "
        "improbable. Le z de Gi* (Getis-Ord) est donné à titre descriptif : sur si peu de "
        "signalements son approximation normale exagère, il ne classe rien. Rouge : point "
        "chaud (99 %, 95 %, 90 % de confiance), bleu : point froid.",
        "en": "A hexagon is a **hot spot** when it and its neighbours hold more tips than "
        "chance puts in a neighbourhood of that size. Exact test: if the N located tips fell "
        "at random over the area, a neighbourhood covering a share s of it would receive "
        "Binomial(N, s) of them; the p-value is the probability of seeing at least as many. "
        "The false-discovery-rate correction (Benjamini-Hochberg) stops hundreds of tested "
        "hexagons from producing chance hot spots. A cold spot is only tested where an empty "
        "neighbourhood would be unlikely. Gi* z (Getis-Ord) is shown as a description: on so "
        "few tips its normal approximation exaggerates, and it classes nothing. Red: hot spot "
        "(99 %, 95 %, 90 % confidence), blue: cold spot.",
    },
    "hs_params": {
        "fr": "Paramètres : zone {zone}, résolution H3 {resolution}, voisinage {k} anneau(x) "
        "(cellule incluse), {cells} hexagones analysés dont les vides, {tips} signalements "
        "localisés, test binomial exact par voisinage, correction {correction}, permutations "
        "{permutations}.",
        "en": "Parameters: zone {zone}, H3 resolution {resolution}, neighbourhood {k} ring(s) "
        "(cell included), {cells} hexagons analysed including empty ones, {tips} located tips, "
        "exact binomial test per neighbourhood, correction {correction}, "
        "permutations {permutations}.",
    },
    "hs_tooltip_neighbourhood": {
        "fr": "voisinage / attendu par hasard",
        "en": "neighbourhood / expected by chance",
    },
    "hs_neighbourhood": {"fr": "Voisinage", "en": "Neighbourhood"},
    "hs_expected": {"fr": "Attendu par hasard", "en": "Expected by chance"},
    "hs_p_fdr": {"fr": "p corrigée (FDR)", "en": "adjusted p (FDR)"},
    "hs_refused": {"fr": "Analyse impossible : {reason}", "en": "No analysis: {reason}"},
    "hs_too_few_tips": {
        "fr": "seulement {found} signalements localisés dans la sélection ; il en faut au moins "
        "{needed}. Élargissez la période ou les filtres.",
        "en": "only {found} located tips in the selection; at least {needed} are needed. "
        "Widen the period or the filters.",
    },
    "hs_too_few_zone": {
        "fr": "la zone couvre {found} km² ; le test compare chaque lieu au reste de la zone et "
        "ne porte que sur {needed} km² au plus (sur tout le département, toutes les villes "
        "ressortiraient). Choisissez une commune ou une agglomération dans « Zone ».",
        "en": "the zone covers {found} km²; the test compares each place with the rest of the "
        "zone and runs over at most {needed} km² (over the whole département every town would "
        "stand out). Choose a commune or a conurbation under « Area ».",
    },
    "hs_too_few_cells": {
        "fr": "seulement {found} hexagones ; il en faut au moins {needed}. Choisissez des "
        "hexagones plus petits.",
        "en": "only {found} hexagons; at least {needed} are needed. Choose smaller hexagons.",
    },
    "hs_too_few_steps": {
        "fr": "seulement {found} pas de temps ; il en faut au moins {needed}. Élargissez la "
        "période.",
        "en": "only {found} time steps; at least {needed} are needed. Widen the period.",
    },
    "hs_level": {"fr": "Niveau", "en": "Level"},
    "hs_summary": {
        "fr": "{hot99} points chauds à 99 %, {hot95} à 95 % ou plus, {cold} points froids à "
        "95 % ou plus.",
        "en": "{hot99} hot spots at 99 %, {hot95} at 95 % or more, {cold} cold spots at 95 % "
        "or more.",
    },
    "hs_layer": {"fr": "Points chauds (test exact)", "en": "Hot spots (exact test)"},
    "hs_toggle": {"fr": "Points chauds", "en": "Hot spots"},
    "hs_bin_3": {"fr": "point chaud 99 %", "en": "hot spot 99 %"},
    "hs_bin_2": {"fr": "point chaud 95 %", "en": "hot spot 95 %"},
    "hs_bin_1": {"fr": "point chaud 90 %", "en": "hot spot 90 %"},
    "hs_bin_-1": {"fr": "point froid 90 %", "en": "cold spot 90 %"},
    "hs_bin_-2": {"fr": "point froid 95 %", "en": "cold spot 95 %"},
    "hs_bin_-3": {"fr": "point froid 99 %", "en": "cold spot 99 %"},
    "em_new": {"fr": "point chaud nouveau", "en": "new hot spot"},
    "em_cold_new": {"fr": "point froid nouveau", "en": "new cold spot"},
    "em_consecutive": {"fr": "point chaud consécutif", "en": "consecutive hot spot"},
    "em_cold_consecutive": {"fr": "point froid consécutif", "en": "consecutive cold spot"},
    "em_intensifying": {"fr": "point chaud en intensification", "en": "intensifying hot spot"},
    "em_cold_intensifying": {
        "fr": "point froid en intensification",
        "en": "intensifying cold spot",
    },
    "em_persistent": {"fr": "point chaud persistant", "en": "persistent hot spot"},
    "em_cold_persistent": {"fr": "point froid persistant", "en": "persistent cold spot"},
    "em_diminishing": {"fr": "point chaud en diminution", "en": "diminishing hot spot"},
    "em_cold_diminishing": {"fr": "point froid en diminution", "en": "diminishing cold spot"},
    "em_sporadic": {"fr": "point chaud sporadique", "en": "sporadic hot spot"},
    "em_cold_sporadic": {"fr": "point froid sporadique", "en": "sporadic cold spot"},
    "em_oscillating": {"fr": "point chaud oscillant", "en": "oscillating hot spot"},
    "em_cold_oscillating": {"fr": "point froid oscillant", "en": "oscillating cold spot"},
    "em_historical": {"fr": "point chaud historique", "en": "historical hot spot"},
    "em_cold_historical": {"fr": "point froid historique", "en": "historical cold spot"},
    "em_no_pattern": {"fr": "aucune tendance", "en": "no pattern"},
    "em_title": {"fr": "Points chauds émergents", "en": "Emerging hot spots"},
    "em_explain": {
        "fr": "Le test exact est fait pour chaque {step} de la période sur un voisinage "
        "espace-temps (l'hexagone, ses voisins, ce {step} et le précédent), corrigé sur "
        "l'ensemble du cube ; une période compte comme chaude à 95 % ou plus, puis chaque "
        "hexagone est "
        "classé selon son histoire : **nouveau** (chaud pour la première fois au dernier pas), "
        "**consécutif** (chaud sans interruption sur les derniers pas seulement), "
        "**en intensification** / **persistant** / **en diminution** (chaud au moins 90 % du "
        "temps, avec une tendance de Mann-Kendall à la hausse, sans tendance, ou à la baisse), "
        "**sporadique** (chaud par intermittence, jamais froid), **oscillant** (chaud au "
        "dernier pas après avoir été froid), **historique** (chaud 90 % du temps mais plus "
        "maintenant). Les points froids suivent les mêmes définitions.",
        "en": "The exact test is run for each {step} of the period on a space-time "
        "neighbourhood (the hexagon, its neighbours, this {step} and the previous one), "
        "corrected over the whole cube; a step counts as hot at 95 % or more, then each "
        "hexagon is classed "
        "by its history: **new** (hot for the first time at the last step), **consecutive** "
        "(hot without a break over the last steps only), **intensifying** / **persistent** / "
        "**diminishing** (hot at least 90 % of the time, with a rising, no, or falling "
        "Mann-Kendall trend), **sporadic** (on and off, never cold), **oscillating** (hot at "
        "the last step after being cold), **historical** (hot 90 % of the time but not now). "
        "Cold spots follow the same definitions.",
    },
    "em_step_week": {"fr": "semaine", "en": "week"},
    "em_step_month": {"fr": "mois", "en": "month"},
    "em_none": {
        "fr": "Aucun hexagone ne montre de tendance significative.",
        "en": "No hexagon shows a significant pattern.",
    },
    "em_trend": {"fr": "Tendance (z de Mann-Kendall)", "en": "Trend (Mann-Kendall z)"},
    "em_hot_steps": {"fr": "Périodes chaudes", "en": "Hot periods"},
    "em_insufficient_data": {"fr": "données insuffisantes", "en": "insufficient data"},
    "em_insufficient_note": {
        "fr": "{n} hexagones sans catégorie : leur voisinage attend moins de {needed} "
        "signalement par {step} sous l'effet du seul hasard, trop peu pour parler de "
        "tendance.",
        "en": "{n} hexagons without a category: their neighbourhood expects fewer than "
        "{needed} tip per {step} by chance alone, too few to speak of a trend.",
    },
    "hs_too_few_expected": {
        "fr": "un voisinage n'attend au plus que {found} signalement par pas de temps ; il en "
        "faut au moins {needed} pour classer une évolution. Choisissez des hexagones plus "
        "grands ou une période plus longue.",
        "en": "a neighbourhood expects at most {found} tips per time step; at least "
        "{needed} are needed to class a change. Choose larger hexagons or a longer period.",
    },
    "ch_title": {
        "fr": "Évolution par quartier (vs la période précédente)",
        "en": "Change per district (vs the previous period)",
    },
    "ch_previous": {"fr": "Période précédente", "en": "Previous period"},
    "ch_verdict": {"fr": "Écart", "en": "Change"},
    "ch_significant_up": {"fr": "hausse significative", "en": "significant rise"},
    "ch_significant_down": {"fr": "baisse significative", "en": "significant fall"},
    "ch_chance": {"fr": "compatible avec le hasard", "en": "within chance"},
    "ch_not_comparable": {"fr": "non comparable", "en": "not comparable"},
    "ch_not_comparable_note": {
        "fr": "« non comparable » : les données commencent le {start} ; la période "
        "précédente ({first} – {last}) n'en a pas, et aucune donnée n'est pas zéro.",
        "en": '"not comparable": the data start on {start}; the previous period ({first} – '
        "{last}) has none, and no data is not zero.",
    },
    "ch_note": {
        "fr": "Test exact : à total fixé, deux comptages de Poisson de même taux se "
        "partagent selon une loi binomiale (n, ½) ; significatif si p < 0,05.",
        "en": "Exact test: given their total, two Poisson counts with equal rates split as "
        "a Binomial(n, ½); significant when p < 0.05.",
    },
    "drill_change": {
        "fr": "Période précédente : {previous} ({verdict}, {p})",
        "en": "Previous period: {previous} ({verdict}, {p})",
    },
    "drill_not_comparable": {
        "fr": "Période précédente : non comparable (pas de données avant le {start})",
        "en": "Previous period: not comparable (no data before {start})",
    },
    "an_monthly": {"fr": "Tendance mensuelle", "en": "Monthly trend"},
    "an_categories": {"fr": "Catégories", "en": "Categories"},
    "op_funnel": {"fr": "Des signalements aux résultats", "en": "From tips to results"},
    "op_f_tips": {"fr": "Signalements", "en": "Tips"},
    "op_f_exploitable": {"fr": "Exploitables", "en": "Exploitable"},
    "op_f_operation": {"fr": "Ayant mené à une opération", "en": "Led to an operation"},
    "op_f_arrests": {"fr": "Opération avec interpellation", "en": "Operation with arrests"},
    "op_by_district": {"fr": "Par quartier", "en": "By district"},
    "op_seized_g": {"fr": "Saisies (g)", "en": "Seized (g)"},
    "op_hit_rate": {"fr": "Réussite", "en": "Hit rate"},
    "op_hit_rate_help": {
        "fr": "Part des opérations avec au moins une interpellation ou une saisie.",
        "en": "Share of operations with at least one arrest or seizure.",
    },
    "op_seized_month": {"fr": "Saisies par mois", "en": "Seizures per month"},
    "op_list": {"fr": "Opérations", "en": "Operations"},
    "op_date": {"fr": "Date", "en": "Date"},
    "op_kind": {"fr": "Type", "en": "Kind"},
    "op_last": {"fr": "Dernière le", "en": "Latest on"},
    "op_listed": {
        "fr": "Les {shown} opérations les plus récentes sur {total}.",
        "en": "The {shown} most recent of {total} operations.",
    },
    "op_arrests": {"fr": "Interpellations", "en": "Arrests"},
    "op_cash": {"fr": "Numéraire (€)", "en": "Cash (€)"},
    "op_seized": {"fr": "Saisies", "en": "Seizures"},
    "op_linked": {"fr": "Signalements liés", "en": "Linked tips"},
    "op_none": {"fr": "Aucune opération dans la période.", "en": "No operation in the period."},
    "op_filters_note": {
        "fr": "Les opérations suivent la période et les quartiers ; les autres filtres "
        "portent sur les signalements.",
        "en": "Operations follow the period and districts; the other filters apply to tips.",
    },
    # triage queue (page « À trier », hotspots.triage)
    "page_triage": {"fr": "À trier", "en": "To triage"},
    "tri_caption": {
        "fr": "Ordre de lecture, pas un verdict : la CROSS décide.",
        "en": "An order of reading, not a verdict: the CROSS decides.",
    },
    "tri_rule": {
        "fr": "Les signalements qui ne décrivent que des nuisances viennent en dernier ; "
        "les autres par nombre de signalements concordants plus nombre d'éléments "
        "factuels (adresse précise, horaires observés, comportements d'un point de deal), "
        "le plus élevé d'abord, puis le plus ancien d'abord. Concordant : un autre "
        "signalement du même hexagone ou d'un hexagone voisin (résolution H3 {res}), reçu "
        "un autre jour à ±{days} jours, aux heures qui se recoupent.",
        "en": "Tips that describe nuisance only come last; the others by number of "
        "corroborating tips plus number of factual elements (precise address, observed "
        "hours, behaviours of a deal point), highest first, then oldest first. "
        "Corroborating: another tip in the same hexagon or a neighbouring one (H3 "
        "resolution {res}), received on another day within ±{days} days, at overlapping "
        "hours.",
    },
    "tri_none": {
        "fr": "Aucun signalement en attente de tri avec ces filtres.",
        "en": "No tip awaiting triage with these filters.",
    },
    "tri_rank": {"fr": "Rang", "en": "Rank"},
    "tri_received": {"fr": "Reçu le", "en": "Received on"},
    "tri_elements": {"fr": "Éléments", "en": "Elements"},
    "tri_corroborating": {"fr": "Concordants", "en": "Corroborating"},
    "tri_corroborated_one": {
        "fr": "{n} signalement concordant (même secteur, ±{days} jours, mêmes heures)",
        "en": "{n} corroborating tip (same area, ±{days} days, same hours)",
    },
    "tri_corroborated_many": {
        "fr": "{n} signalements concordants (même secteur, ±{days} jours, mêmes heures)",
        "en": "{n} corroborating tips (same area, ±{days} days, same hours)",
    },
    "tri_not_corroborated": {
        "fr": "aucun signalement concordant",
        "en": "no corroborating tip",
    },
    "tri_place_precise": {"fr": "adresse précise", "en": "precise address"},
    "tri_place_place": {"fr": "lieu nommé", "en": "named place"},
    "tri_place_district": {
        "fr": "quartier seulement, sans lieu à recouper",
        "en": "district only, no place to compare",
    },
    "tri_place_commune": {
        "fr": "commune seulement, sans lieu à recouper",
        "en": "commune only, no place to compare",
    },
    "tri_place_unresolved": {
        "fr": "lieu non localisé, sans lieu à recouper",
        "en": "place not located, no place to compare",
    },
    "tri_hours": {"fr": "horaires observés", "en": "observed hours"},
    "tri_nuisance_only": {
        "fr": "nuisances seulement ({tags}) : aucun comportement de point de deal décrit",
        "en": "nuisance only ({tags}): no deal-point behaviour described",
    },
    "tri_nuisance_also": {"fr": "nuisances aussi ({tags})", "en": "nuisance too ({tags})"},
    "tri_no_behaviour": {
        "fr": "aucun comportement de point de deal décrit",
        "en": "no deal-point behaviour described",
    },
    "kind_surveillance": {"fr": "Surveillance", "en": "Surveillance"},
    "kind_arrest": {"fr": "Interpellation", "en": "Arrest"},
    "kind_search": {"fr": "Perquisition", "en": "Search"},
    "substance": {"fr": "Produit", "en": "Substance"},
    "quantity": {"fr": "Quantité", "en": "Quantity"},
    "unit": {"fr": "Unité", "en": "Unit"},
    "data_title": {"fr": "Charger des données", "en": "Load data"},
    "data_kind": {"fr": "Type de fichier", "en": "File kind"},
    "data_kind_tips": {"fr": "Signalements", "en": "Tips"},
    "data_kind_operations": {"fr": "Opérations", "en": "Operations"},
    "data_file": {
        "fr": "Fichier CSV, JSON Lines ou Excel",
        "en": "CSV, JSON Lines or Excel file",
    },
    "data_run": {"fr": "Importer", "en": "Import"},
    # analysts' hexagon files: column names
    "hexcol_h3": {"fr": "h3", "en": "h3"},
    "hexcol_count": {"fr": "signalements", "en": "tips"},
    "hexcol_district": {"fr": "code_quartier", "en": "district"},
    "hexcol_district_name": {"fr": "quartier", "en": "district_name"},
    "hexcol_category_name": {"fr": "categorie_principale", "en": "main_category"},
    "hexcol_category": {"fr": "categorie_code", "en": "category_code"},
    "hexcol_peak_hour": {"fr": "heure_pic", "en": "peak_hour"},
    "hexcol_resolution": {"fr": "resolution", "en": "resolution"},
    # analysts' district × month table
    "aggcol_district": {"fr": "code_quartier", "en": "district"},
    "aggcol_district_name": {"fr": "quartier", "en": "district_name"},
    "aggcol_month": {"fr": "mois", "en": "month"},
    "aggcol_tips": {"fr": "signalements", "en": "tips"},
    "aggcol_exploitable": {"fr": "exploitables", "en": "exploitable"},
    "aggcol_pending": {"fr": "a_trier", "en": "pending"},
    # press files: column names (machine-friendly words) and row names
    "press_col_district": {"fr": "quartier", "en": "district"},
    "press_col_code": {"fr": "code", "en": "code"},
    "press_col_period": {"fr": "période", "en": "period"},
    "press_col_tips": {"fr": "signalements", "en": "tips"},
    "press_col_exploitable": {"fr": "signalements_exploitables", "en": "exploitable_tips"},
    "press_col_operations": {"fr": "opérations", "en": "operations"},
    "press_col_arrests": {"fr": "interpellations", "en": "arrests"},
    "press_col_seizures_g": {"fr": "saisies_g", "en": "seizures_g"},
    # press table on screen: column names in words
    "press_head_district": {"fr": "Quartier", "en": "District"},
    "press_head_commune": {"fr": "Commune", "en": "Commune"},
    "press_head_code": {"fr": "Code", "en": "Code"},
    "press_head_period": {"fr": "Période", "en": "Period"},
    "press_head_tips": {"fr": "Signalements", "en": "Tips"},
    "press_head_exploitable": {"fr": "Signalements exploitables", "en": "Exploitable tips"},
    "press_head_operations": {"fr": "Opérations", "en": "Operations"},
    "press_head_arrests": {"fr": "Interpellations", "en": "Arrests"},
    "press_head_seizures_g": {"fr": "Saisies (g)", "en": "Seizures (g)"},
    "press_col_label": {"fr": "{column}_libelle", "en": "{column}_label"},
    "press_col_total_row": {"fr": "Ensemble", "en": "All districts"},
    "press_col_total_col": {"fr": "Total", "en": "Total"},
    "press_col_unlocated": {"fr": "Hors quartiers", "en": "Not in a district"},
    "press_col_commune": {"fr": "commune", "en": "commune"},
    "press_col_no_commune": {"fr": "Non localisé", "en": "Not located"},
    "press_col_other_communes": {"fr": "Autres communes", "en": "Other communes"},
    "skip_to_content": {"fr": "Aller au contenu principal", "en": "Skip to main content"},
    "up_browse": {"fr": "Choisir un fichier", "en": "Browse files"},
    "up_limit": {
        "fr": "{mb} Mo au plus par fichier • {types}",
        "en": "{mb} MB per file • {types}",
    },
    "data_progress": {"fr": "Import en cours : {n} lignes lues", "en": "Importing: {n} rows read"},
    "data_done": {
        "fr": "{read} lignes lues : {ingested} importées, {duplicates} doublons, "
        "{quarantined} en quarantaine.",
        "en": "{read} rows read: {ingested} imported, {duplicates} duplicates, "
        "{quarantined} quarantined.",
    },
    "data_quarantine": {"fr": "Télécharger la quarantaine", "en": "Download the quarantine"},
    "data_unusable": {"fr": "Fichier inutilisable : {error}", "en": "Unusable file: {error}"},
    "data_help": {
        "fr": "CSV (UTF-8 ou Windows-1252), JSON Lines ou classeur Excel. Les colonnes sont "
        "reconnues par leurs noms usuels (numéro, date, heure, adresse, commentaire, "
        "exploitable…) ; les autres sont décrites dans le README. Les textes libres "
        "(description, lieu) ne sont jamais enregistrés : seuls le carreau H3, le quartier et des "
        "mots-clés d'un vocabulaire fermé le sont.",
        "en": "CSV (UTF-8 or Windows-1252), JSON Lines or an Excel workbook. Columns are "
        "recognised by their usual names (number, date, hour, address, comment, "
        "exploitable…); the rest are described in the README. Free texts (description, "
        "place) are never stored: only the H3 cell, the district and closed-vocabulary tags are.",
    },
    "data_runs": {"fr": "Derniers imports", "en": "Recent imports"},
    "map_col_tip_id": {"fr": "Numéro du signalement", "en": "Tip number"},
    "map_col_operation_id": {"fr": "Numéro de l'opération", "en": "Operation number"},
    "map_col_received_at": {"fr": "Date (et heure) de réception", "en": "Date (and time) received"},
    "map_col_started_at": {
        "fr": "Date (et heure) de l'opération",
        "en": "Date (and time) of the operation",
    },
    "map_col_received_time": {
        "fr": "Heure, si elle est dans une autre colonne",
        "en": "Time, when in a column of its own",
    },
    "map_col_started_time": {
        "fr": "Heure, si elle est dans une autre colonne",
        "en": "Time, when in a column of its own",
    },
    "map_col_location": {
        "fr": "Lieu (adresse, rue, commune…)",
        "en": "Place (address, street, commune…)",
    },
    "map_col_lat": {"fr": "Latitude (WGS84)", "en": "Latitude (WGS84)"},
    "map_col_lon": {"fr": "Longitude (WGS84)", "en": "Longitude (WGS84)"},
    "map_col_category": {"fr": "Catégorie", "en": "Category"},
    "map_col_observed": {"fr": "Heures observées", "en": "Hours observed"},
    "map_col_description": {"fr": "Commentaire", "en": "Comment"},
    "map_col_exploitable": {"fr": "Exploitable (oui / non)", "en": "Exploitable (yes / no)"},
    "map_col_kind": {"fr": "Type d'opération", "en": "Kind of operation"},
    "map_col_tip_ids": {"fr": "Signalements liés", "en": "Linked tips"},
    "map_col_arrests": {"fr": "Interpellations", "en": "Arrests"},
    "map_col_seizures": {"fr": "Saisies", "en": "Seizures"},
    "map_col_cash_eur": {"fr": "Numéraire (€)", "en": "Cash (€)"},
    "map_title": {"fr": "Correspondance des colonnes", "en": "Column correspondence"},
    "map_help": {
        "fr": "Chaque colonne attendue est préremplie avec la colonne du fichier reconnue "
        "par son nom ; corrigez si besoin. Les colonnes marquées * sont obligatoires (le lieu, "
        "ou la latitude et la longitude).",
        "en": "Each expected column is pre-filled with the file's column recognised by its "
        "name; correct it if needed. Columns marked * are required (the place, or latitude "
        "and longitude).",
    },
    "map_preview": {"fr": "Aperçu des premières lignes", "en": "First rows"},
    "map_none": {"fr": "— (aucune)", "en": "— (none)"},
    "map_saved": {"fr": "Correspondance enregistrée", "en": "Saved correspondence"},
    "map_auto": {"fr": "Reconnaissance automatique", "en": "Automatic recognition"},
    "map_saved_unfit": {
        "fr": "La correspondance « {name} » ne convient pas à ce fichier : {error}",
        "en": "The correspondence « {name} » does not fit this file: {error}",
    },
    "map_missing": {
        "fr": "Colonnes obligatoires non renseignées : {missing}.",
        "en": "Required columns not set: {missing}.",
    },
    "map_twice": {
        "fr": "La colonne « {header} » est choisie deux fois.",
        "en": "The column « {header} » is chosen twice.",
    },
    "map_name": {"fr": "Nom de la correspondance", "en": "Name of the correspondence"},
    "map_save": {"fr": "Enregistrer cette correspondance", "en": "Save this correspondence"},
    "map_saved_done": {
        "fr": "Correspondance « {name} » enregistrée.",
        "en": "Correspondence « {name} » saved.",
    },
    "map_name_needed": {
        "fr": "Donnez un nom à la correspondance.",
        "en": "Give the correspondence a name.",
    },
    "data_template": {
        "fr": "Modèle de fichier ({fmt})",
        "en": "File template ({fmt})",
    },
    "data_done_unlocated": {
        "fr": "{unlocated} des signalements importés n'ont pu être placés (ni point, ni rue, "
        "ni quartier, ni commune).",
        "en": "{unlocated} of the imported rows could not be placed (no point, street, "
        "district or commune).",
    },
    "data_encoding": {
        "fr": "Fichier lu en {encoding}. Colonnes reconnues : {columns}.",
        "en": "File read as {encoding}. Columns recognised: {columns}.",
    },
    "data_quarantine_preview": {
        "fr": "Lignes en quarantaine (les 20 premières) :",
        "en": "Quarantined rows (the first 20):",
    },
    "data_undo": {"fr": "Annuler l'import n° {run}", "en": "Undo import no. {run}"},
    "data_undone": {
        "fr": "Import n° {run} annulé : {tips} signalements et {operations} opérations retirés.",
        "en": "Import no. {run} undone: {tips} tips and {operations} operations removed.",
    },
    "data_run_when": {"fr": "Le", "en": "When"},
    "data_done_read": {"fr": "Lues", "en": "Read"},
    "data_done_ingested": {"fr": "Importées", "en": "Imported"},
    "data_done_quarantined": {"fr": "En quarantaine", "en": "Quarantined"},
    "data_run_file": {"fr": "Fichier", "en": "File"},
    "data_run_user": {"fr": "Par", "en": "By"},
    "data_run_state": {"fr": "État", "en": "State"},
    "data_run_undone": {"fr": "annulé le {date}", "en": "undone on {date}"},
    "input_missing_columns": {
        "fr": "« {name} » : colonne(s) obligatoire(s) introuvable(s) pour un fichier de "
        "{kind} : {missing}. Colonnes trouvées : {found}. Renommez les colonnes, ou indiquez "
        "la correspondance dans un fichier (--mapping, voir le README).",
        "en": "« {name} »: required column(s) not found for a {kind} file: {missing}. "
        "Columns found: {found}. Rename the columns, or give the correspondence in a "
        "mapping file (--mapping, see the README).",
    },
    "input_kind_tips": {"fr": "signalements", "en": "tips"},
    "input_kind_operations": {"fr": "opérations", "en": "operations"},
    "input_col_tip_id": {"fr": "numéro du signalement (tip_id)", "en": "tip number (tip_id)"},
    "input_col_operation_id": {
        "fr": "numéro de l'opération (operation_id)",
        "en": "operation number (operation_id)",
    },
    "input_col_received_at": {"fr": "date de réception (received_at)", "en": "date (received_at)"},
    "input_col_started_at": {"fr": "date de l'opération (started_at)", "en": "date (started_at)"},
    "input_col_location": {
        "fr": "lieu (location), ou latitude et longitude (lat, lon)",
        "en": "place (location), or latitude and longitude (lat, lon)",
    },
    "input_demo_store": {
        "fr": "Cette base est la base de démonstration : sa clé de pseudonymisation est "
        "publique, de vrais signalements n'y ont pas leur place. Importez-les dans une base "
        "réelle : python -m hotspots ingest FICHIER --db sqlite:///data/signalements.sqlite "
        "(une clé secrète propre est créée), puis ouvrez le tableau de bord avec "
        "HOTSPOTS_DATABASE_URL sur cette base.",
        "en": "This is the demo database: its pseudonymisation key is public, real tips do "
        "not belong in it. Import them into a real store: python -m hotspots ingest FILE "
        "--db sqlite:///data/tips.sqlite (a secret key of its own is made), then open the "
        "dashboard with HOTSPOTS_DATABASE_URL on that store.",
    },
    "page_press": {"fr": "Publication", "en": "Publication"},
    "page_sign_in": {"fr": "Connexion", "en": "Sign in"},
    "page_refused": {
        "fr": "La page « {page} » n'est pas ouverte au rôle {role} : elle est réservée aux "
        "rôles {roles}. Demandez le lien à un collègue de ce rôle, ou revenez à vos pages.",
        "en": 'The page "{page}" is not open to the {role} role: it is for {roles}. Ask a '
        "colleague in that role, or go back to your pages.",
    },
    "page_refused_back": {"fr": "Revenir à mes pages", "en": "Back to my pages"},
    "role_pick": {"fr": "Rôle", "en": "Role"},
    "role_commandement": {"fr": "Commandement", "en": "Commander"},
    "role_analyste": {"fr": "Analyste", "en": "Analyst"},
    "role_presse": {"fr": "Presse", "en": "Press officer"},
    "anonymous_user": {"fr": "visiteur", "en": "visitor"},
    "auth_none_banner": {
        "fr": "Connexion désactivée (HOTSPOTS_AUTH=none) : toute personne qui atteint ce "
        "serveur voit ces données et choisit son rôle.",
        "en": "Sign-in is switched off (HOTSPOTS_AUTH=none): anyone who reaches this server "
        "sees these data and picks a role.",
    },
    "auth_refused": {
        "fr": "Accès refusé : {reason}",
        "en": "Access refused: {reason}",
    },
    "auth_no_role": {
        "fr": "{user} est connecté mais n'a aucun rôle Hotspots (revendication « {claim} » ou "
        "fichier des rôles) : demandez-le à l'administrateur.",
        "en": "{user} is signed in but has no Hotspots role (claim “{claim}” or roles file): "
        "ask the administrator.",
    },
    "sign_in_title": {"fr": "Connexion", "en": "Sign in"},
    "sign_in_user": {"fr": "Identifiant", "en": "User name"},
    "sign_in_password": {"fr": "Mot de passe", "en": "Password"},
    "sign_in_button": {"fr": "Se connecter", "en": "Sign in"},
    "sign_in_failed": {
        "fr": "Identifiant ou mot de passe incorrect.",
        "en": "Wrong user name or password.",
    },
    "sign_in_locked": {
        "fr": "Trop d'essais pour cet identifiant : réessayez dans {minutes} minutes.",
        "en": "Too many attempts for this user: try again in {minutes} minutes.",
    },
    "sign_in_oidc_text": {
        "fr": "Connectez-vous avec le compte de votre service.",
        "en": "Sign in with your organisation's account.",
    },
    "sign_in_oidc": {"fr": "Se connecter", "en": "Sign in"},
    "signed_in_as": {"fr": "Connecté : {user} ({role})", "en": "Signed in: {user} ({role})"},
    "sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "forbidden": {
        "fr": "Cette page n'est pas ouverte à votre rôle.",
        "en": "This page is not open to your role.",
    },
    "press_title": {"fr": "Chiffres publiables", "en": "Publishable figures"},
    "press_by": {"fr": "Découpage", "en": "Periods"},
    "press_rows": {"fr": "Lignes", "en": "Rows"},
    "press_rows_district": {"fr": "Quartiers", "en": "Districts"},
    "press_rows_commune": {"fr": "Communes", "en": "Communes"},
    "press_by_month": {"fr": "Mois", "en": "Month"},
    "press_by_quarter": {"fr": "Trimestre", "en": "Quarter"},
    "press_by_year": {"fr": "Année", "en": "Year"},
    "press_by_ytd": {"fr": "Année en cours", "en": "Year so far"},
    "press_ytd_col": {"fr": "Cumul {year}", "en": "{year} so far"},
    "press_from": {"fr": "De", "en": "From"},
    "press_year": {"fr": "Année", "en": "Year"},
    "press_hidden_by": {
        "fr": "Cases masquées pour {year} selon le découpage, avec les données du jour : par "
        "mois {month}, par trimestre {quarter}, par année {year_cells}.",
        "en": "Hidden cells for {year} by periods, with today's data: by month {month}, by "
        "quarter {quarter}, by year {year_cells}.",
    },
    "press_fixed_periods": {
        "fr": "Les années révolues sont publiées en entier, l'année en cours jusqu'au jour "
        "même ; chaque tableau est protégé avec tous ceux déjà publiés pour la même année, "
        "qui permettraient sinon de retrouver des cases masquées par différence.",
        "en": "Ended years are published whole, the current year up to the day; each table "
        "is protected together with every table already published for the same year, "
        "which would otherwise give hidden cells away by subtraction.",
    },
    "press_to": {"fr": "À", "en": "To"},
    "press_refused": {
        "fr": "Ce tableau ne peut pas être publié : lu avec les publications précédentes, "
        "il laisserait retrouver des cases masquées. {instead}",
        "en": "This table cannot be published: read with the earlier releases, it would let "
        "hidden cells be worked out. {instead}",
    },
    "press_refused_hidden": {
        "fr": "Ce tableau ne peut pas être publié : lu avec les publications précédentes, "
        "il faudrait en masquer presque toutes les cases. {instead}",
        "en": "This table cannot be published: read with the earlier releases, almost all "
        "of its cells would have to be hidden. {instead}",
    },
    "press_refused_long": {
        "fr": "Ce tableau ne peut pas être publié : avec toutes les publications "
        "précédentes de l'année, la recherche des cases à masquer est trop longue. {instead}",
        "en": "This table cannot be published: with every earlier release of the year, the "
        "search for the cells to hide takes too long. {instead}",
    },
    "press_refused_coarser": {
        "fr": "Publiez plutôt le découpage « {cut} ».",
        "en": "Publish the « {cut} » table instead.",
    },
    "press_refused_later": {
        "fr": "Attendez que l'année soit close, ou relevez le seuil k.",
        "en": "Wait until the year has ended, or raise k.",
    },
    "press_refused_short": {"fr": "refusé", "en": "refused"},
    "press_none_current": {
        "fr": "Aucune donnée pour l'année en cours.",
        "en": "No data for the current year yet.",
    },
    "press_none": {
        "fr": "Aucune période révolue ne contient de données.",
        "en": "No ended period holds any data.",
    },
    "press_table": {
        "fr": "Tableau par quartier et période (secret statistique appliqué)",
        "en": "Table by district and period (disclosure control applied)",
    },
    "press_chart": {"fr": "Signalements par période", "en": "Tips per period"},
    "press_not_released": {
        "fr": "Pas encore publié : le premier fichier téléchargé enregistre ce tableau dans "
        "le registre des publications. Il ne changera plus ensuite, sauf révision demandée.",
        "en": "Not released yet: the first file downloaded records this table in the "
        "release register. It will not change afterwards unless a revision is asked for.",
    },
    "press_released": {
        "fr": "Publié le {date} par {user} (révision {revision}) : ce tableau reste tel "
        "qu'il a été publié.",
        "en": "Released on {date} by {user} (revision {revision}): this table stays as it "
        "was released.",
    },
    "press_changes": {
        "fr": "Des données arrivées depuis la publication changeraient {n} case(s) publiée(s). "
        "Une révision ne se fait qu'à votre demande.",
        "en": "Data received since the release would change {n} published cell(s). A "
        "revision is issued only when you ask for it.",
    },
    "press_changes_show": {"fr": "Voir ce qui changerait", "en": "See what would change"},
    "press_change_measure": {"fr": "Mesure", "en": "Measure"},
    "press_change_period": {"fr": "Période", "en": "Period"},
    "press_change_published": {"fr": "Publié", "en": "Released"},
    "press_change_now": {"fr": "Avec les données du jour", "en": "With today's data"},
    "press_register": {"fr": "Registre des publications", "en": "Release register"},
    "press_register_empty": {"fr": "Aucune publication.", "en": "No release yet."},
    "press_register_when": {"fr": "Publié le", "en": "Released on"},
    "press_register_user": {"fr": "Par", "en": "By"},
    "press_register_table": {"fr": "Tableau", "en": "Table"},
    "press_register_revision": {"fr": "Révision", "en": "Revision"},
    "press_revise": {"fr": "Émettre une révision", "en": "Issue a revision"},
    "press_hidden": {
        "fr": "Cases masquées : {hidden} (seuil k = {k}).",
        "en": "Hidden cells: {hidden} (threshold k = {k}).",
    },
    "press_download": {"fr": "Télécharger ({fmt})", "en": "Download ({fmt})"},
    "analyst_hex_title": {
        "fr": "Hexagones pour SIG (filtres actifs)",
        "en": "Hexagons for GIS (active filters)",
    },
    "analyst_hex_res": {"fr": "Résolution H3", "en": "H3 resolution"},
    "analyst_hex_count": {
        "fr": "{n} hexagones à la résolution {res}.",
        "en": "{n} hexagons at resolution {res}.",
    },
    "audit_title": {"fr": "Journal des exports", "en": "Export log"},
    "audit_empty": {"fr": "Aucun export enregistré.", "en": "No export recorded."},
    "exports_title": {"fr": "Exports", "en": "Exports"},
    "exports_aggregates": {
        "fr": "Agrégats par quartier et par mois (filtres actifs)",
        "en": "Aggregates by district and month (active filters)",
    },
    "exports_download": {"fr": "Télécharger (CSV)", "en": "Download (CSV)"},
    "exports_note": {
        "fr": "Ces chiffres sont internes, sans secret statistique : les chiffres publiables "
        "sont sur la page Publication.",
        "en": "These figures are internal, without disclosure control: publishable figures "
        "are on the Publication page.",
    },
    "demo_banner": {
        "fr": "Données fictives : base de démonstration, aucun signalement réel.",
        "en": "Fictitious data: demo database, no real tips.",
    },
    "kpi_tips": {"fr": "Signalements", "en": "Tips"},
    "kpi_per_month": {"fr": "par mois", "en": "per month"},
    "kpi_exploitable": {"fr": "Exploitables", "en": "Exploitable"},
    "kpi_pending": {"fr": "À trier", "en": "Pending triage"},
    "kpi_operations": {"fr": "Opérations", "en": "Operations"},
    "kpi_arrests": {"fr": "Interpellations", "en": "Arrests"},
    "kpi_cash": {"fr": "Numéraire saisi", "en": "Cash seized"},
    "period_line": {"fr": "Période : du {start} au {end}", "en": "Period: {start} to {end}"},
    "empty_store": {
        "fr": "La base ne contient encore aucun signalement. Chargez un fichier avec "
        "`python -m hotspots ingest`.",
        "en": "The database holds no tips yet. Load a file with `python -m hotspots ingest`.",
    },
    "language": {"fr": "Langue", "en": "Language"},
    "store_error": {
        "fr": "Base de données inutilisable : {error}",
        "en": "Database unusable: {error}",
    },
}


def translate(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (French when the language is unknown)."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["fr"]).format(**values)


def has_text(key: str) -> bool:
    """Whether ``key`` is a known message (for codes that may come from a file)."""
    return key in MESSAGES


def format_int(value: int, lang: str) -> str:
    """``12345`` → ``"12 345"`` (narrow no-break space) in French, ``"12,345"`` in English."""
    text = f"{int(value):,}"
    return text.replace(",", NARROW_NBSP) if lang == "fr" else text


def format_signed(value: int, lang: str) -> str:
    """A whole change with its sign: ``+12``, ``−3`` (a true minus sign)."""
    return f"{'+' if value >= 0 else '−'}{format_int(abs(value), lang)}"


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A decimal number with the language's separators (``1 234,5`` in French)."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_p(p_value: float | None, lang: str) -> str:
    """A p-value as people read it: ``p = 0,034``, ``p < 0,001`` (``–`` when the test
    is undefined)."""
    if p_value is None or p_value != p_value:
        return "–"
    if p_value < 0.001:
        return f"p < {format_number(0.001, lang, 3)}"
    return f"p = {format_number(p_value, lang, 3)}"


def format_date(day, lang: str) -> str:
    """A day as ``21/11/2025`` in French, ``2025-11-21`` in English."""
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def format_percent(share: float | None, lang: str) -> str:
    """``0.6667`` → ``"66,7 %"`` in French, ``"66.7%"`` in English; ``"–"`` when unknown."""
    if share is None:
        return "–"
    number = format_number(100 * share, lang, 1)
    return f"{number}{NARROW_NBSP}%" if lang == "fr" else f"{number}%"


_WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


_MONTH_NAMES = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day, lang: str) -> str:
    """« 1er janvier 2025 », « 21 novembre 2025 » (« 1 January 2025 » in English)."""
    names = _MONTH_NAMES.get(lang, _MONTH_NAMES["fr"])
    number = "1er" if day.day == 1 and lang == "fr" else str(day.day)
    return f"{number} {names[day.month - 1]} {day.year}"


def weekday_names(lang: str) -> tuple[str, ...]:
    """Monday first."""
    return _WEEKDAYS.get(lang, _WEEKDAYS["fr"])


def month_label(year: int, month: int, lang: str) -> str:
    """``"mars 2025"`` / ``"Mar 2025"``."""
    return f"{_MONTHS.get(lang, _MONTHS['fr'])[month - 1]} {year}"


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"})


def markdown_text(value: object) -> str:
    """A value shown as literal text inside Streamlit markdown (no link, no emphasis)."""
    return str(value).translate(_MARKDOWN_SPECIALS)

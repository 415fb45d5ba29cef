"""The words of a generated report's structure in French and Spanish, and the shipped clusters'
agenda titles and index titles in those languages (written here, after the Congress agenda)."""

from __future__ import annotations

# The headings a report prints around its outcomes, by language.
HEADINGS = {
    "en": {"introduction": "Introduction", "items": "Consideration of agenda items",
           "item": "Agenda item {number}: {title}", "continued": " (continued)",
           "summary": "Summary of deliberations", "outcome": "Outcome of deliberations",
           "adoption": "Adoption of the report"},
    "fr": {"introduction": "Introduction",
           "items": "Examen des questions inscrites à l’ordre du jour",
           "item": "Point {number} de l’ordre du jour : {title}", "continued": " (suite)",
           "summary": "Résumé des débats", "outcome": "Résultat des délibérations",
           "adoption": "Adoption du rapport"},
    "es": {"introduction": "Introducción", "items": "Examen de los temas del programa",
           "item": "Tema {number} del programa: {title}", "continued": " (continuación)",
           "summary": "Resumen de las deliberaciones",
           "outcome": "Resultado de las deliberaciones",
           "adoption": "Aprobación del informe"},
}

# How a report of each language names the agenda item of each shipped cluster: shorter
# than the index's titles below, as the English reports' are (prose.AGENDA_TITLES).
AGENDA_TITLES = {
    "fr": {
        "political-message": "Message politique et orientation thématique du quatorzième "
                             "Congrès",
        "main-theme": "Thème principal du Congrès : faire progresser la prévention de la "
                      "criminalité, la justice pénale et l’état de droit",
        "crime-prevention": "Stratégies globales de prévention de la criminalité au service "
                            "du développement social et économique",
        "criminal-justice": "Approches intégrées face aux difficultés que rencontre le "
                            "système de justice pénale",
        "rule-of-law": "Approches multidimensionnelles adoptées par les gouvernements pour "
                       "promouvoir l’état de droit",
        "international-cooperation": "Coopération internationale et assistance technique "
                                     "visant à prévenir et combattre toutes les formes de "
                                     "criminalité",
        "other-issues": "Questions diverses",
    },
    "es": {
        "political-message": "Mensaje político y orientación temática del 14º Congreso",
        "main-theme": "Tema principal del Congreso: promoción de la prevención del delito, "
                      "la justicia penal y el estado de derecho",
        "crime-prevention": "Estrategias amplias de prevención del delito para el "
                            "desarrollo social y económico",
        "criminal-justice": "Enfoques integrados para hacer frente a los problemas del "
                            "sistema de justicia penal",
        "rule-of-law": "Enfoques multidimensionales de los Gobiernos para promover el "
                       "estado de derecho",
        "international-cooperation": "Cooperación internacional y asistencia técnica para "
                                     "prevenir y combatir todas las formas de delincuencia",
        "other-issues": "Otros asuntos",
    },
}

# The clusters' titles for index.yaml in each language, longer as the shipped ones are.
INDEX_TITLES = {
    "fr": {
        "political-message": "Message politique et orientation thématique du Congrès",
        "main-theme": "Thème principal du Congrès : « Faire progresser la prévention de la "
                      "criminalité, la justice pénale et l’état de droit : vers la "
                      "réalisation du Programme 2030 »",
        "crime-prevention": "Stratégies globales de prévention de la criminalité au service "
                            "du développement social et économique (point 3 de l’ordre du "
                            "jour) ; et Prévention de la criminalité fondée sur des données "
                            "factuelles (atelier 1)",
        "criminal-justice": "Approches intégrées face aux difficultés que rencontre le "
                            "système de justice pénale (point 4) ; et Réduire la récidive : "
                            "cerner les risques et trouver des solutions (atelier 2)",
        "rule-of-law": "Approches multidimensionnelles adoptées par les gouvernements pour "
                       "promouvoir l’état de droit, notamment en assurant l’accès de tous à "
                       "la justice (point 5 de l’ordre du jour)",
        "international-cooperation": "Coopération internationale et assistance technique "
                                     "visant à prévenir et combattre toutes les formes de "
                                     "criminalité : a) le terrorisme ; b) les formes de "
                                     "criminalité nouvelles et émergentes (point 6)",
        "other-issues": "Autres questions",
    },
    "es": {
        "political-message": "Mensaje político y orientación temática del Congreso",
        "main-theme": "Tema principal del Congreso: “Promoción de la prevención del delito, "
                      "la justicia penal y el estado de derecho: hacia el cumplimiento de la "
                      "Agenda 2030”",
        "crime-prevention": "Estrategias amplias de prevención del delito para el "
                            "desarrollo social y económico (tema 3 del programa); y "
                            "Prevención del delito basada en datos empíricos (seminario 1)",
        "criminal-justice": "Enfoques integrados para hacer frente a los problemas del "
                            "sistema de justicia penal (tema 4); y Reducción de la "
                            "reincidencia: determinación de los riesgos (seminario 2)",
        "rule-of-law": "Enfoques multidimensionales de los Gobiernos para promover el estado "
                       "de derecho, entre otras cosas, proporcionando acceso a la justicia "
                       "para todos (tema 5 del programa)",
        "international-cooperation": "Cooperación internacional y asistencia técnica para "
                                     "prevenir y combatir todas las formas de delincuencia: "
                                     "a) el terrorismo; b) las formas nuevas y emergentes de "
                                     "delincuencia (tema 6)",
        "other-issues": "Otras cuestiones",
    },
}

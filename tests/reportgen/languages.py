"""The words of a generated report's structure in French, Spanish, Russian, Chinese and Arabic,
and the shipped clusters' agenda titles and index titles in those languages (written here,
after the Congress agenda in UN terminology, not copied from printed reports)."""

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
    "ru": {"introduction": "Введение", "items": "Рассмотрение пунктов повестки дня",
           "item": "Пункт {number} повестки дня: {title}", "continued": " (продолжение)",
           "summary": "Резюме обсуждения", "outcome": "Итоги обсуждения",
           "adoption": "Утверждение доклада"},
    # Chinese prints its colon and brackets full width.
    "zh": {"introduction": "导言", "items": "审议议程项目", "item": "议程项目{number}：{title}",
           "continued": "（续）", "summary": "审议情况摘要", "outcome": "审议结果",
           "adoption": "通过报告"},
    "ar": {"introduction": "مقدمة", "items": "النظر في بنود جدول الأعمال",
           "item": "البند {number} من جدول الأعمال: {title}", "continued": " (تابع)",
           "summary": "موجز المداولات", "outcome": "نتائج المداولات",
           "adoption": "اعتماد التقرير"},
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
    "ru": {
        "political-message": "Политическое послание и тематическая направленность "
                             "четырнадцатого Конгресса",
        "main-theme": "Основная тема Конгресса: содействие предупреждению преступности, "
                      "уголовному правосудию и верховенству права",
        "crime-prevention": "Комплексные стратегии предупреждения преступности в интересах "
                            "социально-экономического развития",
        "criminal-justice": "Комплексные подходы к решению проблем, стоящих перед системой "
                            "уголовного правосудия",
        "rule-of-law": "Многоаспектные подходы правительств к обеспечению верховенства права",
        "international-cooperation": "Международное сотрудничество и техническая помощь в "
                                     "целях предупреждения всех форм преступности и борьбы "
                                     "с ними",
        "other-issues": "Прочие вопросы",
    },
    "zh": {
        "political-message": "第十四届大会的政治信息和专题方向",
        "main-theme": "大会主题：推进预防犯罪、刑事司法和法治",
        "crime-prevention": "促进社会和经济发展的综合预防犯罪战略",
        "criminal-justice": "应对刑事司法系统所面临挑战的综合办法",
        "rule-of-law": "各国政府促进法治的多维办法",
        "international-cooperation": "预防和应对一切形式犯罪的国际合作与技术援助",
        "other-issues": "其他事项",
    },
    "ar": {
        "political-message": "الرسالة السياسية والتوجه المواضيعي للمؤتمر الرابع عشر",
        "main-theme": "الموضوع الرئيسي للمؤتمر: النهوض بمنع الجريمة والعدالة الجنائية وسيادة "
                      "القانون",
        "crime-prevention": "الاستراتيجيات الشاملة لمنع الجريمة من أجل التنمية الاجتماعية "
                            "والاقتصادية",
        "criminal-justice": "النهج المتكاملة لمواجهة التحديات التي تواجه نظام العدالة الجنائية",
        "rule-of-law": "النهج المتعددة الأبعاد التي تتبعها الحكومات لتعزيز سيادة القانون",
        "international-cooperation": "التعاون الدولي والمساعدة التقنية لمنع جميع أشكال "
                                     "الجريمة والتصدي لها",
        "other-issues": "مسائل أخرى",
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
    "ru": {
        "political-message": "Политическое послание и тематическая направленность Конгресса",
        "main-theme": "Основная тема Конгресса: «Содействие предупреждению преступности, "
                      "уголовному правосудию и верховенству права: на пути к осуществлению "
                      "Повестки дня на период до 2030 года»",
        "crime-prevention": "Комплексные стратегии предупреждения преступности в интересах "
                            "социально-экономического развития (пункт 3 повестки дня); и "
                            "Предупреждение преступности на основе фактических данных "
                            "(семинар-практикум 1)",
        "criminal-justice": "Комплексные подходы к решению проблем, стоящих перед системой "
                            "уголовного правосудия (пункт 4); и Сокращение рецидивизма: "
                            "выявление рисков и разработка решений (семинар-практикум 2)",
        "rule-of-law": "Многоаспектные подходы правительств к обеспечению верховенства права, "
                       "в том числе путем обеспечения доступа к правосудию для всех (пункт 5 "
                       "повестки дня)",
        "international-cooperation": "Международное сотрудничество и техническая помощь в "
                                     "целях предупреждения всех форм преступности и борьбы "
                                     "с ними: а) терроризм во всех его формах и проявлениях; "
                                     "б) новые и формирующиеся формы преступности (пункт 6)",
        "other-issues": "Другие вопросы",
    },
    "zh": {
        "political-message": "大会的政治信息和专题方向",
        "main-theme": "大会主题：“推进预防犯罪、刑事司法和法治：努力实现2030年议程”",
        "crime-prevention": "促进社会和经济发展的综合预防犯罪战略（议程项目3）；以及基于证据的"
                            "预防犯罪（讲习班1）",
        "criminal-justice": "应对刑事司法系统所面临挑战的综合办法（议程项目4）；以及减少再犯："
                            "查明风险和制定解决办法（讲习班2）",
        "rule-of-law": "各国政府促进法治的多维办法，包括为此向所有人提供诉诸司法的机会"
                       "（议程项目5）",
        "international-cooperation": "预防和应对一切形式犯罪的国际合作与技术援助：(a)一切形式"
                                     "和表现的恐怖主义；(b)新的和正在出现的犯罪形式"
                                     "（议程项目6）",
        "other-issues": "其他问题",
    },
    "ar": {
        "political-message": "الرسالة السياسية والتوجه المواضيعي للمؤتمر",
        "main-theme": "الموضوع الرئيسي للمؤتمر: \"النهوض بمنع الجريمة والعدالة الجنائية "
                      "وسيادة القانون: نحو تحقيق خطة عام 2030\"",
        "crime-prevention": "الاستراتيجيات الشاملة لمنع الجريمة من أجل التنمية الاجتماعية "
                            "والاقتصادية (البند 3 من جدول الأعمال)؛ ومنع الجريمة المستند إلى "
                            "الأدلة (حلقة العمل 1)",
        "criminal-justice": "النهج المتكاملة لمواجهة التحديات التي تواجه نظام العدالة "
                            "الجنائية (البند 4)؛ والحد من العود إلى الإجرام: تحديد المخاطر "
                            "وإيجاد الحلول (حلقة العمل 2)",
        "rule-of-law": "النهج المتعددة الأبعاد التي تتبعها الحكومات لتعزيز سيادة القانون، "
                       "بوسائل منها توفير سبل الوصول إلى العدالة للجميع (البند 5 من جدول "
                       "الأعمال)",
        "international-cooperation": "التعاون الدولي والمساعدة التقنية لمنع جميع أشكال "
                                     "الجريمة والتصدي لها: (أ) الإرهاب بجميع أشكاله ومظاهره؛ "
                                     "(ب) الأشكال الجديدة والمستجدة من الجريمة (البند 6)",
        "other-issues": "قضايا أخرى",
    },
}

"""The example text `annexgen init --language` writes: content in the language, not its words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Starter:
    """What a new exercise says in one language before its people write their own: the
    templates' headings and sentences (UN style: sentence case, "I. Background"), the status,
    the example cluster, topic and outcome. English keeps the skeleton's own text
    (pipeline/init.py), byte for byte."""

    status: str
    prepared_by: str
    author: str
    background: str  # the paper's chapter I
    index: str  # its chapter II
    reports: str  # opens the list of reports; {{ count }} is the meetings counted in words
    provenance: str  # the paper's footnote: who prepared it, for which meeting, when
    annex_note: str  # an annex's footnote; <X> is the annex's name
    cluster: str
    topic: str
    outcome: str
    phrases: tuple[str, str]  # two key phrases of `outcome`, each found in it once
    titles: dict[str, str] = field(default_factory=dict)  # by title_key: the annexes' titles


_COUNT = "{{ meetings | length | words }}"
_WHEN = "{{ doc.supports.start | date_range_prose(doc.supports.end) }}"

STARTERS: dict[str, Starter] = {
    "fr": Starter(
        status="PROJET", prepared_by="le Secrétariat", author="Le Secrétariat",
        background="I. Contexte", index="II. Index des principaux thèmes",
        reports=f"Les recommandations formulées lors des {_COUNT} réunions figurent dans "
                "leurs rapports\u00a0:",
        provenance="Établi par {{ doc.prepared_by }} pour la {{ doc.supports.name }}, tenue à "
                   f"{{{{ doc.supports.city }}}} ({{{{ doc.supports.country }}}}) {_WHEN}.",
        annex_note=f"L'<X> a été établie par {{{{ doc.prepared_by }}}} pour regrouper par thème "
                   f"les conclusions des {_COUNT} réunions préparatoires au "
                   "{{ doc.congress }}.",
        cluster="Accès à la justice", topic="Aide juridictionnelle pour tous",
        outcome="Les participants ont recommandé d'étendre l'aide juridictionnelle aux zones "
                "rurales, afin que chacun ait accès à la justice.",
        phrases=("aide juridictionnelle", "zones rurales"),
        titles={"annex_a": "Présentation narrative des recommandations, regroupées par thème",
                "annex_b": "Matrice des recommandations, regroupées par thème"}),
    "es": Starter(
        status="BORRADOR", prepared_by="la Secretaría", author="La Secretaría",
        background="I. Antecedentes", index="II. Índice de los temas principales",
        reports=f"Las recomendaciones formuladas en las {_COUNT} reuniones figuran en sus "
                "informes:",
        provenance="Preparado por {{ doc.prepared_by }} para la {{ doc.supports.name }}, "
                   "celebrada en {{ doc.supports.city }} ({{ doc.supports.country }}) "
                   f"{_WHEN}.",
        annex_note=f"El <X> fue preparado por {{{{ doc.prepared_by }}}} para agrupar por temas "
                   f"las conclusiones de las {_COUNT} reuniones preparatorias del "
                   "{{ doc.congress }}.",
        cluster="Acceso a la justicia", topic="Asistencia jurídica para todos",
        outcome="Los participantes recomendaron ampliar la asistencia jurídica a las zonas "
                "rurales, para que todas las personas tuvieran acceso a la justicia.",
        phrases=("asistencia jurídica", "zonas rurales"),
        titles={"annex_a": "Presentación descriptiva de las recomendaciones, agrupadas por temas",
                "annex_b": "Matriz de las recomendaciones, agrupadas por temas"}),
    "ru": Starter(
        status="ПРОЕКТ", prepared_by="Секретариатом", author="Секретариат",
        background="I. Общая информация", index="II. Указатель основных тем",
        reports=f"Число совещаний: {_COUNT}. Их рекомендации изложены в докладах:",
        provenance="Подготовлено {{ doc.prepared_by }} для совещания «{{ doc.supports.name }}», "
                   f"проходившего в {{{{ doc.supports.city }}}} {_WHEN}.",
        annex_note="<X> подготовлено {{ doc.prepared_by }}, чтобы сгруппировать по темам итоги "
                   f"региональных подготовительных совещаний (число совещаний: {_COUNT}).",
        cluster="Доступ к правосудию", topic="Юридическая помощь для всех",
        outcome="Участники рекомендовали распространить юридическую помощь на сельские районы, "
                "чтобы каждый имел доступ к правосудию.",
        phrases=("юридическую помощь", "сельские районы"),
        titles={"annex_a": "Описательное изложение рекомендаций, сгруппированных по темам",
                "annex_b": "Матрица рекомендаций, сгруппированных по темам"}),
    "zh": Starter(
        status="草稿", prepared_by="秘书处", author="秘书处",
        background="一、背景", index="二、主要专题索引",
        reports=f"{_COUNT}次会议提出的建议载于其报告：",
        provenance=f"由{{{{ doc.prepared_by }}}}为{_WHEN}在{{{{ doc.supports.city }}}}"
                   "举行的{{ doc.supports.name }}编写。",
        annex_note=f"<X>由{{{{ doc.prepared_by }}}}编写，按专题归纳{_COUNT}次区域筹备会议为"
                   "{{ doc.congress }}提出的成果。",
        cluster="诉诸司法", topic="人人享有法律援助",
        outcome="与会者建议将法律援助扩大到农村地区，使人人都能诉诸司法。",
        phrases=("法律援助", "农村地区"),
        titles={"annex_a": "按专题归纳的建议的叙述性介绍", "annex_b": "按专题归纳的建议矩阵"}),
    "ar": Starter(
        status="مسودة", prepared_by="الأمانة", author="الأمانة",
        background="أولا - معلومات أساسية", index="ثانيا - فهرس المواضيع الرئيسية",
        reports=f"ترد في تقارير الاجتماعات التوصيات التي قدمتها (عدد الاجتماعات: {_COUNT}):",
        provenance="أعدته {{ doc.prepared_by }} من أجل {{ doc.supports.name }}، المعقود في "
                   f"{{{{ doc.supports.city }}}} {_WHEN}.",
        annex_note="أعدت {{ doc.prepared_by }} <X> لتجميع نتائج الاجتماعات التحضيرية "
                   f"الإقليمية حسب المواضيع (عدد الاجتماعات: {_COUNT}).",
        cluster="الوصول إلى العدالة", topic="المساعدة القانونية للجميع",
        outcome="أوصى المشاركون بتوسيع نطاق المساعدة القانونية لتشمل المناطق الريفية، حتى "
                "يتمكن الجميع من الوصول إلى العدالة.",
        phrases=("المساعدة القانونية", "المناطق الريفية"),
        titles={"annex_a": "عرض سردي للتوصيات مجمعة حسب المواضيع",
                "annex_b": "مصفوفة التوصيات مجمعة حسب المواضيع"}),
}

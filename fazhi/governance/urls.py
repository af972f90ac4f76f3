from django.urls import URLPattern, path

from . import views

app_name = "governance"

PATHS = {
    "plan": "plans",
    "task": "tasks",
    "meeting": "meetings",
    "lawreport": "law-reports",
    "document": "documents",
    "cleanup": "cleanups",
    "adviser": "advisers",
    "consultation": "consultations",
    "catalogue": "decision-catalogues",
    "decision": "decisions",
    "proactive": "proactive",
    "request": "requests",
    "check": "checks",
    "evaluation": "evaluations",
    "rectification": "rectifications",
    "assessment": "assessments",
    "reconsideration": "reconsiderations",
    "litigation": "litigations",
}


def _kind_urls() -> list[URLPattern]:
    out = []
    for key, prefix in PATHS.items():
        v = views.kind_views(key)
        out.append(path(f"{prefix}/", v["list"], name=f"{key}_list"))
        out.append(path(f"{prefix}/<int:pk>/", v["detail"], name=f"{key}_detail"))
        if "create" in v:
            out.append(path(f"{prefix}/new/", v["create"], name=f"{key}_create"))
        if "edit" in v:
            out.append(path(f"{prefix}/<int:pk>/edit/", v["edit"], name=f"{key}_edit"))
    return out


urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("plans/this-year/", views.plan_for_year, name="plan_for_year"),
    path("overdue/", views.OverdueList.as_view(), name="overdue"),
    *_kind_urls(),
    path("do/<str:kind>/<int:pk>/<str:name>/", views.action, name="action"),
    path("plans/<int:pk>/docx/", views.plan_docx, name="plan_docx"),
    path("requests/<int:pk>/reply.docx", views.request_docx, name="request_docx"),
    path("decisions/<int:pk>/case-file.zip", views.decision_zip, name="decision_zip"),
    path("leaders/", views.leaders, name="leaders"),
    path("ogi-report/", views.ogi_report, name="ogi_report"),
    path("ogi-catalogue/", views.catalogue_items, name="catalogue_items"),
    path("ogi-catalogue/load/", views.load_catalogue, name="load_catalogue"),
    path("public/documents/", views.PublicDocuments.as_view(), name="public_documents"),
    path("public/disclosures/", views.PublicDisclosures.as_view(), name="public_disclosures"),
    path("public/disclosure/apply/", views.public_apply, name="public_apply"),
    path("public/disclosure/track/", views.public_track, name="public_track"),
]

from django.urls import path

from fazhi.core.routes import NO_EDIT, READ_ONLY, record_urls

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.overview, name="overview"),
    *record_urls("disputes", "dispute", views, "Dispute", action=True),
    path(
        "disputes/<int:pk>/parties/<int:party_pk>/",
        views.party_edit,
        name="party_edit",
    ),
    *record_urls("cases", "case", views, "Case", pages=READ_ONLY, action=True),
    path("cases/<int:pk>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    *record_urls("screenings", "screening", views, "Screening", pages=NO_EDIT),
    path("screenings/missed/", views.screening_missed, name="screening_missed"),
    path("screenings/options/", views.screening_options, name="screening_options"),
    *record_urls("committees", "committee", views, "Committee", action=True),
    *record_urls("mediators", "mediator", views, "Mediator", action=True),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.CategoryEdit.as_view(), name="category_create"),
    path("categories/<int:pk>/edit/", views.CategoryEdit.as_view(), name="category_edit"),
]

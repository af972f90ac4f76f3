from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("disputes/", views.DisputeList.as_view(), name="dispute_list"),
    path("disputes/new/", views.DisputeCreate.as_view(), name="dispute_create"),
    path("disputes/<int:pk>/", views.DisputeDetail.as_view(), name="dispute_detail"),
    path("disputes/<int:pk>/edit/", views.DisputeUpdate.as_view(), name="dispute_edit"),
    path("disputes/<int:pk>/do/<str:action>/", views.dispute_action, name="dispute_action"),
    path(
        "disputes/<int:pk>/parties/<int:party_pk>/",
        views.party_edit,
        name="party_edit",
    ),
    path("cases/", views.CaseList.as_view(), name="case_list"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case_detail"),
    path("cases/<int:pk>/do/<str:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/agreement.docx", views.agreement_docx, name="agreement_docx"),
    path("screenings/", views.ScreeningList.as_view(), name="screening_list"),
    path("screenings/new/", views.ScreeningCreate.as_view(), name="screening_create"),
    path("screenings/missed/", views.screening_missed, name="screening_missed"),
    path("screenings/options/", views.screening_options, name="screening_options"),
    path("screenings/<int:pk>/", views.ScreeningDetail.as_view(), name="screening_detail"),
    path("committees/", views.CommitteeList.as_view(), name="committee_list"),
    path("committees/new/", views.CommitteeCreate.as_view(), name="committee_create"),
    path("committees/<int:pk>/", views.CommitteeDetail.as_view(), name="committee_detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdate.as_view(), name="committee_edit"),
    path("committees/<int:pk>/do/<str:action>/", views.committee_action, name="committee_action"),
    path("mediators/", views.MediatorList.as_view(), name="mediator_list"),
    path("mediators/new/", views.MediatorCreate.as_view(), name="mediator_create"),
    path("mediators/<int:pk>/", views.MediatorDetail.as_view(), name="mediator_detail"),
    path("mediators/<int:pk>/edit/", views.MediatorUpdate.as_view(), name="mediator_edit"),
    path("mediators/<int:pk>/do/<str:action>/", views.mediator_action, name="mediator_action"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/new/", views.CategoryEdit.as_view(), name="category_create"),
    path("categories/<int:pk>/edit/", views.CategoryEdit.as_view(), name="category_edit"),
]

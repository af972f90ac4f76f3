from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("", views.PetitionList.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.PetitionDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path(
        "<int:pk>/petitioners/<int:petitioner_pk>/",
        views.petitioner_edit,
        name="petitioner_edit",
    ),
    path("<int:pk>/step/<str:name>/", views.step, name="step"),
    path("<int:pk>/document/<str:kind>/", views.document, name="document"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/<int:person_pk>/", views.leader_detail, name="leader_detail"),
    path("duties/", views.DutyList.as_view(), name="duty_list"),
    path("duties/new/", views.DutyCreate.as_view(), name="duty_create"),
    path("duties/<int:pk>/", views.DutyDetail.as_view(), name="duty_detail"),
    path("duties/<int:pk>/edit/", views.DutyUpdate.as_view(), name="duty_edit"),
    path("receptions/", views.ReceptionList.as_view(), name="reception_list"),
    path("receptions/new/", views.ReceptionCreate.as_view(), name="reception_create"),
    path("receptions/<int:pk>/", views.ReceptionDetail.as_view(), name="reception_detail"),
    path("receptions/<int:pk>/edit/", views.ReceptionUpdate.as_view(), name="reception_edit"),
    path("outreach/", views.OutreachList.as_view(), name="outreach_list"),
    path("outreach/new/", views.OutreachCreate.as_view(), name="outreach_create"),
    path("outreach/<int:pk>/", views.OutreachDetail.as_view(), name="outreach_detail"),
    path("outreach/<int:pk>/edit/", views.OutreachUpdate.as_view(), name="outreach_edit"),
    # Public site: no login, nothing personal.
    path("public/submit/", views.public_submit, name="public_submit"),
    path("public/submitted/", views.public_submitted, name="public_submitted"),
    path("public/track/", views.public_track, name="public_track"),
    path("public/rota/", views.public_rota, name="public_rota"),
]

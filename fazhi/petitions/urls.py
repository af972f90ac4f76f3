from django.urls import path

from fazhi.core.routes import record_urls

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
    path("<int:pk>/assign/handlers/", views.assign_handlers, name="assign_handlers"),
    path("<int:pk>/document/<str:kind>/", views.document, name="document"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/<int:person_pk>/", views.leader_detail, name="leader_detail"),
    *record_urls("duties", "duty", views, "Duty"),
    *record_urls("receptions", "reception", views, "Reception"),
    *record_urls("outreach", "outreach", views, "Outreach"),
    # Public site: no login, nothing personal.
    path("public/submit/", views.public_submit, name="public_submit"),
    path("public/submitted/", views.public_submitted, name="public_submitted"),
    path("public/track/", views.public_track, name="public_track"),
    path("public/rota/", views.public_rota, name="public_rota"),
]

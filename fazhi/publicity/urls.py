from django.urls import path
from django.views.generic import RedirectView

from fazhi.core.routes import record_urls

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.index, name="index"),
    *record_urls("activities", "activity", views, "Activity"),
    path("activities/<int:pk>/hold/", views.activity_hold, name="activity_hold"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("attach/<str:kind>/<int:pk>/", views.attach, name="attach"),
    *record_urls("plans", "plan", views, "Plan"),
    path("plans/<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/campaigns/", views.plan_add_campaigns, name="plan_add_campaigns"),
    *record_urls("items", "item", views, "PlanItem"),
    path("items/<int:pk>/cancel/", views.item_cancel, name="item_cancel"),
    path("items/<int:pk>/reopen/", views.item_reopen, name="item_reopen"),
    path("coverage/", views.coverage, name="coverage"),
    *record_urls("sites", "site", views, "CultureSite"),
    *record_urls("villagers", "villager", views, "Villager"),
    *record_urls("model-villages", "modelvillage", views, "ModelVillage"),
    *record_urls("study", "study", views, "Study"),
    path("exams/roll/", views.exam_roll, name="exam_roll"),
    *record_urls("exams", "exam", views, "Exam"),
    # 述法 moved to governance (one record for township leaders and village secretaries).
    path(
        "law-reports/",
        RedirectView.as_view(pattern_name="governance:lawreport_list", query_string=True),
        name="lawreport_list",
    ),
    path("cadres/", views.cadres, name="cadres"),
]

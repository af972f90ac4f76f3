from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.index, name="index"),
    path("activities/", views.ActivityList.as_view(), name="activity_list"),
    path("activities/new/", views.ActivityCreate.as_view(), name="activity_create"),
    path("activities/<int:pk>/", views.ActivityDetail.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdate.as_view(), name="activity_edit"),
    path("activities/<int:pk>/hold/", views.activity_hold, name="activity_hold"),
    path("activities/<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("attach/<str:kind>/<int:pk>/", views.attach, name="attach"),
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdate.as_view(), name="plan_edit"),
    path("plans/<int:pk>/adopt/", views.plan_adopt, name="plan_adopt"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/campaigns/", views.plan_add_campaigns, name="plan_add_campaigns"),
    path("items/", views.PlanItemList.as_view(), name="item_list"),
    path("items/new/", views.PlanItemCreate.as_view(), name="item_create"),
    path("items/<int:pk>/", views.PlanItemDetail.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.PlanItemUpdate.as_view(), name="item_edit"),
    path("items/<int:pk>/cancel/", views.item_cancel, name="item_cancel"),
    path("items/<int:pk>/reopen/", views.item_reopen, name="item_reopen"),
    path("coverage/", views.coverage, name="coverage"),
    path("sites/", views.CultureSiteList.as_view(), name="site_list"),
    path("sites/new/", views.CultureSiteCreate.as_view(), name="site_create"),
    path("sites/<int:pk>/", views.CultureSiteDetail.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.CultureSiteUpdate.as_view(), name="site_edit"),
    path("villagers/", views.VillagerList.as_view(), name="villager_list"),
    path("villagers/new/", views.VillagerCreate.as_view(), name="villager_create"),
    path("villagers/<int:pk>/", views.VillagerDetail.as_view(), name="villager_detail"),
    path("villagers/<int:pk>/edit/", views.VillagerUpdate.as_view(), name="villager_edit"),
    path("model-villages/", views.ModelVillageList.as_view(), name="modelvillage_list"),
    path("model-villages/new/", views.ModelVillageCreate.as_view(), name="modelvillage_create"),
    path(
        "model-villages/<int:pk>/", views.ModelVillageDetail.as_view(), name="modelvillage_detail"
    ),
    path(
        "model-villages/<int:pk>/edit/",
        views.ModelVillageUpdate.as_view(),
        name="modelvillage_edit",
    ),
    path("study/", views.StudyList.as_view(), name="study_list"),
    path("study/new/", views.StudyCreate.as_view(), name="study_create"),
    path("study/<int:pk>/", views.StudyDetail.as_view(), name="study_detail"),
    path("study/<int:pk>/edit/", views.StudyUpdate.as_view(), name="study_edit"),
    path("exams/", views.ExamList.as_view(), name="exam_list"),
    path("exams/new/", views.ExamCreate.as_view(), name="exam_create"),
    path("exams/roll/", views.exam_roll, name="exam_roll"),
    path("exams/<int:pk>/", views.ExamDetail.as_view(), name="exam_detail"),
    path("exams/<int:pk>/edit/", views.ExamUpdate.as_view(), name="exam_edit"),
    # 述法 moved to governance (one record for township leaders and village secretaries).
    path(
        "law-reports/",
        RedirectView.as_view(pattern_name="governance:lawreport_list", query_string=True),
        name="lawreport_list",
    ),
    path("cadres/", views.cadres, name="cadres"),
]

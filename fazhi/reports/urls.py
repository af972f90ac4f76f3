from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportList.as_view(), name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.ReportDetail.as_view(), name="detail"),
    path("<int:pk>/do/<str:action>/", views.report_action, name="action"),
    path("<int:pk>/shortcomings/<str:action>/", views.shortcoming_action, name="shortcoming"),
    path("<int:pk>/changes/", views.report_changes, name="changes"),
    path("<int:pk>/docx/", views.report_docx, name="docx"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path(
        "records/<int:unit_pk>/<int:year>/<str:key>/", views.figure_records, name="figure_records"
    ),
    path("indicators/<int:unit_pk>/<int:year>/", views.unit_indicators, name="unit_indicators"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/clocks/", views.dashboard_clocks, name="dashboard_clocks"),
    path("dashboard/watched/<slug:key>/", views.dashboard_watched, name="dashboard_watched"),
    path("rollup/", views.rollup, name="rollup"),
    path("template/", views.template_view, name="template"),
    path("template/sections/<int:pk>/", views.template_section_edit, name="template_section"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/docx/", views.public_docx, name="public_docx"),
]

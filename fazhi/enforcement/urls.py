from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.CaseList.as_view(), name="case_list"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    path("cases/new/", views.CaseCreate.as_view(), name="case_create"),
    path("cases/summary/", views.SummaryCreate.as_view(), name="summary_create"),
    path("cases/inspection/", views.InspectionCreate.as_view(), name="inspection_create"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case_detail"),
    path("cases/<int:pk>/do/<str:action>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/decision.docx", views.case_decision, name="case_decision"),
    path("cases/<int:pk>/case-file.zip", views.case_file, name="case_file"),
    path("officers/", views.OfficerList.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerCreate.as_view(), name="officer_create"),
    path("officers/<int:pk>/", views.OfficerDetail.as_view(), name="officer_detail"),
    path("officers/<int:pk>/edit/", views.OfficerUpdate.as_view(), name="officer_edit"),
    path("officers/<int:pk>/issue/", views.officer_issue, name="officer_issue"),
    path("certificates/", views.CertificateList.as_view(), name="certificate_list"),
    path("certificates/<int:pk>/", views.CertificateDetail.as_view(), name="certificate_detail"),
    path(
        "certificates/<int:pk>/do/<str:action>/",
        views.certificate_action,
        name="certificate_action",
    ),
    path("training/", views.TrainingList.as_view(), name="training_list"),
    path("training/new/", views.TrainingCreate.as_view(), name="training_create"),
    path("training/<int:pk>/", views.TrainingDetail.as_view(), name="training_detail"),
    path("training/hours/", views.TrainingHours.as_view(), name="training_hours"),
    path("exams/", views.ExamList.as_view(), name="exam_list"),
    path("exams/new/", views.ExamCreate.as_view(), name="exam_create"),
    path("exams/<int:pk>/", views.ExamDetail.as_view(), name="exam_detail"),
    path("exams/<int:pk>/register/", views.exam_register, name="exam_register"),
    path("registrations/<int:pk>/result/", views.exam_result, name="exam_result"),
    path("reviews/", views.ReviewQueue.as_view(), name="review_queue"),
    path("reviews/<int:pk>/record/", views.review_record, name="review_record"),
    path("disclosures/", views.DisclosureList.as_view(), name="disclosure_list"),
    path("public/", views.public_list, name="public"),
    path("complaints/", views.ComplaintList.as_view(), name="complaint_list"),
    path("complaints/new/", views.ComplaintCreate.as_view(), name="complaint_create"),
    path("complaints/<int:pk>/", views.ComplaintDetail.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/do/<str:action>/", views.complaint_action, name="complaint_action"),
]

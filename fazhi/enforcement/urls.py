from django.urls import path

from fazhi.core.routes import NO_EDIT, READ_ONLY, record_urls

from . import views

app_name = "enforcement"

urlpatterns = [
    # The case list stands at the module's root and at cases/, under two names.
    path("", views.CaseList.as_view(), name="case_list"),
    path("cases/", views.CaseList.as_view(), name="cases"),
    *record_urls("cases", "case", views, "Case", pages=("create", "detail"), action=True),
    path("cases/summary/", views.SummaryCreate.as_view(), name="summary_create"),
    path("cases/inspection/", views.InspectionCreate.as_view(), name="inspection_create"),
    path("cases/<int:pk>/decision.docx", views.case_decision, name="case_decision"),
    path("cases/<int:pk>/case-file.zip", views.case_file, name="case_file"),
    *record_urls("officers", "officer", views, "Officer"),
    path("officers/<int:pk>/issue/", views.officer_issue, name="officer_issue"),
    *record_urls("certificates", "certificate", views, "Certificate", pages=READ_ONLY, action=True),
    *record_urls("training", "training", views, "Training", pages=NO_EDIT),
    path("training/hours/", views.TrainingHours.as_view(), name="training_hours"),
    *record_urls("exams", "exam", views, "Exam", pages=NO_EDIT),
    path("exams/<int:pk>/register/", views.exam_register, name="exam_register"),
    path("registrations/<int:pk>/result/", views.exam_result, name="exam_result"),
    path("reviews/", views.ReviewQueue.as_view(), name="review_queue"),
    path("reviews/<int:pk>/record/", views.review_record, name="review_record"),
    path("disclosures/", views.DisclosureList.as_view(), name="disclosure_list"),
    path("public/", views.public_list, name="public"),
    *record_urls("complaints", "complaint", views, "Complaint", pages=NO_EDIT, action=True),
]

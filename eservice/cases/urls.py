from django.urls import path

from eservice.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.inbox, name="inbox"),
    path("cases/dashboard/", views.dashboard, name="dashboard"),
    path("cases/officers/", views.officers, name="officers"),
    path("cases/audit/", views.audit_search, name="audit"),
    path("cases/<str:reference>/", views.case_page, name="case"),
    path("cases/<str:reference>/act/", views.act, name="act"),
    path("cases/<str:reference>/assign/", views.assign, name="assign"),
    path("cases/<str:reference>/deficiencies/", views.deficiencies, name="deficiencies"),
    path("cases/<str:reference>/answer/", views.record_answer, name="record_answer"),
    path(
        "cases/<str:reference>/close-incomplete/", views.close_incomplete, name="close_incomplete"
    ),
    path("cases/<str:reference>/forward/", views.forward, name="forward"),
    path("cases/<str:reference>/message/", views.message, name="message"),
    path("cases/<str:reference>/note/", views.note, name="note"),
    path("cases/<str:reference>/notified/", views.notified, name="notified"),
    path("cases/<str:reference>/log/", views.case_log, name="log"),
    path("cases/<str:reference>/export.zip", views.export, name="export"),
    path(
        "cases/<str:reference>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("respond/<str:token>/", views.respond, name="respond"),
]

from django.urls import path

from eservice.registry import views

app_name = "registry"
urlpatterns = [
    path("agencies/", views.directory, name="directory"),
    path("agencies/export.csv", views.export_csv, name="export_csv"),
    path("agencies/export.json", views.export_json, name="export_json"),
    path("agencies/<str:code>/", views.agency, name="agency"),
    path("agencies/<str:code>/claim/", views.claim, name="claim"),
    path("agencies/<str:code>/channels/", views.manage, name="manage"),
    path("agencies/<str:code>/channels/<int:pk>/", views.edit_channel, name="edit_channel"),
    path(
        "agencies/<str:code>/channels/<int:pk>/remove/",
        views.remove_channel,
        name="remove_channel",
    ),
    path("agencies/<str:code>/channels/<int:pk>/resend/", views.resend, name="resend"),
    path("agencies/<str:code>/hours/", views.office_hours, name="office_hours"),
    path("agencies/<str:code>/closures/", views.add_closure, name="add_closure"),
    path(
        "agencies/<str:code>/closures/<int:pk>/remove/",
        views.remove_closure,
        name="remove_closure",
    ),
    path("registry/verify/<str:token>/", views.verify, name="verify"),
    path("registry/claim/<str:token>/", views.claim_confirm, name="claim_confirm"),
    path("registry/welcome/<str:token>/", views.welcome, name="welcome"),
    path("staff/registry/", views.dashboard, name="dashboard"),
    path("staff/registry/completeness.csv", views.dashboard_csv, name="dashboard_csv"),
    path("staff/registry/claims/", views.claims, name="claims"),
    path("staff/registry/claims/<int:pk>/", views.decide_claim, name="decide_claim"),
    path("staff/registry/import/", views.import_upload, name="import"),
    path("staff/registry/import/<int:pk>/", views.import_job, name="import_job"),
]

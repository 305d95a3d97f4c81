from django.urls import path

from eservice.documents import views

app_name = "documents"
urlpatterns = [
    path("documents/verify/", views.check, name="check"),
    path("documents/verify/<str:token>/", views.verify, name="verify"),
    path("licences/", views.register, name="register"),
    path("licences/register.<str:fmt>", views.register_download, name="register_download"),
    path("documents/ca.pem", views.ca_certificate, name="ca_certificate"),
    path("documents/ca.crl", views.ca_crl, name="ca_crl"),
    path("track/<str:token>/documents/", views.mine, name="mine"),
    path("track/<str:token>/documents/<str:document>.pdf", views.mine_pdf, name="mine_pdf"),
    path("staff/documents/", views.staff_list, name="staff_list"),
    path("staff/documents/templates/", views.templates, name="templates"),
    path(
        "staff/documents/templates/<int:service>/new/",
        views.template_edit,
        name="template_new",
    ),
    path(
        "staff/documents/templates/<int:service>/<int:pk>/",
        views.template_edit,
        name="template_edit",
    ),
    path("staff/documents/issue/<str:reference>/", views.issue_now, name="issue_now"),
    path("staff/documents/<str:token>/", views.staff_detail, name="staff_detail"),
    path("staff/documents/<str:token>/pdf", views.staff_pdf, name="staff_pdf"),
    path("staff/documents/<str:token>/print", views.staff_print, name="staff_print"),
    path("staff/documents/<str:token>/revoke", views.revoke, name="revoke"),
    path("staff/documents/<str:token>/reissue", views.reissue, name="reissue"),
]

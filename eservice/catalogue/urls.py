from django.urls import path

from eservice.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("services/", views.search, name="search"),
    path("services/<int:service_id>/", views.service, name="service"),
    path("services/<int:service_id>/v<int:number>/", views.service, name="version"),
    path("services/<int:service_id>/manual.pdf", views.manual_pdf, name="manual_pdf"),
    path(
        "services/<int:service_id>/v<int:number>/manual.pdf",
        views.manual_pdf,
        name="version_pdf",
    ),
    path("places", views.places, name="places"),
    path("staff/services/", views.staff_list, name="staff_list"),
    path("staff/services/new", views.staff_new, name="staff_new"),
    path("staff/services/<int:service_id>/", views.staff_edit, name="staff_edit"),
    path("staff/services/<int:service_id>/publish", views.staff_publish, name="publish"),
    path("staff/services/<int:service_id>/suspend", views.staff_suspend, name="suspend"),
    path("staff/services/<int:service_id>/form/", views.builder_page, name="builder"),
    path(
        "staff/services/<int:service_id>/form/fields/<slug:key>",
        views.builder_field,
        name="builder_field",
    ),
    path(
        "staff/services/<int:service_id>/form/change", views.builder_change, name="builder_change"
    ),
    path(
        "staff/services/<int:service_id>/form/export", views.builder_export, name="builder_export"
    ),
    path(
        "staff/services/<int:service_id>/form/import", views.builder_import, name="builder_import"
    ),
]

from django.urls import path

from eservice.intake import apply, views

app_name = "intake"
urlpatterns = [
    path("services/<int:service_id>/apply/", apply.apply, name="apply"),
    path("apply/<str:key>/", apply.resume, name="resume"),
    path("apply/<str:key>/<int:step>/", apply.apply_step, name="apply_step"),
    path("submitted/<str:token>/", apply.submitted, name="submitted"),
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/receipt.pdf", views.receipt, name="receipt"),
    path("track/<str:token>/paper/", views.paper, name="paper"),
    path("staff/intake/held/", views.holding_pen, name="holding_pen"),
    path("staff/intake/held/<int:pk>/", views.held_message, name="held_message"),
    path("staff/intake/acknowledgements/", views.acknowledgements, name="acknowledgements"),
]

from django.urls import path

from eservice.intake import views

app_name = "intake"
urlpatterns = [
    path("track/<str:token>/", views.track, name="track"),
    path("track/<str:token>/receipt.pdf", views.receipt, name="receipt"),
    path("track/<str:token>/paper/", views.paper, name="paper"),
]

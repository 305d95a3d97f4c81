from django.urls import path

from eservice.intake import views

app_name = "intake"
urlpatterns = [
    path("track/<str:token>/", views.track, name="track"),
]

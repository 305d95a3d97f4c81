from django.urls import path

from eservice.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("places", views.places, name="places"),
]

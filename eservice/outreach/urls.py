from django.urls import path

from eservice.outreach import views

app_name = "outreach"
urlpatterns = [
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/test/", views.send_test, name="send_test"),
    path("outbox/<int:mail_id>/", views.message, name="message"),
]

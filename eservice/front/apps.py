from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "eservice.front"
    label = "front"
    verbose_name = "Public pages"

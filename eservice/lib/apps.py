from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "eservice.lib"
    label = "lib"
    verbose_name = "Platform"

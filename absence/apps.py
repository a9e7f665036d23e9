from django.apps import AppConfig


class AbsenceConfig(AppConfig):
    name = "absence"

"""The handbook app: the personnel handbook and policy, reviewed by the PVT (to come)."""

from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "handbook"

"""The development app: annual development interviews, training and professional (SKJ) registration
(to come)."""

from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"

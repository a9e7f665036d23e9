"""Settings for a developer's machine and `make demo`: DEBUG on unless the environment says
otherwise."""

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import env

DEBUG = env.bool("DEBUG", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import warnings  # noqa: E402

# whitenoise looks for collected files; here they come from the app folders (finders)
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
WHITENOISE_USE_FINDERS = True

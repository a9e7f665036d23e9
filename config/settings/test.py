"""Settings for the test suite: fast password hashing, e-mail kept in memory, tasks in-process, a
throw-away media folder."""

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# Tests opt in to the real broker (marker "redis"); the rest run tasks eagerly.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
WHITENOISE_USE_FINDERS = True  # tests and Playwright get CSS and JS without collectstatic

import warnings  # noqa: E402

# whitenoise looks for collected files; here they come from the app folders (finders)
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import tempfile  # noqa: E402

# uploaded case documents go to a throw-away folder, never into the working copy
MEDIA_ROOT = tempfile.mkdtemp(prefix="plusteam-test-media-")

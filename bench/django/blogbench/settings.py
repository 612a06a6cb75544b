# A minimal Django 3.2 blog for scripts/bench.mjs to measure Manifold against: the same posts (exported by the
# bench from its database, bodies as the HTML Manifold renders), a home page with the 10 latest and a post page,
# production settings (DEBUG off) and no cache of any kind, served by gunicorn's sync workers. Not an app of the
# project: it exists only to give the "uncached Django" figure on the same machine.
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Only ever served on 127.0.0.1 by the bench; nothing here is secret.
SECRET_KEY = "manifold-bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = ["blogbench"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "blogbench.urls"
WSGI_APPLICATION = "blogbench.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]

# The bench writes the database next to its own (data/bench/django.db) and names it here.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DJANGO_DB", str(BASE_DIR / "django.db")),
    }
}

LANGUAGE_CODE = "ko"
TIME_ZONE = "UTC"
USE_I18N = False
USE_L10N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

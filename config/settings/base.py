"""Settings shared by every environment.

Everything that varies between machines is read from the environment (or a .env file) through
django-environ; with no configuration at all the project runs on embedded defaults: SQLite,
local-memory cache, eager Celery, media on local disk and console e-mail. See .env.example.
"""
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "apps"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(str(BASE_DIR / ".env"))

# --- core -----------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
# Key rotation: the previous keys (comma-separated), still accepted for what they signed (sessions, password reset
# and e-mail links, unsubscribe and newsletter links) while new things are signed with DJANGO_SECRET_KEY.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Trusted proxies in front of the app that append to X-Forwarded-For (0: REMOTE_ADDR is the client). The one rule
# for the client IP (apps/core/client_ip.py): throttles, axes lockouts, the audit log, newsletter and metrics.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
SITE_ID = 1

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "django_filters",
    "corsheaders",
    "csp",
    "axes",
    "django_htmx",
    "treebeard",
    "django_celery_beat",
    "django_prometheus",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.mfa",
]
LOCAL_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.shops",
    "apps.catalog",
    "apps.search",
    "apps.cart",
    "apps.vouchers",
    "apps.orders",
    "apps.payments",
    "apps.reviews",
    "apps.notifications",
    "apps.blog",
    "apps.analytics",
    "apps.integrations",
]
# The admin comes last so that our apps' templates may override its pages.
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS + ["django.contrib.admin"]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "apps.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.core.middleware.StaffTwoFactorMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    # axes last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "apps.core.context_processors.site",
            ],
            "builtins": ["apps.core.templatetags.money"],
        },
    }
]

# --- database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Persistent connections: a new connection per request halves a DB-bound view (docs/benchmarks.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's cost of a random page read. PostgreSQL's default (4) assumes spinning disks and makes it
    # scan the whole search table for a word in 20% of the products instead of using the GIN index (2x slower
    # measured, docs/benchmarks.md); 1.1 is the usual value for SSDs and data that fits in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=" + env(
        "DATABASE_RANDOM_PAGE_COST", default="1.1")
    # Server-side parameter binding lets psycopg prepare a statement the connection runs often (after
    # prepare_threshold runs) and skip PostgreSQL's planning of it from then on: planning a cart's five-table
    # join took 1.1 ms against 0.1 ms to run it (docs/benchmarks.md). Off behind a PgBouncer < 1.21 in
    # transaction mode, which cannot keep a connection's prepared statements.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # transactions are short and live in services
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Database timings for /metrics: django-prometheus wraps the real backend.
# (PostgreSQL only: pytest-django recognises SQLite's in-memory test database by its engine name.)
if IS_POSTGRES:
    DATABASES["default"]["ENGINE"] = "django_prometheus.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions --------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_prometheus.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cho"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                # With Redis down the store keeps serving: cache misses instead of 500s.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django_prometheus.cache.backends.locmem.LocMemCache", "LOCATION": "cho"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}  # apps add theirs in apps/<app>/schedules.py (merged by config/celery_app.py)
# Workers log through LOGGING below (request id, JSON in production, personal data redacted): by default Celery
# replaces the root logger's handlers with its own, which would drop the redaction in every worker and beat.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.PhoneOrEmailBackend",
    "apps.accounts.backends.AllauthBackend",  # allauth's backend, refusing suspended users
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.LettersAndDigitsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth (storefront sign-up by e-mail, social login, MFA)
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
SOCIALACCOUNT_PROVIDERS = {
    "google": {
        "APPS": [{"client_id": env("GOOGLE_CLIENT_ID", default=""), "secret": env("GOOGLE_CLIENT_SECRET", default=""), "key": ""}],
        "SCOPE": ["profile", "email"],
    },
    "github": {
        "APPS": [{"client_id": env("GITHUB_CLIENT_ID", default=""), "secret": env("GITHUB_CLIENT_SECRET", default=""), "key": ""}],
        "SCOPE": ["user:email"],
    },
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# django-axes: lockout per account and IP after repeated failures
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler" if REDIS_URL else "axes.handlers.database.AxesDatabaseHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "apps.core.client_ip.client_ip"  # NUM_PROXIES, like everything else

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "apps.integrations.authentication.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.core.throttles.AnonRateThrottle",
        "apps.core.throttles.RoleRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="300/min"),
        "user": env("THROTTLE_USER", default="600/min"),
        "auth": env("THROTTLE_AUTH", default="10/min"),
        "otp": env("THROTTLE_OTP", default="5/min"),
        "checkout": env("THROTTLE_CHECKOUT", default="30/min"),
        "reviews": env("THROTTLE_REVIEWS", default="20/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,  # our throttles use apps/core/client_ip.py; kept equal for DRF's own
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "COERCE_DECIMAL_TO_STRING": True,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ API",
    "DESCRIPTION": "REST API of Chợ, the multi-vendor marketplace. Authenticate with `Authorization: Bearer <access_token>` "
    "from POST /api/v1/auth/login. Every error has the shape "
    '`{"error": {"code": "...", "message": "...", "details": {...}}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Several apps have a field called "status" (or "provider"); give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "apps.orders.domain.OrderStatus",
        "OrderPaymentStatusEnum": "apps.orders.domain.PaymentStatus",
        "PaymentMethodEnum": "apps.orders.domain.PaymentMethod",
        "ShippingMethodEnum": "apps.orders.domain.ShippingMethod",
        "PaymentStatusEnum": "apps.payments.models.PaymentStatus",
        "RefundStatusEnum": "apps.payments.models.RefundStatus",
        "ShopStatusEnum": "apps.shops.models.ShopStatus",
        "ProductStatusEnum": "apps.catalog.models.ProductStatus",
        "ImportStatusEnum": "apps.catalog.models.ImportStatus",
        "BlogPostStatusEnum": "apps.blog.models.PostStatus",
        "EmailStatusEnum": "apps.notifications.models.EmailStatus",
        "SubscriberStatusEnum": "apps.notifications.models.SubscriberStatus",
        "CampaignStatusEnum": "apps.notifications.models.CampaignStatus",
        "NotificationCategoryEnum": "apps.notifications.models.Category",
        "VoucherTypeEnum": "apps.vouchers.domain.VoucherType",
        "VoucherScopeEnum": "apps.vouchers.domain.VoucherScope",
        "VoucherAudienceEnum": "apps.vouchers.domain.VoucherAudience",
        "UserRoleEnum": "apps.accounts.models.Role",
        "ReviewStatusEnum": "apps.reviews.domain.ReviewStatus",
    },
}
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# Marketplace settings: nothing is hard-wired to Vietnam.
DEFAULT_CURRENCY = env("DEFAULT_CURRENCY", default="VND")
PHONE_REGION = env("PHONE_REGION", default="VN")
from decimal import Decimal  # noqa: E402

VAT_RATE = Decimal(env("VAT_RATE", default="0.10"))
PRICES_INCLUDE_TAX = env.bool("PRICES_INCLUDE_TAX", default=True)

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # MinIO: http://minio:9000
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- e-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Chợ <no-reply@cho.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- SMS (phone OTP) --------------------------------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="apps.accounts.sms.LogSmsBackend")
SMS_API_URL = env("SMS_API_URL", default="")
SMS_API_KEY = env("SMS_API_KEY", default="")
# `check --deploy` refuses LogSmsBackend (it logs the codes) unless this says a deployment sends no SMS on purpose.
SMS_ALLOW_LOG_BACKEND = env.bool("SMS_ALLOW_LOG_BACKEND", default=False)

# --- payments (a provider without keys is not offered) ----------------------------------------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
PAYPAL_CLIENT_ID = env("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = env("PAYPAL_CLIENT_SECRET", default="")
PAYPAL_WEBHOOK_ID = env("PAYPAL_WEBHOOK_ID", default="")
PAYPAL_ENVIRONMENT = env("PAYPAL_ENVIRONMENT", default="sandbox")
MOMO_PARTNER_CODE = env("MOMO_PARTNER_CODE", default="")
MOMO_ACCESS_KEY = env("MOMO_ACCESS_KEY", default="")
MOMO_SECRET_KEY = env("MOMO_SECRET_KEY", default="")
MOMO_ENDPOINT = env("MOMO_ENDPOINT", default="https://test-payment.momo.vn")
# Which methods checkout offers: the payments app's gateway registry (cod and bank transfer always).
PAYMENT_METHODS_AVAILABLE = "apps.payments.gateways.available_methods"
BANK_TRANSFER_ACCOUNT = {
    "bank_bin": env("BANK_BIN", default="970436"),
    "bank_name": env("BANK_NAME", default="Vietcombank"),
    "account_number": env("BANK_ACCOUNT_NUMBER", default="0011004000000"),
    "account_name": env("BANK_ACCOUNT_NAME", default="CONG TY CHO"),
}

# --- security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default behaviour
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(self)"

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "https://js.stripe.com", "https://www.paypal.com"],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com", "https://www.paypal.com"],
        "frame-src": [SELF, "https://js.stripe.com", "https://hooks.stripe.com", "https://www.paypal.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, "https://accounts.google.com", "https://github.com"],
        "frame-ancestors": [NONE],
    }
}
# A policy to trial a change with before enforcing it (browsers report, block nothing); none by default.
CONTENT_SECURITY_POLICY_REPORT_ONLY = None

# --- logging ----------------------------------------------------------------------------------
LOG_JSON = env.bool("LOG_JSON", default=False)
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "apps.core.logging.RequestIdFilter"},
        "redact": {"()": "apps.core.logging.RedactFilter"},
    },
    "formatters": {
        "json": {"()": "apps.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO", "propagate": True},
        "django_redis": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
SENTRY_DSN = env("SENTRY_DSN", default="")
# /metrics (Prometheus) is never public: a bearer token, an allowed scraper IP, or a staff session.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
# Celery workers expose their task metrics on this port when set (each worker its own /metrics).
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)

# --- marketplace behaviour knobs (documented in .env.example) ---------------------------------
ORDER_AUTO_COMPLETE_DAYS = env.int("ORDER_AUTO_COMPLETE_DAYS", default=7)
UNPAID_ORDER_EXPIRY_MINUTES = env.int("UNPAID_ORDER_EXPIRY_MINUTES", default=30)
REVIEW_REQUEST_DAYS = env.int("REVIEW_REQUEST_DAYS", default=3)
GUEST_CART_MAX_AGE_DAYS = env.int("GUEST_CART_MAX_AGE_DAYS", default=30)

# Tuning read by the apps as getattr(settings, NAME, default): the same defaults here, so that each can be set
# from the environment (.env.example explains them). None / empty means "the app's own default".
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=True)
OTP_SECRET = env("OTP_SECRET", default="")  # empty: SECRET_KEY
GOOGLE_EXTRA_CLIENT_IDS = env.list("GOOGLE_EXTRA_CLIENT_IDS", default=[])
API_KEY_ROTATION_GRACE_HOURS = env.int("API_KEY_ROTATION_GRACE_HOURS", default=24)
PAYMENTS_HTTP_TIMEOUT = env.float("PAYMENTS_HTTP_TIMEOUT", default=20.0)
PAYMENTS_RETRY_ATTEMPTS = env.int("PAYMENTS_RETRY_ATTEMPTS", default=3)
PAYMENTS_RETRY_BASE_DELAY = env.float("PAYMENTS_RETRY_BASE_DELAY", default=0.5)
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
PAYPAL_CURRENCY = env("PAYPAL_CURRENCY", default="USD")
PAYPAL_FX_RATES = env.json("PAYPAL_FX_RATES", default={"VND": "0.000039"})
PAYPAL_BRAND_NAME = env("PAYPAL_BRAND_NAME", default="Chợ")
MOMO_LANG = env("MOMO_LANG", default="vi")
DELIVERY_DAYS = env.dict("DELIVERY_DAYS", cast={"value": int}, default={})  # standard=4;express=1
CART_REMINDER_HOURS = env.int("CART_REMINDER_HOURS", default=24)
CATALOG_IMPORT_INLINE_BYTES = env.int("CATALOG_IMPORT_INLINE_BYTES", default=64 * 1024)
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=300)
SEARCH_PRICE_BUCKETS = env.list("SEARCH_PRICE_BUCKETS", default=[])  # empty: per DEFAULT_CURRENCY
REVIEW_BLOCKED_WORDS = env.list("REVIEW_BLOCKED_WORDS", default=None)  # None: reviews.domain.DEFAULT_BLOCKED_WORDS
REVIEW_EDIT_DAYS = env.int("REVIEW_EDIT_DAYS", default=30)
REVIEW_REQUEST_WINDOW_DAYS = env.int("REVIEW_REQUEST_WINDOW_DAYS", default=30)
NOTIFICATIONS_EMAIL_BACKEND = env("NOTIFICATIONS_EMAIL_BACKEND", default=None)  # None: EMAIL_BACKEND
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
BLOG_PAGE_SIZE = env.int("BLOG_PAGE_SIZE", default=12)
BLOG_VIEW_WINDOW_SECONDS = env.int("BLOG_VIEW_WINDOW_SECONDS", default=30 * 60)
BLOG_WORDS_PER_MINUTE = env.int("BLOG_WORDS_PER_MINUTE", default=200)
ANALYTICS_BUFFER_EVENTS = env.bool("ANALYTICS_BUFFER_EVENTS", default=True)
# Seconds a web process holds events before one push (apps/analytics/outbox.py); 0 pushes each at once.
ANALYTICS_OUTBOX_SECONDS = env.float("ANALYTICS_OUTBOX_SECONDS", default=1.0)
ANALYTICS_EVENT_BATCH_SIZE = env.int("ANALYTICS_EVENT_BATCH_SIZE", default=1000)
ANALYTICS_TRENDING_DAYS = env.int("ANALYTICS_TRENDING_DAYS", default=7)
ANALYTICS_TRENDING_HALF_LIFE_HOURS = env.float("ANALYTICS_TRENDING_HALF_LIFE_HOURS", default=48.0)
ANALYTICS_ALSO_BOUGHT_DAYS = env.int("ANALYTICS_ALSO_BOUGHT_DAYS", default=365)
ANALYTICS_MAX_BASKET = env.int("ANALYTICS_MAX_BASKET", default=50)
CSRF_FAILURE_VIEW = "apps.core.views_errors.csrf_failure"
# E-mail uniqueness is case-insensitive, enforced by the accounts_user_email_ci_unique constraint on
# Lower(email); Django's check only recognises unique=True on the field itself.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]

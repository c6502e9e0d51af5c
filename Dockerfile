# syntax=docker/dockerfile:1.7
# Multi-stage: wheels are built in the first stage; the runtime image is slim, non-root and has no compilers.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY requirements/ requirements/
RUN pip wheel --wheel-dir /wheels -r requirements/production.txt

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production \
    PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint's libraries and fonts that render Vietnamese and ₫
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 app
COPY --from=build /wheels /wheels
RUN pip install /wheels/* && rm -rf /wheels
WORKDIR /app
COPY --chown=app:app . .
# collectstatic and compiled translations at build time (dummy secret: nothing is served during the build)
RUN DJANGO_SECRET_KEY=build-only-$(python -c 'import secrets;print(secrets.token_hex(32))') DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput -v 0 \
 && DJANGO_SECRET_KEY=build-only-x DJANGO_ALLOWED_HOSTS=build python manage.py compile_translations -v 0
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
# gthread, 2 workers x 4 threads for 2 cores, persistent DB connections (measured: docs/benchmarks.md);
# scale --workers with the cores, or override with GUNICORN_CMD_ARGS.
# config/gunicorn.py: the access log without one-time tokens, query values or credentials (RedactingLogger).
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", \
     "--worker-class", "gthread", "--max-requests", "2000", "--max-requests-jitter", "200", "--access-logfile", "-"]

# The portal served by gunicorn, static files by WhiteNoise (hashed names, gzip and brotli).
# Build:  docker build -t sgddt .
# Run:    docker run -e SECRET_KEY=… -e DATABASE_URL=postgres://… -e ALLOWED_HOSTS=… -p 8000:8000 sgddt
# Migrate before the first start and after each upgrade:
#         docker run --rm -e … sgddt python manage.py migrate --noinput
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=sgddt.settings.production \
    PORT=8000

# libjpeg/zlib/webp for Pillow's wheels at run time; Pango and DejaVu fonts for PDF reports (WeasyPrint);
# postgresql-client for `manage.py backup` (pg_dump).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client libjpeg62-turbo zlib1g libwebp7 \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 sgddt

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=sgddt:sgddt . .
# collectstatic only reads settings: placeholder values are enough at build time.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput --verbosity 0

USER sgddt
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]

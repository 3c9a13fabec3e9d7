"""gunicorn settings for the portal (used by the Dockerfile and the benchmarks).

Every value can be overridden from the environment (GUNICORN_WORKERS, PORT…).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: the portal's requests are short; 2 per core plus one is gunicorn's usual advice.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak can never take a server down.
# Cached pages are answered thousands of times a second: recycle after many requests, not every second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
# The application logs each request as JSON (sgddt.middleware.RequestLogMiddleware).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
wsgi_app = "sgddt.wsgi:application"

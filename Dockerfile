# quotecheck: the API behind gunicorn, started by the same bin/start as `make run`.

# Build a wheel from setup.cfg, so the image runs the installed package, not a source tree.
FROM python:3.12-slim AS build
WORKDIR /src
COPY setup.cfg pyproject.toml README.md ./
COPY api ./api
COPY schemas ./schemas
COPY db ./db
COPY services ./services
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    DATABASE_URL=sqlite:////data/quotecheck.db

COPY --from=build /wheels /wheels
# The redis extra: RATELIMIT_STORAGE_URI=redis://... shares rate limits across instances.
RUN pip install "$(echo /wheels/*.whl)[redis]" && rm -rf /wheels

WORKDIR /app
COPY bin ./bin
COPY gunicorn.conf.py ./

# A non-root user; /data holds the SQLite database when DATABASE_URL is not set to PostgreSQL.
# A bind-mounted /data must be writable by uid 10001.
RUN useradd --system --uid 10001 --no-create-home quotecheck \
    && mkdir -p /data && chown quotecheck /data
USER quotecheck
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=2)"

CMD ["bin/start"]

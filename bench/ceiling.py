"""The ceilings bench/load.py measures the API against: a tiny Flask app, served by the same
gunicorn.conf.py (worker class, workers, threads) on the same database as the API, whose routes do
one thing each and nothing else (no hooks, no schemas, no auth, no metrics):

- GET  /ceiling/json: a JSON answer, no database (what Flask and gunicorn cost);
- GET  /ceiling/claims/<id>: the claim's row, read with one SQLAlchemy Core primary-key query
  (in a transaction: BEGIN, the query, ROLLBACK);
- GET  /ceiling/claims/<id>/autocommit: the same query without BEGIN and ROLLBACK, as the API
  now reads on PostgreSQL (api/transaction.py); on SQLite the same as the route above;
- POST /ceiling/claims/<id>/annotations: one annotation row, one INSERT in a transaction of its
  own, its status, note and evidence taken from the JSON body.

    DATABASE_URL=... gunicorn -c gunicorn.conf.py 'bench.ceiling:create_app()'
"""

import os
from datetime import date, datetime

from flask import Flask, abort, request
from sqlalchemy import insert, select

from db.base import utcnow
from db.engine import intends_to_write, make_engine
from db.models import Annotation, Claim


def create_app() -> Flask:
    app = Flask(__name__)
    # The API's engine, made the API's way (pool, pre-ping, SQLite pragmas and BEGIN IMMEDIATE).
    engine = make_engine(os.environ["DATABASE_URL"])
    claims, annotations = Claim.__table__, Annotation.__table__
    read_claim = select(claims)
    add_annotation = insert(annotations).returning(annotations.c.id)

    @app.get("/ceiling/json")
    def bare_json():
        return {"status": "ok"}

    @app.get("/ceiling/claims/<int:claim_id>")
    def claim_row(claim_id: int):
        with engine.connect() as conn:
            row = conn.execute(read_claim.where(claims.c.id == claim_id)).mappings().first()
        if row is None:
            abort(404)
        return {name: value.isoformat() if isinstance(value, date | datetime) else value
                for name, value in row.items()}

    autocommit = (engine.execution_options(isolation_level="AUTOCOMMIT")
                  if engine.dialect.name == "postgresql" else engine)

    @app.get("/ceiling/claims/<int:claim_id>/autocommit")
    def claim_row_autocommit(claim_id: int):
        with autocommit.connect() as conn:
            row = conn.execute(read_claim.where(claims.c.id == claim_id)).mappings().first()
        if row is None:
            abort(404)
        return {name: value.isoformat() if isinstance(value, date | datetime) else value
                for name, value in row.items()}

    @app.post("/ceiling/claims/<int:claim_id>/annotations")
    def annotation_row(claim_id: int):
        body = request.get_json()
        status = body["status"]
        with intends_to_write(), engine.begin() as conn:
            annotation_id = conn.execute(add_annotation, {
                "claim_id": claim_id, "status_code": status, "previous_status_code": status,
                "is_correction": False, "note": body.get("note"),
                "evidence": body.get("evidence", []), "author": "bench",
                "created_at": utcnow()}).scalar_one()
        return {"id": annotation_id, "claim_id": claim_id, "status": status}, 201

    return app

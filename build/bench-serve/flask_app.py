"""The reference stack this product replaces: Flask, one global psycopg2
connection, the bucket picked by one SQL query on the segment table.

Run by bench-serve.sh under gunicorn (one sync worker); PGHOST names the
PostgreSQL socket directory.
"""
import datetime
import os

import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)
db = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ.get("PGPORT", "5432"),
                      dbname="postgres", user="postgres")
db.autocommit = True

QUERY = """SELECT voucher_amount FROM segment_buckets
           WHERE country = %s AND segment = %s AND lower_bound <= %s
             AND (upper_bound IS NULL OR %s <= upper_bound)"""


def parse_time(text):
    t = datetime.datetime.fromisoformat(text)
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


@app.post("/voucher")
def voucher():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return jsonify(error="body must be a JSON object"), 400
    segment = body.get("segment_name")
    try:
        if segment == "frequent_segment":
            metric = int(body["total_orders"])
        elif segment == "recency_segment":
            ref = parse_time(body["timestamp"]) if "timestamp" in body else datetime.datetime.now(datetime.timezone.utc)
            metric = (ref - parse_time(body["last_order_ts"])).days
        else:
            return jsonify(error="segment_name must be frequent_segment or recency_segment"), 400
    except (KeyError, TypeError, ValueError) as e:
        return jsonify(error=f"bad field: {e}"), 400
    country = str(body.get("country_code", "")).strip().lower()
    with db.cursor() as cur:
        cur.execute(QUERY, (country, segment, metric, metric))
        row = cur.fetchone()
    if row is None:
        return jsonify(error="country_code: unknown country"), 404
    return jsonify(voucher_amount=row[0])

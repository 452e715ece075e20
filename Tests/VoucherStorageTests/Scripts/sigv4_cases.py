"""Generated S3 requests and botocore's SigV4 signature of each, as JSON.

Usage: sigv4_cases.py COUNT SEED
Prints a JSON list; each case has the request as the Swift signer takes it
(method, host, raw key, query pairs, headers, body as hex, the signing time,
credentials, region) and botocore's canonical request and Authorization
header, made by botocore.auth.S3SigV4Auth with the clock fixed.
"""
import datetime
import json
import random
import sys
from urllib.parse import quote

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

count, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)

# Characters a key may hold that need escaping, beside plain ones.
KEY_CHARS = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/") + \
    list(" !\"#$%&'()*+,:;<=>?@[\\]^`{|}") + ["é", "ü", "日", "本", "€", "😀", "=", "dt=2018-07-21/"]
VALUE_CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789-._~ /+=&?%:,;@") + ["é", "日"]
HEADER_VALUE_CHARS = list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.;:,/=\"'()") + ["  ", "\t"]


def pick(chars, low, high):
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def timestamp():
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc)
    return start + datetime.timedelta(seconds=rng.randint(0, 15 * 365 * 86400))


cases = []
for i in range(count):
    method = rng.choice(["GET", "PUT", "HEAD", "DELETE", "POST", "GET", "GET"])
    host = rng.choice(["127.0.0.1:9000", "s3.us-east-1.amazonaws.com", "bucket.s3.eu-west-1.amazonaws.com",
                       "localhost", "[::1]:4566"])
    key = pick(KEY_CHARS, 0, 24)
    bucket = rng.choice(["history", "my-bucket", "a1b2c3"])
    raw_path = f"/{bucket}/{key}" if rng.random() < 0.7 else f"/{key}"
    query = [(pick(VALUE_CHARS, 1, 10), pick(VALUE_CHARS, 0, 12)) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.3:
        query.append(("list-type", "2"))
    if rng.random() < 0.3 and query:
        query.append((query[0][0], pick(VALUE_CHARS, 0, 5)))  # a repeated name, sorted by value
    headers = []
    for _ in range(rng.randint(0, 5)):
        name = rng.choice(["x-amz-meta-" + pick(list("abcdefghij-"), 1, 8), "Range", "If-Match", "Content-Type",
                           "X-Amz-Checksum-Sha256", "Cache-Control", "x-amz-meta-Mixed-Case"])
        value = rng.choice(["", " "]) + pick(HEADER_VALUE_CHARS, 0, 20) + rng.choice(["", "  "])
        headers.append((name, value))
    body = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 0, 1, 17, 64, 300])))
    token = pick(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+="), 20, 60) if rng.random() < 0.3 else None
    access, secret = "AKIA" + pick(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 16, 16), pick(VALUE_CHARS[:40], 40, 40)
    region = rng.choice(["us-east-1", "eu-west-1", "ap-southeast-2"])
    when = timestamp()

    botocore.auth.get_current_datetime = lambda when=when: when.replace(tzinfo=None)
    url = f"https://{host}" + quote(raw_path, safe="/~")
    request = AWSRequest(method=method, url=url, headers=dict(), data=body, params=query)
    for name, value in headers:
        if name in request.headers:
            request.headers.add_header(name, value)  # a repeated header
        else:
            request.headers[name] = value
    request.headers["Host"] = host
    signer = botocore.auth.S3SigV4Auth(Credentials(access, secret, token), "s3", region)
    request.context["payload_signing_enabled"] = True
    signer.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]
    cases.append({
        "method": method, "host": host, "path": raw_path, "query": [list(p) for p in query],
        "headers": [list(h) for h in headers], "body": body.hex(), "amzDate": when.strftime("%Y%m%dT%H%M%SZ"),
        "accessKey": access, "secret": secret, "token": token, "region": region,
        "canonicalRequest": signer.canonical_request(request), "authorization": authorization,
    })
json.dump(cases, sys.stdout)

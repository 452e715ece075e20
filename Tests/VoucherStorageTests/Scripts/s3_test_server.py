"""A moto S3 server with signature checking, and a fault-injecting proxy in
front of it (plain HTTP and HTTPS), on ephemeral loopback ports, for the
VoucherStorage tests.

Prints one JSON line: {"endpoint", "proxy", "tls", "access_key", "secret",
"ca"}; then reads JSON commands, one a line, and answers each with one
JSON line:
  {"bucket": NAME}                          create a bucket
  {"put": [BUCKET, KEY, PATH]}              upload a file (boto3)
  {"get": [BUCKET, KEY, PATH]}              download an object to a file
  {"fault": KIND, "count": N}               the proxy's next N requests get the
                                            fault: drop, 503, stall, truncate
  {"requests": true}                        requests the proxy has seen
Ends when its standard input closes (the test process ended).

Usage: s3_test_server.py WORKDIR   (the CA and certificate are made there with openssl)
"""
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(name, None)

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from moto.moto_server.threaded_moto_server import ThreadedMotoServer  # noqa: E402

workdir = sys.argv[1]


def make_certificates():
    """A CA, and a certificate for 127.0.0.1 signed by it."""
    ca_key, ca_cert = f"{workdir}/ca.key", f"{workdir}/ca.pem"
    key, csr, cert = f"{workdir}/server.key", f"{workdir}/server.csr", f"{workdir}/server.pem"
    ext = f"{workdir}/san.ext"
    run = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_cert,
        "-days", "2", "-subj", "/CN=voucher test CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
        "-out", cert, "-days", "2", "-extfile", ext)
    return ca_cert, cert, key


server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
moto_port = server.get_host_and_port()[1]
endpoint = f"http://127.0.0.1:{moto_port}"

iam = boto3.client("iam", endpoint_url=endpoint, aws_access_key_id="x", aws_secret_access_key="x")
iam.create_user(UserName="voucher")
iam.put_user_policy(UserName="voucher", PolicyName="all",
                    PolicyDocument=json.dumps({"Version": "2012-10-17",
                                               "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="voucher")["AccessKey"]
s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key["AccessKeyId"],
                  aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

# The proxy: one request at a time per connection, forwarded to moto unchanged.
faults = {"kind": None, "count": 0}
seen = {"requests": 0}
lock = threading.Lock()


def read_message(sock, is_response=False, head_request=False):
    """Reads an HTTP/1.1 message with a Content-Length body; (head bytes, body bytes) or None at EOF."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if head_request:
        length = 0
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n", rest


def take_fault():
    with lock:
        seen["requests"] += 1
        if faults["count"] > 0:
            faults["count"] -= 1
            return faults["kind"]
    return None


def serve_client(client):
    upstream = None
    try:
        while True:
            message = read_message(client)
            if message is None:
                return
            head, body = message
            fault = take_fault()
            if fault == "drop":
                return
            if fault == "503":
                xml = (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                       b"<Message>Please reduce your request rate.</Message><RequestId>FAULT503</RequestId></Error>")
                client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\n"
                               b"x-amz-request-id: FAULT503\r\nContent-Length: " + str(len(xml)).encode() + b"\r\n\r\n" + xml)
                continue
            if fault == "stall":
                time.sleep(30)
                return
            if upstream is None:
                upstream = socket.create_connection(("127.0.0.1", moto_port))
            upstream.sendall(head + body)
            is_head = head.startswith(b"HEAD ")
            response = read_message(upstream, head_request=is_head)
            if response is None:
                return
            rhead, rbody = response
            if fault == "truncate":
                client.sendall(rhead + rbody[: len(rbody) // 2])
                return
            client.sendall(rhead + rbody)
    except OSError:
        pass
    finally:
        client.close()
        if upstream is not None:
            upstream.close()


def listen(context=None):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def accept_loop():
        while True:
            client, _ = listener.accept()
            if context is not None:
                try:
                    client = context.wrap_socket(client, server_side=True)
                except (ssl.SSLError, OSError):
                    client.close()
                    continue
            threading.Thread(target=serve_client, args=(client,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    return listener.getsockname()[1]


ca, cert, cert_key = make_certificates()
tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls_context.load_cert_chain(cert, cert_key)
proxy_port = listen()
tls_port = listen(tls_context)

print(json.dumps({"endpoint": endpoint, "proxy": f"http://127.0.0.1:{proxy_port}", "tls": f"https://127.0.0.1:{tls_port}",
                  "access_key": key["AccessKeyId"], "secret": key["SecretAccessKey"], "ca": ca}), flush=True)

for line in sys.stdin:
    if not line.strip():
        continue
    command = json.loads(line)
    try:
        if "bucket" in command:
            s3.create_bucket(Bucket=command["bucket"])
        elif "put" in command:
            bucket, name, path = command["put"]
            s3.upload_file(path, bucket, name)
        elif "get" in command:
            bucket, name, path = command["get"]
            s3.download_file(bucket, name, path)
        elif "fault" in command:
            with lock:
                faults["kind"], faults["count"] = command["fault"], command.get("count", 1)
        answer = {"ok": True, "requests": seen["requests"]}
    except Exception as error:  # the test shows it
        answer = {"ok": False, "error": repr(error)}
    print(json.dumps(answer), flush=True)
server.stop()

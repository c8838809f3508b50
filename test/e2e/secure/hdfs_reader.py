# A long-running service for the token suite: every INTERVAL seconds it reads an HDFS file through
# WebHDFS with the HDFS delegation token it finds in its container's token file
# (HADOOP_TOKEN_FILE_LOCATION), read afresh each time as a Hadoop client does on a new connection,
# and prints one line per read: "read <n> ok <sequence>" or "read <n> FAILED <sequence> <error>",
# where <sequence> is the token's sequence number, so the test sees which token each read used.
import base64, os, ssl, sys, time, urllib.error, urllib.request


def vlong(buf, pos):
    """WritableUtils.readVLong: one byte, or a length marker then big-endian bytes."""
    head = buf[pos] if buf[pos] < 128 else buf[pos] - 256
    if head >= -112:
        return head, pos + 1
    size = (-119 - head) if head < -120 else (-111 - head)
    raw = int.from_bytes(buf[pos + 1 : pos + size], "big")
    return (~raw if head < -120 else raw), pos + size


def chunk(buf, pos):
    size, pos = vlong(buf, pos)
    return buf[pos : pos + size], pos + size


def current_token():
    """(URL string, sequence number) of the HDFS_DELEGATION_TOKEN in the container's token file."""
    with open(os.environ["HADOOP_TOKEN_FILE_LOCATION"], "rb") as f:
        data = f.read()
    if not data.startswith(b"HDTS"):
        raise ValueError("the token file is not in Hadoop's HDTS format")
    entries, pos = vlong(data, 5)
    for _ in range(entries):
        _, pos = chunk(data, pos)  # alias
        begin = pos
        ident, pos = chunk(data, pos)
        _, pos = chunk(data, pos)  # password
        kind, pos = chunk(data, pos)
        _, pos = chunk(data, pos)  # service
        if kind == b"HDFS_DELEGATION_TOKEN":
            # identifier: version, owner, renewer, real user, issue date, max date, sequence number
            at = 1
            for _ in range(3):
                _, at = chunk(ident, at)
            for _ in range(2):
                _, at = vlong(ident, at)
            sequence, _ = vlong(ident, at)
            return base64.urlsafe_b64encode(data[begin:pos]).rstrip(b"=").decode(), sequence
    raise ValueError("no HDFS_DELEGATION_TOKEN in the token file")


namenode, path, ca_file, interval = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
context = ssl.create_default_context(cafile=ca_file)
n = 0
while True:
    n += 1
    sequence = "?"
    try:
        token, sequence = current_token()
        url = f"{namenode}/webhdfs/v1{path}?op=OPEN&delegation={token}"
        with urllib.request.urlopen(url, context=context, timeout=30) as r:
            r.read()
        print(f"read {n} ok {sequence}", flush=True)
    except urllib.error.HTTPError as e:
        print(f"read {n} FAILED {sequence} HTTP {e.code} {e.read()[:300]!r}", flush=True)
    except Exception as e:  # any other failure is a failed read too
        print(f"read {n} FAILED {sequence} {e!r}", flush=True)
    time.sleep(interval)

# A dask job for the secure e2e suite: a task on a worker reads an HDFS file through WebHDFS with
# the HDFS delegation token from its container's token file (HADOOP_TOKEN_FILE_LOCATION) and no
# Kerberos ticket. The dask env has no pyarrow/fsspec, so the token file (Hadoop's Writable
# "HDTS" format) is parsed here. Exit code 0 only when the task read the expected bytes.
import base64, os, ssl, sys, urllib.request
from dask.distributed import Client


def read_vlong(b, i):
    first = b[i] - 256 if b[i] > 127 else b[i]
    if first >= -112:
        return first, i + 1
    negative = first < -120
    n = -(first + 120) if negative else -(first + 112)
    v = int.from_bytes(b[i + 1 : i + 1 + n], "big")
    return (~v if negative else v), i + 1 + n


def read_field(b, i):
    n, i = read_vlong(b, i)
    return b[i : i + n], i + n


def hdfs_token_url():
    b = open(os.environ["HADOOP_TOKEN_FILE_LOCATION"], "rb").read()
    assert b[:5] == b"HDTS\x00", "not a Writable token storage file"
    count, i = read_vlong(b, 5)
    for _ in range(count):
        _alias, i = read_field(b, i)
        start = i
        _ident, i = read_field(b, i)
        _password, i = read_field(b, i)
        kind, i = read_field(b, i)
        _service, i = read_field(b, i)
        if kind == b"HDFS_DELEGATION_TOKEN":
            return base64.urlsafe_b64encode(b[start:i]).rstrip(b"=").decode()
    raise RuntimeError("no HDFS_DELEGATION_TOKEN in the container's token file")


def read_hdfs(namenode, path, ca_file):
    assert "KRB5CCNAME" not in os.environ or not os.path.exists(os.environ["KRB5CCNAME"])
    url = f"{namenode}/webhdfs/v1{path}?op=OPEN&delegation={hdfs_token_url()}"
    with urllib.request.urlopen(url, context=ssl.create_default_context(cafile=ca_file), timeout=30) as r:
        return r.read().decode()


namenode, path, ca_file, expected = sys.argv[1:5]
client = Client()
text = client.submit(read_hdfs, namenode, path, ca_file, pure=False).result()
print(f"read from HDFS in a task: {text!r}", flush=True)
sys.exit(0 if text == expected else 1)

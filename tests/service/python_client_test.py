"""An independent client of wasmrtd in Python (Debian's python3-grpcio).

Starts the real server on 127.0.0.1 port 0, uploads modules, runs the happy
path (raw and protobuf payloads, typed arguments through the same stubs) and
error paths, and always kills the server at the end.
"""

import argparse
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import grpc
from examples.proto import shapes_pb2
from proto import wasmrt_pb2
from proto import wasmrt_pb2_grpc

ARGS = None


def start_server(data_dir):
    proc = subprocess.Popen(
        [ARGS.wasmrtd, "--listen", "127.0.0.1:0", "--metrics-listen", "",
         "--data-dir", data_dir],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    line = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.startswith(b"listening on ") or not line:
                break
    if not line.startswith(b"listening on "):
        proc.kill()
        proc.wait(10)
        raise RuntimeError("wasmrtd did not start: %r" % line)
    return proc, line.split()[2].decode()


def upload(stub, path, name):
    with open(path, "rb") as f:
        data = f.read()

    def parts():
        yield wasmrt_pb2.UploadRequest(
            header=wasmrt_pb2.UploadHeader(name=name, size_bytes=len(data)))
        for i in range(0, len(data), 1000):
            yield wasmrt_pb2.UploadRequest(chunk=data[i:i + 1000])

    return stub.Upload(parts(), timeout=30)


class PythonClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR"))
        cls.proc, cls.address = start_server(cls.tmp.name)
        cls.channel = grpc.insecure_channel(cls.address)
        cls.modules = wasmrt_pb2_grpc.ModuleServiceStub(cls.channel)
        cls.invoke = wasmrt_pb2_grpc.InvocationServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.proc.send_signal(signal.SIGTERM)
        try:
            code = cls.proc.wait(20)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
            cls.proc.wait(10)
            code = None
        cls.tmp.cleanup()
        assert code == 0, "wasmrtd exit status %r after SIGTERM" % code

    def test_happy_path(self):
        info = upload(self.modules, ARGS.greet, "greet")
        self.assertTrue(info.id.startswith("sha256:"))
        self.assertIn("greet", [e.name for e in info.exports])
        self.assertEqual(list(info.names), ["greet"])

        req = wasmrt_pb2.InvokeRequest(module="greet", function="greet")
        req.payload.type_url = "text/plain"
        req.payload.value = b"python"
        resp = self.invoke.Invoke(req, timeout=30)
        self.assertEqual(resp.WhichOneof("outcome"), "output")
        self.assertEqual(resp.output.value, b"hello, python")
        self.assertEqual(resp.output.type_url, "text/plain")
        self.assertGreater(resp.stats.fuel_used, 0)

        listed = self.modules.List(wasmrt_pb2.ListModulesRequest(), timeout=10)
        self.assertIn(info.id, [m.id for m in listed.modules])

    def test_protobuf_payload(self):
        upload(self.modules, ARGS.shapes, "shapes")
        rect = shapes_pb2.Rect(w=1.5, h=6, label="py")
        req = wasmrt_pb2.InvokeRequest(module="shapes", function="area")
        req.payload.Pack(rect)
        resp = self.invoke.Invoke(req, timeout=30)
        self.assertEqual(resp.WhichOneof("outcome"), "output", resp)
        area = shapes_pb2.Area()
        self.assertTrue(resp.output.Is(shapes_pb2.Rect.DESCRIPTOR))  # type_url echoed
        area.ParseFromString(resp.output.value)
        self.assertEqual(area.area, 9.0)
        self.assertEqual(area.label, "py")

    def test_unknown_module_is_not_found(self):
        req = wasmrt_pb2.InvokeRequest(module="missing", function="f")
        with self.assertRaises(grpc.RpcError) as caught:
            self.invoke.Invoke(req, timeout=10)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_bad_module_is_invalid_argument_with_offset(self):
        def parts():
            yield wasmrt_pb2.UploadRequest(header=wasmrt_pb2.UploadHeader())
            yield wasmrt_pb2.UploadRequest(chunk=b"\0asm\x01\0\0\0\x01\xff")
        with self.assertRaises(grpc.RpcError) as caught:
            self.modules.Upload(parts(), timeout=10)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("offset", caught.exception.details())


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--wasmrtd", required=True)
    parser.add_argument("--greet", required=True)
    parser.add_argument("--shapes", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

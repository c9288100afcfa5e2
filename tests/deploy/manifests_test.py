#!/usr/bin/python3
"""Checks the deployment files without a cluster or a container engine.

Parses every YAML document in deploy/k8s/ and docker/compose.yaml (Debian's
python3-yaml) and the instructions of docker/Dockerfile, then checks what
must hold for them to work together: the kinds and API versions, probes on
the gRPC port, the security settings, resources, selectors that match the pod
labels, and ports that agree with the Dockerfile's EXPOSE and ENTRYPOINT.

Run by Bazel (`bazel test //tests/deploy:manifests_test`) or directly from
the repository root (`/usr/bin/python3 tests/deploy/manifests_test.py`).
Writes a JUnit-style report to $XML_OUTPUT_FILE when Bazel sets it, so each
check counts as one test case.
"""

import json
import os
import sys
import unittest
from xml.sax.saxutils import quoteattr

import yaml


def _root():
    srcdir = os.environ.get("TEST_SRCDIR")
    if srcdir:
        ws = os.path.join(srcdir, os.environ.get("TEST_WORKSPACE", "wasmrt"))
        if os.path.isdir(os.path.join(ws, "deploy", "k8s")):
            return ws
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


ROOT = _root()
K8S_DIR = os.path.join(ROOT, "deploy", "k8s")
COMPOSE = os.path.join(ROOT, "docker", "compose.yaml")
DOCKERFILE = os.path.join(ROOT, "docker", "Dockerfile")

APP_LABELS = {"app.kubernetes.io/name": "wasmrt", "app.kubernetes.io/component": "server"}

# kind -> the apiVersion this project targets (all GA, Kubernetes 1.24+ for
# the native gRPC probes).
API_VERSIONS = {
    "Deployment": "apps/v1",
    "Service": "v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
    "PersistentVolumeClaim": "v1",
    "Kustomization": "kustomize.config.k8s.io/v1beta1",
}


# ---- Dockerfile --------------------------------------------------------------

def dockerfile_instructions(path):
    """(INSTRUCTION, argument text) of the last stage, continuations joined."""
    lines, current = [], ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if current and line.lstrip().startswith("#"):
                continue  # comments inside a continued instruction
            if line.endswith("\\"):
                current += line[:-1] + " "
                continue
            lines.append(current + line)
            current = ""
    stages = []
    for line in lines:
        word, _, rest = line.strip().partition(" ")
        if word.upper() == "FROM":
            stages.append([])
        stages[-1].append((word.upper(), rest.strip()))
    return stages


def exec_form(text):
    """A JSON-array instruction argument, or None when it is in shell form."""
    text = text.strip()
    if not text.startswith("["):
        return None
    return json.loads(text)


def flag_value(argv, flag):
    value = None
    for i, a in enumerate(argv):
        if a == flag and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith(flag + "="):
            value = a.split("=", 1)[1]
    return value


def port_of(addr):
    return int(addr.rsplit(":", 1)[1])


class Image:
    """What the runtime stage of docker/Dockerfile declares."""

    def __init__(self):
        stages = dockerfile_instructions(DOCKERFILE)
        self.stages = stages
        final = stages[-1]
        self.final = final
        self.base = final[0][1]
        self.expose = set()
        self.user = None
        self.volumes = []
        self.entrypoint = None
        self.cmd = None
        self.healthcheck = None
        for word, arg in final:
            if word == "EXPOSE":
                self.expose |= {int(p.split("/")[0]) for p in arg.split()}
            elif word == "USER":
                self.user = arg
            elif word == "VOLUME":
                self.volumes += exec_form(arg) or arg.split()
            elif word == "ENTRYPOINT":
                self.entrypoint = exec_form(arg)
            elif word == "CMD":
                self.cmd = exec_form(arg)
            elif word == "HEALTHCHECK":
                self.healthcheck = arg
        ep = self.entrypoint or []
        self.grpc_port = port_of(flag_value(ep, "--listen"))
        self.metrics_port = port_of(flag_value(ep, "--metrics-listen"))
        self.data_dir = flag_value(ep, "--data-dir")


def load_k8s():
    docs = []
    for name in sorted(os.listdir(K8S_DIR)):
        if not name.endswith((".yaml", ".yml")):
            continue
        with open(os.path.join(K8S_DIR, name)) as f:
            for doc in yaml.safe_load_all(f):
                if doc is not None:
                    docs.append((name, doc))
    return docs


def containers_named(pod_spec, name):
    return [c for c in pod_spec.get("containers", []) if c.get("name") == name]


class DockerfileTest(unittest.TestCase):
    def setUp(self):
        self.img = Image()

    def test_multi_stage_on_bookworm(self):
        bases = [s[0][1].split()[0] for s in self.img.stages]
        self.assertGreaterEqual(len(bases), 2)
        self.assertEqual(bases[0], "debian:bookworm")
        self.assertEqual(bases[-1], "debian:bookworm-slim")

    def test_runtime_stage_has_no_build_tools(self):
        runs = " ".join(arg for word, arg in self.img.final if word == "RUN")
        for tool in ("bazel", "g++", "clang", "-dev ", "deps.sh"):
            self.assertNotIn(tool, runs)

    def test_non_root_numeric_user(self):
        self.assertIsNotNone(self.img.user)
        uid = self.img.user.split(":")[0]
        self.assertTrue(uid.isdigit() and int(uid) != 0, self.img.user)

    def test_data_dir_is_a_volume(self):
        self.assertEqual(self.img.volumes, [self.img.data_dir])

    def test_entrypoint_exec_form_listening_on_all_interfaces(self):
        ep = self.img.entrypoint
        self.assertIsNotNone(ep, "ENTRYPOINT must be in exec form (server is PID 1)")
        self.assertEqual(ep[0], "wasmrtd")
        self.assertTrue(flag_value(ep, "--listen").startswith("0.0.0.0:"))
        self.assertTrue(flag_value(ep, "--metrics-listen").startswith("0.0.0.0:"))
        self.assertIsNotNone(self.img.cmd, "CMD must be in exec form")

    def test_expose_matches_listen_ports(self):
        self.assertEqual(self.img.expose, {self.img.grpc_port, self.img.metrics_port})

    def test_healthcheck_uses_wasmctl_health(self):
        hc = self.img.healthcheck
        self.assertIsNotNone(hc)
        cmd = exec_form(hc[hc.index("CMD") + 3:])
        self.assertIsNotNone(cmd, "HEALTHCHECK CMD must be in exec form, not a shell")
        self.assertEqual(cmd[0], "wasmctl")
        self.assertEqual(cmd[-1], "health")
        self.assertEqual(port_of(flag_value(cmd, "--server")), self.img.grpc_port)

    def test_dockerignore(self):
        with open(os.path.join(ROOT, ".dockerignore")) as f:
            patterns = {l.strip() for l in f if l.strip() and not l.startswith("#")}
        self.assertIn("bazel-*", patterns)
        self.assertIn(".git", patterns)


class ComposeTest(unittest.TestCase):
    def setUp(self):
        self.img = Image()
        with open(COMPOSE) as f:
            self.compose = yaml.safe_load(f)
        self.svc = self.compose["services"]["wasmrtd"]

    def test_build_uses_the_dockerfile(self):
        build = self.svc["build"]
        ctx = os.path.normpath(os.path.join(os.path.dirname(COMPOSE), build["context"]))
        self.assertEqual(ctx, os.path.normpath(ROOT))
        self.assertTrue(os.path.isfile(os.path.join(ctx, build["dockerfile"])))

    def test_named_volume_on_data_dir(self):
        mounts = [v.split(":") for v in self.svc["volumes"]]
        named = [m for m in mounts if m[1] == self.img.data_dir]
        self.assertEqual(len(named), 1, mounts)
        self.assertIn(named[0][0], self.compose.get("volumes") or {})

    def test_ports_match_expose(self):
        targets = {int(str(p).rsplit(":", 1)[1].split("/")[0]) for p in self.svc["ports"]}
        self.assertEqual(targets, self.img.expose)

    def test_limits(self):
        limits = (self.svc.get("deploy") or {}).get("resources", {}).get("limits", {})
        self.assertTrue("cpus" in self.svc or "cpus" in limits)
        self.assertTrue("mem_limit" in self.svc or "memory" in limits)

    def test_healthcheck(self):
        test = self.svc["healthcheck"]["test"]
        self.assertEqual(test[0], "CMD")
        self.assertEqual(test[1], "wasmctl")
        self.assertEqual(test[-1], "health")
        self.assertEqual(port_of(flag_value(test, "--server")), self.img.grpc_port)

    def test_graceful_stop(self):
        self.assertEqual(self.svc.get("stop_signal", "SIGTERM"), "SIGTERM")
        grace = int(str(self.svc["stop_grace_period"]).rstrip("s"))
        drain = int(flag_value(self.svc.get("command", []), "--shutdown-grace-seconds") or 10)
        self.assertGreater(grace, drain)


class KubernetesTest(unittest.TestCase):
    def setUp(self):
        self.img = Image()
        self.docs = load_k8s()
        self.by_kind = {}
        for name, doc in self.docs:
            self.by_kind.setdefault(doc.get("kind"), []).append(doc)

    def one(self, kind):
        docs = self.by_kind.get(kind, [])
        self.assertEqual(len(docs), 1, "expected one %s" % kind)
        return docs[0]

    def pod(self):
        return self.one("Deployment")["spec"]["template"]["spec"]

    def server(self):
        cs = containers_named(self.pod(), "wasmrtd")
        self.assertEqual(len(cs), 1)
        return cs[0]

    def test_every_document_has_kind_api_version_and_name(self):
        self.assertTrue(self.docs)
        for name, doc in self.docs:
            kind = doc.get("kind")
            self.assertIn(kind, API_VERSIONS, name)
            self.assertEqual(doc.get("apiVersion"), API_VERSIONS[kind], name)
            if kind != "Kustomization":
                self.assertTrue(doc.get("metadata", {}).get("name"), name)

    def test_required_kinds_present(self):
        for kind in ("Deployment", "Service", "HorizontalPodAutoscaler",
                     "PodDisruptionBudget", "PersistentVolumeClaim"):
            self.assertIn(kind, self.by_kind)

    def test_kustomization_lists_every_file(self):
        kust = self.one("Kustomization")
        files = {n for n, d in self.docs if d.get("kind") != "Kustomization"}
        self.assertEqual(set(kust["resources"]), files)
        images = {i["name"] for i in kust.get("images", [])}
        self.assertIn(self.server()["image"].split(":")[0], images)

    def test_selector_matches_pod_labels(self):
        dep = self.one("Deployment")
        selector = dep["spec"]["selector"]["matchLabels"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        self.assertEqual(selector, APP_LABELS)
        for k, v in selector.items():
            self.assertEqual(labels.get(k), v)

    def test_probes_use_grpc_health_on_the_grpc_port(self):
        c = self.server()
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            p = c.get(probe)
            self.assertIsNotNone(p, probe)
            if "grpc" in p:
                self.assertEqual(p["grpc"]["port"], self.img.grpc_port, probe)
            else:
                cmd = p["exec"]["command"]
                self.assertEqual(cmd[0], "wasmctl")
                self.assertEqual(cmd[-1], "health")
                self.assertEqual(port_of(flag_value(cmd, "--server")), self.img.grpc_port)

    def test_container_ports_match_expose(self):
        ports = {p["name"]: p["containerPort"] for p in self.server()["ports"]}
        self.assertEqual(set(ports.values()), self.img.expose)
        self.assertEqual(ports["grpc"], self.img.grpc_port)
        self.assertEqual(ports["metrics"], self.img.metrics_port)
        ann = self.one("Deployment")["spec"]["template"]["metadata"].get("annotations", {})
        if "prometheus.io/port" in ann:
            self.assertEqual(int(ann["prometheus.io/port"]), self.img.metrics_port)

    def test_args_do_not_override_listen_addresses(self):
        args = self.server().get("args", [])
        self.assertNotIn("command", self.server(), "keep the image's ENTRYPOINT")
        for flag in ("--listen", "--metrics-listen", "--data-dir"):
            self.assertIsNone(flag_value(args, flag), flag)

    def test_resources(self):
        res = self.server()["resources"]
        for section in ("requests", "limits"):
            self.assertIn("cpu", res[section])
            self.assertIn("memory", res[section])

    def test_security_context(self):
        pod_sc = self.pod()["securityContext"]
        sc = self.server()["securityContext"]
        self.assertTrue(sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")))
        uid = sc.get("runAsUser", pod_sc.get("runAsUser"))
        self.assertEqual(str(uid), self.img.user.split(":")[0])
        self.assertIs(sc["allowPrivilegeEscalation"], False)
        self.assertIs(sc["readOnlyRootFilesystem"], True)
        self.assertEqual(sc["capabilities"]["drop"], ["ALL"])
        self.assertNotIn("add", sc["capabilities"])
        seccomp = sc.get("seccompProfile", pod_sc.get("seccompProfile"))
        self.assertEqual(seccomp["type"], "RuntimeDefault")
        self.assertFalse(sc.get("privileged", False))

    def test_writable_paths_are_volumes(self):
        pod = self.pod()
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in self.server()["volumeMounts"]}
        self.assertIn(self.img.data_dir, mounts)
        self.assertIn("/tmp", mounts)
        for name in mounts.values():
            self.assertIn(name, volumes)
        self.assertIn("emptyDir", volumes[mounts["/tmp"]])

    def test_data_dir_is_the_shared_rwx_claim(self):
        pvc = self.one("PersistentVolumeClaim")
        self.assertEqual(pvc["spec"]["accessModes"], ["ReadWriteMany"])
        self.assertIn("storage", pvc["spec"]["resources"]["requests"])
        name = [m["name"] for m in self.server()["volumeMounts"]
                if m["mountPath"] == self.img.data_dir][0]
        vol = [v for v in self.pod()["volumes"] if v["name"] == name][0]
        self.assertEqual(vol["persistentVolumeClaim"]["claimName"], pvc["metadata"]["name"])
        self.assertNotIn("readOnly", vol["persistentVolumeClaim"])
        # fsGroup makes the volume writable for the non-root user.
        self.assertEqual(str(self.pod()["securityContext"].get("fsGroup")),
                         self.img.user.split(":")[1])

    def test_services_select_the_pods_and_target_named_ports(self):
        services = self.by_kind["Service"]
        self.assertEqual(len(services), 2)
        port_names = {p["name"]: p["containerPort"] for p in self.server()["ports"]}
        headless = [s for s in services if s["spec"].get("clusterIP") == "None"]
        normal = [s for s in services if s["spec"].get("clusterIP") != "None"]
        self.assertEqual(len(headless), 1, "one headless Service (clusterIP: None)")
        self.assertEqual(len(normal), 1)
        for s in services:
            self.assertEqual(s["spec"]["selector"], APP_LABELS)
            for p in s["spec"]["ports"]:
                target = p.get("targetPort", p["port"])
                if isinstance(target, str):
                    self.assertIn(target, port_names)
                else:
                    self.assertIn(target, port_names.values())
            grpc = [p for p in s["spec"]["ports"] if p["name"] == "grpc"]
            self.assertEqual(len(grpc), 1)
            self.assertEqual(grpc[0]["port"], self.img.grpc_port)

    def test_hpa_scales_the_deployment_on_cpu(self):
        hpa = self.one("HorizontalPodAutoscaler")
        dep = self.one("Deployment")
        ref = hpa["spec"]["scaleTargetRef"]
        self.assertEqual((ref["apiVersion"], ref["kind"], ref["name"]),
                         ("apps/v1", "Deployment", dep["metadata"]["name"]))
        self.assertGreaterEqual(hpa["spec"]["minReplicas"], 2)
        self.assertGreater(hpa["spec"]["maxReplicas"], hpa["spec"]["minReplicas"])
        cpu = [m for m in hpa["spec"]["metrics"]
               if m["type"] == "Resource" and m["resource"]["name"] == "cpu"]
        self.assertEqual(len(cpu), 1)
        self.assertEqual(cpu[0]["resource"]["target"]["type"], "Utilization")
        self.assertIn("cpu", self.server()["resources"]["requests"])

    def test_pdb_selects_the_pods_and_allows_disruption(self):
        pdb = self.one("PodDisruptionBudget")
        hpa = self.one("HorizontalPodAutoscaler")
        self.assertEqual(pdb["spec"]["selector"]["matchLabels"], APP_LABELS)
        self.assertLess(pdb["spec"]["minAvailable"], hpa["spec"]["minReplicas"])

    def test_termination_grace_covers_the_drain(self):
        pod = self.pod()
        drain = int(flag_value(self.server().get("args", []), "--shutdown-grace-seconds") or 10)
        pre_stop = self.server().get("lifecycle", {}).get("preStop", {})
        pause = 0
        cmd = pre_stop.get("exec", {}).get("command", [])
        if cmd[:1] == ["sleep"]:
            pause = int(cmd[1])
        self.assertGreater(pod.get("terminationGracePeriodSeconds", 30), drain + pause)


class _Recorder(unittest.TextTestResult):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.cases = []  # (class, name, failure text or None)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.cases.append((test, None))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.cases.append((test, self._exc_info_to_string(err, test)))

    def addError(self, test, err):
        super().addError(test, err)
        self.cases.append((test, self._exc_info_to_string(err, test)))


def write_xml(path, result):
    failed = sum(1 for _, f in result.cases if f)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<testsuites tests="%d" failures="%d" errors="0">' % (len(result.cases), failed),
           '<testsuite name="manifests" tests="%d" failures="%d" errors="0">'
           % (len(result.cases), failed)]
    for test, failure in result.cases:
        cls = type(test).__name__
        out.append('<testcase classname=%s name=%s>' % (quoteattr(cls), quoteattr(test._testMethodName)))
        if failure:
            out.append('<failure message="failed">%s</failure>'
                       % failure.replace("&", "&amp;").replace("<", "&lt;"))
        out.append('</testcase>')
    out += ['</testsuite>', '</testsuites>']
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    runner = unittest.TextTestRunner(verbosity=2, resultclass=_Recorder, stream=sys.stdout)
    result = runner.run(suite)
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        write_xml(xml, result)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())

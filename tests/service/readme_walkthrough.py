"""Runs a README walkthrough against a real wasmrtd and checks what it prints.

The walkthrough is every ```sh block between the lines
"<!-- NAME:begin -->" and "<!-- NAME:end -->" of the README. It runs as one
bash script (set -e) in the directory given, with S (the server's address),
W (wasmctl) and WASMCTL_SERVER set, as the README's setup block sets them.
A command followed by "#=> TEXT" (on its line, or on lines of their own after
it) is expected to print TEXT as one line of its stdout+stderr, in the order
given; "TEXT..." expects a line starting with TEXT. Such a command may fail
(its output is checked instead); any other failing command fails the run.

  readme_walkthrough.py --readme README.md --name typed-walkthrough \
      --wasmrtd PATH --wasmctl PATH --dir REPO_ROOT
  readme_walkthrough.py --self-test   (the checker on blocks written here)
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

EXPECT_ALONE = re.compile(r"^\s*#=>(?: (.*))?$")
EXPECT_AFTER = re.compile(r"\s+#=>(?: (.*))?$")
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")


def extract(readme_text, name):
    """The lines of the ```sh blocks between the markers named `name`."""
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    if readme_text.count(begin) != 1 or readme_text.count(end) != 1:
        raise ValueError("want exactly one %s and one %s" % (begin, end))
    part = readme_text.split(begin, 1)[1].split(end, 1)[0]
    lines, inside = [], False
    for line in part.splitlines():
        if line.strip() == "```sh" and not inside:
            inside = True
        elif line.strip() == "```" and inside:
            inside = False
        elif inside:
            lines.append(line)
    if inside:
        raise ValueError("an unterminated ```sh block")
    return lines


def parse(lines):
    """Steps: [command text, [expected lines]]. Heredoc bodies are text."""
    steps, heredoc = [], None
    for line in lines:
        if heredoc is not None:
            steps.append([line, []])
            if line == heredoc:
                heredoc = None
            continue
        alone = EXPECT_ALONE.match(line)
        if alone:
            if not steps or steps[-1][0].rstrip().endswith("\\"):
                raise ValueError("#=> without a complete command before it: %r" % line)
            steps[-1][1].append(alone.group(1) or "")
            continue
        after = EXPECT_AFTER.search(line)
        command = line[:after.start()] if after else line
        steps.append([command, [after.group(1) or ""] if after else []])
        here = HEREDOC.search(command)
        if here:
            heredoc = here.group(1)
    return steps


def script(steps, outdir):
    """Bash for the steps; a checked step writes its output to outdir/N.out."""
    out = ["set -e"]
    for i, (command, expected) in enumerate(steps):
        if expected:
            out.append("{ %s\n} >%s 2>&1 || true" %
                       (command, shlex.quote(os.path.join(outdir, "%d.out" % i))))
        else:
            out.append(command)
    out.append("echo __walkthrough_done__")
    return "\n".join(out) + "\n"


def matches(expected, line):
    if expected.endswith("..."):
        return line.startswith(expected[:-3])
    return line == expected


def check(steps, outdir):
    """Mismatch descriptions; [] when every expected line was printed."""
    problems = []
    for i, (command, expected) in enumerate(steps):
        if not expected:
            continue
        try:
            with open(os.path.join(outdir, "%d.out" % i)) as f:
                printed = f.read().splitlines()
        except OSError:
            problems.append("%s: did not run" % command)
            continue
        at = 0
        for want in expected:
            while at < len(printed) and not matches(want, printed[at]):
                at += 1
            if at == len(printed):
                problems.append("%s\n  expected the line %r\n  printed %r" %
                                (command, want, printed))
                break
            at += 1
    return problems


def run(lines, cwd, env):
    """Runs the walkthrough; (problems, the script's own output)."""
    steps = parse(lines)
    if not any(expected for _, expected in steps):
        return ["the walkthrough checks nothing (no #=> lines)"], ""
    with tempfile.TemporaryDirectory() as outdir:
        done = subprocess.run(["bash", "-c", script(steps, outdir)], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=300)
        problems = check(steps, outdir)
    if done.returncode != 0 or "__walkthrough_done__" not in done.stdout:
        problems.insert(0, "the walkthrough stopped (exit %d)" % done.returncode)
    return problems, done.stdout


def self_test():
    """The checker fails what it should: each case is (block, problems?)."""
    cases = [
        (["echo hi  #=> hi"], False),
        (["echo hi  #=> ho"], True),
        (["echo 12345  #=> 12..."], False),
        (["echo 12345  #=> 13..."], True),
        (["printf 'a\\nb\\n'", "#=> a", "#=> b"], False),
        (["printf 'b\\na\\n'", "#=> a", "#=> b"], True),  # order counts
        (["false; echo \"exit $?\"  #=> exit 1"], False),
        (["false", "echo never  #=> never"], True),  # an unchecked failure stops it
        (["cat <<'X'", "#=> inside a heredoc is text", "X", "echo ok  #=> ok"], False),
        (["echo quiet"], True),  # nothing checked
    ]
    failures = 0
    for lines, should_fail in cases:
        problems, _ = run(lines, tempfile.gettempdir(), dict(os.environ))
        if bool(problems) != should_fail:
            print("SELF-TEST FAIL: %r gave %r" % (lines, problems))
            failures += 1
    return failures


def start_server(wasmrtd, data_dir):
    log = open(os.path.join(data_dir, "log"), "w")
    server = subprocess.Popen(
        [wasmrtd, "--listen", "127.0.0.1:0", "--metrics-listen", "", "--data-dir",
         os.path.join(data_dir, "data")],
        stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if line.startswith("listening on "):
            return server, line.split()[-1]
        if not line and server.poll() is not None:
            break
    server.kill()
    raise RuntimeError("wasmrtd did not start; log in %s" % log.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--readme")
    parser.add_argument("--name")
    parser.add_argument("--wasmrtd")
    parser.add_argument("--wasmctl")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.self_test:
        failures = self_test()
        print("self-test: %s" % ("PASS" if failures == 0 else "%d FAILED" % failures))
        return 1 if failures else 0
    with open(args.readme) as f:
        lines = extract(f.read(), args.name)
    data_dir = tempfile.mkdtemp(prefix="walkthrough")
    server, address = start_server(args.wasmrtd, data_dir)
    try:
        env = dict(os.environ, S=address, W=args.wasmctl, WASMCTL_SERVER=address)
        problems, output = run(lines, args.dir, env)
    finally:
        server.kill()
        server.wait()
    if problems:
        print(output)
        print("\n".join("FAIL: " + p for p in problems))
        with open(os.path.join(data_dir, "log")) as f:
            print("--- wasmrtd log ---\n" + f.read())
        return 1
    checked = sum(len(expected) for _, expected in parse(lines))
    print("PASS: %d lines of the walkthrough, %d expected lines checked" % (len(lines), checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())

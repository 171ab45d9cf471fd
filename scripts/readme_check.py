#!/usr/bin/env python3
"""Compiles and runs every Rust block of README.md as a reader would paste it.

A fresh crate gets exactly the `[dependencies]` lines of the README's Install
section (the local `apierror` stands in for the published one through
`[patch.crates-io]`, so the lines stay as written), and each ```rust block
becomes one example: pasted whole when it has a `fn main`, else inside one, as
rustdoc does. No hidden `# ` lines: a block that does not compile as shown fails.
Blocks marked `no_run` are built, not run. An ```ftl block whose first line is
`# path/to/file.ftl` is written to that path of the crate (the Fluent files the
Localization section's example reads).

Usage: scripts/readme_check.py [README.md]   (CARGO_TARGET_DIR is honoured)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FENCE = re.compile(r"^```(\S*)\s*$")


def blocks(markdown):
    """Yields (info string, code, first line number, section heading) per fenced block."""
    section, info, start, lines = "", None, 0, []
    for number, line in enumerate(markdown.splitlines(), 1):
        fence = FENCE.match(line)
        if info is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif fence:
                info, start, lines = fence.group(1), number + 1, []
        elif fence and not fence.group(1):
            yield info, "\n".join(lines) + "\n", start, section
            info = None
        else:
            lines.append(line)


def dependencies(markdown):
    """The Install section's `[dependencies]` lines, its toml blocks merged: a later
    block adds crates, and to `apierror` it adds features (read off `features = [...]`)."""
    lines, features = {}, []
    for info, code, _, section in blocks(markdown):
        if section != "Install" or info != "toml":
            continue
        for line in code.splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith("["):
                continue
            name = line.split("=")[0].strip()
            if name == "apierror":
                features += re.findall(r'"([\w-]+)"', line.split("features", 1)[-1]) if "features" in line else []
            elif name in lines:
                sys.exit(f"README Install section names `{name}` twice")
            lines[name] = line
    if "apierror" in lines:
        lines["apierror"] = f'apierror = {{ version = "0.1", features = {sorted(set(features))!r} }}'.replace("'", '"')
    return list(lines.values())


def rust_examples(markdown):
    for info, code, line, _ in blocks(markdown):
        tags = info.split(",")
        if tags[0] != "rust" or "ignore" in tags or "compile_fail" in tags:
            continue
        hidden = [l for l in code.splitlines() if l == "#" or l.startswith("# ")]
        if hidden:
            sys.exit(f"README.md:{line}: hidden `# ` lines ({hidden[0]!r}): readers see them as-is")
        # A block with tests is a test file; one without `fn main` goes inside one.
        if "#[test]" not in code and not re.search(r"^\s*(async\s+)?fn main\(", code, re.M):
            code = "fn main() {\n" + code + "}\n"
        yield line, code, "no_run" not in tags


def fluent_files(markdown):
    """The ```ftl blocks that name their file on their first line: (path, text)."""
    for info, code, line, _ in blocks(markdown):
        first = code.split("\n", 1)[0]
        if info == "ftl" and first.startswith("# ") and first.endswith(".ftl"):
            path = first[2:].strip()
            if os.path.isabs(path) or ".." in path.split("/"):
                sys.exit(f"README.md:{line}: an ftl block's file must be inside the crate")
            yield path, code


def write_crate(directory, deps, examples, files=()):
    manifest = ["[package]", 'name = "readme-check"', 'version = "0.0.0"', 'edition = "2024"',
                "publish = false", "", "[dependencies]", *deps, "", "[patch.crates-io]",
                f'apierror = {{ path = "{ROOT}/runtime" }}',
                f'apierror-derive = {{ path = "{ROOT}/macros" }}', "",
                # A block that warns as pasted is not a good example; `unused` is allowed,
                # as rustdoc allows it in doc tests (a snippet declares more than it uses).
                # In the manifest, not RUSTFLAGS, which would rebuild every dependency.
                "[lints.rust]", 'warnings = { level = "deny", priority = -1 }', 'unused = "allow"', ""]
    os.makedirs(os.path.join(directory, "examples"))
    os.makedirs(os.path.join(directory, "tests"))
    os.makedirs(os.path.join(directory, "src"))
    with open(os.path.join(directory, "Cargo.toml"), "w") as f:
        f.write("\n".join(manifest))
    with open(os.path.join(directory, "src", "lib.rs"), "w") as f:
        f.write("")
    for path, text in files:
        os.makedirs(os.path.join(directory, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(directory, path), "w") as f:
            f.write(text)
    # The workspace's lock file, so the check builds the versions the tests built.
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), directory)
    names = []
    for line, code, run in examples:
        name = f"readme_line_{line}"
        folder = "tests" if "#[test]" in code else "examples"
        with open(os.path.join(directory, folder, name + ".rs"), "w") as f:
            f.write(code)
        names.append((name, run and folder == "examples"))
    return names


def main():
    readme = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "README.md")
    markdown = open(readme, encoding="utf-8").read()
    deps = dependencies(markdown)
    examples = list(rust_examples(markdown))
    if not deps or not examples:
        sys.exit("README.md: no Install dependencies or no rust blocks found")
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    with tempfile.TemporaryDirectory(prefix="readme-check-") as directory:
        names = write_crate(directory, deps, examples, list(fluent_files(markdown)))
        subprocess.run(["cargo", "build", "--quiet", "--examples"], cwd=directory, env=env, check=True)
        subprocess.run(["cargo", "test", "--quiet", "--no-run"], cwd=directory, env=env, check=True)
        for name, run in names:
            if run:
                # What an example prints is for a reader; shown here only when it fails.
                result = subprocess.run(["cargo", "run", "--quiet", "--example", name], cwd=directory,
                                        env=env, capture_output=True, text=True)
                if result.returncode != 0:
                    sys.exit(f"{name} failed:\n{result.stdout}{result.stderr}")
    ran = sum(run for _, run in names)
    print(f"README: {len(names)} rust blocks compiled in a fresh crate, {ran} run; 0 failed")


if __name__ == "__main__":
    main()

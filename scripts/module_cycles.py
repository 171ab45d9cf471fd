#!/usr/bin/env python3
"""Fails when the modules of a crate import each other in a circle.

Each crate is layered (the map at the top of its lib.rs): a module names only
modules below it. This reads every `crate::…` path of a crate's source (outside
comments and `#[cfg(test)]` modules), resolves names re-exported by lib.rs to the
module that defines them, and reports every strongly connected group of modules.

Usage: scripts/module_cycles.py DIR...   (default: runtime/src macros/src)
"""

import os
import re
import sys


def modules(root):
    found = {}
    for directory, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(directory, name)
                module = os.path.relpath(path, root)[:-3].replace("/mod", "").replace("/", "::")
                found[module] = open(path, encoding="utf-8").read()
    return found


def reexports(lib, known):
    """`pub use module::{A, B as C};` in lib.rs: the name users see -> its module."""
    names = {}
    for match in re.finditer(r"pub use (\w+)::\{?([^;]*?)\}?;", lib):
        if match.group(1) not in known:
            continue
        for name in re.split(r"[,\s]+", match.group(2)):
            if name and name != "self":
                names.setdefault(name.split(" as ")[-1], match.group(1))
    return names


def edges(found):
    known = set(found)
    names = reexports(found.get("lib", ""), known)
    graph = {module: set() for module in known}
    for module, source in found.items():
        if module == "lib":
            continue
        source = re.sub(r"//[^\n]*", "", source).split("#[cfg(test)]")[0]
        targets = []
        for path in re.findall(r"crate::([\w:]+)", source):
            parts = path.split("::")
            prefixes = ("::".join(parts[:i]) for i in range(len(parts), 0, -1))
            targets.append(next((p for p in prefixes if p in known), names.get(parts[0])))
        for group in re.findall(r"use crate::\{([^;]*)\};", source):
            targets += [name if name in known else names.get(name) for name in re.findall(r"\b(\w+)\b", group)]
        for target in targets:
            # A module may use its own submodules and its parent's items freely.
            if target and target != module and not module.startswith(target + "::") \
                    and not target.startswith(module + "::"):
                graph[module].add(target)
    return graph


def cycles(graph):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    failed = False
    for directory in sys.argv[1:] or ["runtime/src", "macros/src"]:
        found = cycles(edges(modules(os.path.join(root, directory))))
        for component in found:
            print(f"{directory}: modules that import each other: {', '.join(component)}")
        failed |= bool(found)
        print(f"{directory}: {'import circles found' if found else 'no import circles'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

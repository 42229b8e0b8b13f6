#!/usr/bin/env python3
"""Prints which server packages each server package uses, and any cycle among them.

    scripts/package-graph.py [FROM>TO ...]

A package uses another when one of its main sources imports or names (in full) a class of it. Edges given as
FROM>TO (short names, "root" for io.signet.server) are left out of the cycle check. Exits 1 when a cycle remains.
"""
import os
import re
import sys

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'server', 'src', 'main', 'java')
ROOT = 'io.signet.server'


def short(package):
    return package[len(ROOT):].lstrip('.') or 'root'


def graph():
    uses = {}
    for directory, _, files in os.walk(os.path.join(BASE, *ROOT.split('.'))):
        for name in files:
            if not name.endswith('.java'):
                continue
            with open(os.path.join(directory, name), encoding='utf-8') as f:
                source = f.read()
            package = short(re.search(r'^package\s+([\w.]+);', source, re.M).group(1))
            targets = uses.setdefault(package, set())
            for sub, _ in re.findall(r'\bio\.signet\.server((?:\.[a-z]\w*)*)\.([A-Z]\w*)', source):
                target = short(ROOT + sub)
                if target != package:
                    targets.add(target)
    return uses


def cycles(uses):
    """Strongly connected components of more than one package (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in uses.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(uses):
        if v not in index:
            visit(v)
    return found


def main():
    uses = graph()
    for package in sorted(uses):
        print(f"{package:10} -> {', '.join(sorted(uses[package])) or '-'}")
    ignored = {tuple(edge.split('>')) for edge in sys.argv[1:]}
    checked = {p: {q for q in targets if (p, q) not in ignored} for p, targets in uses.items()}
    found = cycles(checked)
    print('cycles:', '; '.join(' <-> '.join(c) for c in found) if found else 'none')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())

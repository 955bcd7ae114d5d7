#!/usr/bin/env python3
"""The shape of a command's stdout, for snapshot tests: what a reader or a script relies on, not
the numbers. JSON: the command, the identity's keys, each table's title and its rows' keys. CSV:
each header line. Text: each table's title and column headings (runs of two or more spaces split
columns), then the closing line unless it is a row; digits become # so that values and counts do not matter.

usage: output_shape.py FILE"""
import json
import re
import sys


def digits(s):
    return re.sub(r"\d+(\.\d+)?", "#", s)


def shape(text):
    stripped = text.lstrip()
    if stripped.startswith("{"):
        d = json.loads(text)
        out = [f"json command={d.get('command')} identity={','.join(sorted(d.get('identity', {})))}"]
        for t in d.get("tables", []):
            keys = sorted(t["rows"][0]) if t["rows"] else []
            out.append(f"  table {digits(t['title'])!r} keys={','.join(sorted(t.get('keys', {})))} columns={','.join(keys)}")
        return out
    lines = text.rstrip("\n").split("\n")
    if lines and re.fullmatch(r"[\w.\-]+(,[\w.\-]+)+", lines[0]):
        heads = [lines[0]] + [lines[i + 1] for i, l in enumerate(lines[:-1]) if l == ""]
        return [f"csv {h}" for h in heads]
    out = []
    for i, l in enumerate(lines):
        if i > 0 and re.fullmatch(r"-+( +-+)*", l):
            title = lines[i - 2] if i >= 2 and lines[i - 2] and not re.fullmatch(r"-+( +-+)*", lines[i - 2]) else ""
            cols = " | ".join(c for c in re.split(r"\s{2,}", lines[i - 1].strip()))
            out.append(f"table {digits(title)!r}: {cols}")
    # The closing line (a summary such as "wall time ..."), unless it is a table's last row.
    if not out or (len(lines) >= 2 and lines[-2] == ""):
        out.append(f"last {digits(lines[-1])!r}")
    return out


if __name__ == "__main__":
    print("\n".join(shape(open(sys.argv[1]).read())))

#!/usr/bin/env python3
"""Checks (or with UPDATE_DOCS=1 rewrites) a generated block of a markdown file:
the text between `<!-- BEGIN generated: NAME ... -->` and the next `<!-- END generated -->`
must equal the file GENERATED. Usage: generated_block.py DOC NAME GENERATED"""
import os, re, sys

doc, name, generated = sys.argv[1:4]
text = open(doc).read()
want = open(generated).read()
m = re.search(r"(<!-- BEGIN generated: " + re.escape(name) + r"[^\n]*-->\n)(.*?)(<!-- END generated -->)", text, re.S)
if not m:
    sys.exit(f"{doc}: no generated block '{name}' (<!-- BEGIN generated: {name} ... --> … <!-- END generated -->)")
if m.group(2) == want:
    sys.exit(0)
if os.environ.get("UPDATE_DOCS") == "1":
    open(doc, "w").write(text[: m.start(2)] + want + text[m.end(2):])
    print(f"{doc}: generated block '{name}' rewritten")
    sys.exit(0)
print(f"{doc}: the generated block '{name}' is out of date; what the model gives now:\n{want}")
print(f"  If the change is intended: UPDATE_DOCS=1 make calibration-check, and commit {doc}.")
sys.exit(1)

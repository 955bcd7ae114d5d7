"""Executes every notebook headless (nbclient), in the notebooks folder, against results/.
The notebooks stay without outputs in git: they are executed in memory and not written back.
Fails (exit 1) when a notebook raises, or when a committed notebook carries outputs."""
import glob
import os
import sys

import nbformat
from nbclient import NotebookClient

here = os.path.dirname(os.path.abspath(__file__))
failed = 0
notebooks = sorted(glob.glob(os.path.join(here, "[0-9]*.ipynb")))
for path in notebooks:
    nb = nbformat.read(path, as_version=4)
    if any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
        print(f"{os.path.basename(path)}: committed with outputs; strip them (the PNGs in results/figures are the pictures)")
        failed += 1
        continue
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": here}}).execute()
        print(f"{os.path.basename(path)}: ok")
    except Exception as e:  # noqa: BLE001 - report any failure of the notebook
        print(f"{os.path.basename(path)}: FAILED\n{e}")
        failed += 1
print(f"notebooks: {len(notebooks) - failed} passed, {failed} failed")
sys.exit(1 if failed or not notebooks else 0)

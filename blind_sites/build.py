"""Regenerate every blind archetype site into mirror/sites/ (where the offline mirror serves them): python3 build.py"""
import importlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
OUT = ROOT.parent / "mirror" / "sites"
MODULES = [m for m in sys.argv[1:]] or [p.stem for p in sorted(ROOT.glob("gen_site_*.py"))]

for mod in MODULES:
    site = importlib.import_module(mod).build()
    d = OUT / site.name
    if d.exists():
        shutil.rmtree(d)
    site.write(OUT)
    n_art = sum(1 for r in site.routes if r["type"] == "article")
    print(f"{site.name:22s} routes={len(site.routes):3d} articles={n_art}")

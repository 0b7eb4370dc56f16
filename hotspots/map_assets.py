"""The map's front-end assets, for a closed network: Leaflet and jQuery copied from
their XStatic packages into the app's ``static/`` folder, and every folium element
pointed at those copies (no CDN, no icon fonts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import folium

__all__ = ["STATIC_URL", "ensure_static_assets", "localise"]

#: Where Streamlit serves the app's ``static/`` folder.
STATIC_URL = "/app/static/vendor"


def ensure_static_assets(static_dir: Path) -> Path:
    """Copy Leaflet and jQuery from their XStatic packages into ``static_dir/vendor``
    (once; nothing is downloaded)."""
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet

    vendor = Path(static_dir) / "vendor"
    leaflet_dir = vendor / "leaflet"
    wanted = [leaflet_dir / "leaflet.js", leaflet_dir / "leaflet.css", vendor / "jquery.min.js"]
    if all(p.exists() for p in wanted):
        return vendor
    leaflet_dir.mkdir(parents=True, exist_ok=True)
    source = Path(xleaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copyfile(source / name, leaflet_dir / name)
    shutil.copytree(source / "images", leaflet_dir / "images", dirs_exist_ok=True)
    shutil.copyfile(Path(xjquery.BASE_DIR) / "jquery.min.js", vendor / "jquery.min.js")
    return vendor


_LOCAL_JS = {"leaflet": f"{STATIC_URL}/leaflet/leaflet.js", "jquery": f"{STATIC_URL}/jquery.min.js"}
_LOCAL_CSS = {"leaflet_css": f"{STATIC_URL}/leaflet/leaflet.css"}


def localise(root: folium.Map) -> None:
    """Point every element's scripts and styles at the local copies; drop the rest
    (Bootstrap, icon fonts: unused by this map)."""
    stack = [root]
    while stack:
        element = stack.pop()
        if hasattr(element, "default_js"):
            element.default_js = [
                (k, v) for k, v in _LOCAL_JS.items() if k in dict(element.default_js)
            ]
            element.default_css = [
                (k, v) for k, v in _LOCAL_CSS.items() if k in dict(element.default_css)
            ]
        stack.extend(getattr(element, "_children", {}).values())

"""The manifest and icons: what a phone reads when it installs Steady."""
import io
import math
import re
from pathlib import Path

from PIL import Image

from webapp.pwa.manifest import BACKGROUND_COLOR, THEME_COLOR

REQUIRED = {
    "name": "Steady", "short_name": "Steady", "id": "/", "start_url": "/?source=pwa",
    "scope": "/", "display": "standalone", "theme_color": "#2f6f6a",
    "background_color": "#f6f8f7",
}


def _manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    return response.get_json(force=True)


def _png(client, url):
    with client.get(url) as response:
        assert response.status_code == 200, url
        assert response.mimetype == "image/png", url
        image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG", url
    return image


def test_manifest_has_every_field_a_phone_needs(client):
    manifest = _manifest(client)
    for key, value in REQUIRED.items():
        assert manifest[key] == value, key
    assert manifest["description"]
    assert manifest["lang"] == "en"


def test_manifest_colours_match_the_light_theme():
    stylesheet = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"
    css = stylesheet.read_text(encoding="utf-8")
    light = css.split("@media (prefers-color-scheme: dark)")[0]
    assert f"--accent: {THEME_COLOR};" in light
    assert f"--bg: {BACKGROUND_COLOR};" in light


def test_every_icon_is_a_png_of_its_stated_size(client):
    manifest = _manifest(client)
    purposes = {}
    for icon in manifest["icons"]:
        width, height = map(int, icon["sizes"].split("x"))
        assert icon["type"] == "image/png"
        assert _png(client, icon["src"]).size == (width, height), icon["src"]
        purposes.setdefault(icon["purpose"], set()).add(width)
    assert purposes == {"any": {192, 512}, "maskable": {192, 512}}


def test_maskable_icons_keep_the_leaf_inside_the_safe_zone(client):
    """Android crops maskable icons to any shape within the central 80% circle."""
    for icon in _manifest(client)["icons"]:
        if icon["purpose"] != "maskable":
            continue
        image = _png(client, icon["src"]).convert("RGB")
        size = image.width
        background = image.getpixel((0, 0))
        assert background == (0x2F, 0x6F, 0x6A)
        outside = [
            (x, y) for x in range(0, size, 4) for y in range(0, size, 4)
            if math.dist((x, y), (size / 2, size / 2)) > 0.4 * size
            and max(abs(a - b) for a, b in zip(image.getpixel((x, y)), background, strict=True)) > 8
        ]
        assert outside == [], f"{icon['src']}: mark outside the safe zone at {outside[:3]}"


def test_shortcuts_jump_to_logging_checking_in_and_breathing(client):
    shortcuts = {s["name"]: s for s in _manifest(client)["shortcuts"]}
    assert {name: s["url"] for name, s in shortcuts.items()} == {
        "Log a twitch": "/diary/new",
        "Daily check-in": "/diary/checkin",
        "Breathe now": "/exercises/breathe/calm",
    }
    for shortcut in shortcuts.values():
        (icon,) = shortcut["icons"]
        assert icon["sizes"] == "96x96"
        assert _png(client, icon["src"]).size == (96, 96)


def test_shortcut_urls_are_real_pages(app):
    adapter = app.url_map.bind("localhost")
    with app.test_request_context():
        for shortcut in _manifest(app.test_client())["shortcuts"]:
            endpoint, _args = adapter.match(shortcut["url"])
            assert endpoint in app.view_functions


def test_every_page_links_the_manifest_and_the_apple_touch_icon(client):
    html = client.get("/").get_data(as_text=True)
    # In the page's language: browsers fetch the manifest without cookies.
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in html
    apple = re.search(r'<link rel="apple-touch-icon" sizes="180x180" href="([^"]+)">', html)
    assert apple and _png(client, apple.group(1)).size == (180, 180)
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in html
    assert '<meta name="apple-mobile-web-app-title" content="Steady">' in html


def test_manifest_is_revalidated_not_stale(client):
    first = client.get("/manifest.webmanifest")
    assert first.headers["Cache-Control"] == "no-cache"
    again = client.get("/manifest.webmanifest", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304

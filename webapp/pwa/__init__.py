"""The installable, offline shell: manifest, service worker, offline and install pages."""
from webapp.pwa.views import bp

__all__ = ["bp"]

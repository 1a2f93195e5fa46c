"""The home page, the health check and the shared page furniture."""
from webapp.core.views import bp

__all__ = ["bp"]

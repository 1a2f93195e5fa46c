"""Everything a person owns can leave (the JSON export) and come back (the import)."""
from webapp.portability.views import bp

__all__ = ["bp"]

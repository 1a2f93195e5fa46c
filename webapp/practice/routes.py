"""Both sides of assigned practice on one blueprint, for create_app to register."""
from webapp.practice import client_views, views  # the two sides' routes
from webapp.practice.blueprint import bp

__all__ = ["bp", "client_views", "views"]

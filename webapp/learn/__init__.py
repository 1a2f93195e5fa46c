"""Learn: sourced articles about anxiety twitching, rendered once at app start."""
from webapp.learn.views import bp

__all__ = ["bp"]

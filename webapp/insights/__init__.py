"""Insights, the doctor's summary and exports, read from a person's own diary."""
from webapp.insights import (
    export,  # the export routes, on the same blueprint
    summary_views,  # the questions' routes, on the same blueprint
)
from webapp.insights.views import bp

__all__ = ["bp", "export", "summary_views"]

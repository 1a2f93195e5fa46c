"""Recovery: the checking ledger and urge timer, worry time, the monitoring taper,
the weekly picture and personal experiments. Tools to track, then track less."""
from webapp.recovery import (  # their routes are on bp too
    experiment_views,
    taper_views,
    worry_views,
)
from webapp.recovery.views import bp

__all__ = ["bp", "experiment_views", "taper_views", "worry_views"]

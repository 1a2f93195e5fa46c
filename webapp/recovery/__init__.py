"""Recovery: the checking ledger and urge timer, worry time, the monitoring taper,
the weekly picture and personal experiments. Tools to track, then track less."""
from webapp.recovery.views import bp

__all__ = ["bp"]

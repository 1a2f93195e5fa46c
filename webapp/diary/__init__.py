"""The diary: twitches, daily check-ins, the red-flag screener and the timeline."""
from webapp.diary import checkin_views, doctor_check_views, screener_views  # routes on bp too
from webapp.diary.offline_views import offline_bp
from webapp.diary.views import bp

__all__ = ["bp", "checkin_views", "doctor_check_views", "offline_bp", "screener_views"]

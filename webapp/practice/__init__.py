"""Assigned practice: exercises, checks targets and experiments a therapist
assigns between sessions, counted from what the person does anyway. The routes
are gathered in ``webapp.practice.routes`` (so importing the models, as the
sharing and measures rooms do, never pulls in the views)."""

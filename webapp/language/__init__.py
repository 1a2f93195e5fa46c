"""Which language each request speaks, and the switcher that changes it.

choice.py    the order: the account's choice, this phone's cookie, the browser, English
             (Flask-Babel's locale selector)
headers.py   Content-Language and Vary on every answer whose words followed that choice
views.py     POST /language, the switcher at the foot of every page (forms.py, services.py)
dates.py     dates and times a person reads, by Babel in the page's language
templating.py  what templates use: the switcher's languages, its return address, |when
"""
from webapp.language.views import bp

__all__ = ["bp"]

"""The red-flag questions and the advice each "yes" leads to.

Urgency is ordered: emergency first. The wording never says a symptom is
"just anxiety"; it sends the person to a clinician."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

EMERGENCY, THIS_WEEK, APPOINTMENT = "emergency", "this_week", "appointment"
URGENCY_ORDER = (EMERGENCY, THIS_WEEK, APPOINTMENT)
URGENCY_TITLES = {
    EMERGENCY: _l("Get emergency help now"),
    THIS_WEEK: _l("See a doctor this week"),
    APPOINTMENT: _l("Book an appointment with your doctor"),
}
URGENCY_ADVICE = {
    EMERGENCY: _l("Call your local emergency number now (for example 999, 112 or 911). "
                  "Do not wait to see if it passes."),
    THIS_WEEK: _l("Contact your doctor within the next few days and tell them what you noticed. "
                  "If it suddenly gets worse, treat it as an emergency."),
    APPOINTMENT: _l("Book a routine appointment so a doctor can check this. Bring your diary "
                    "summary: it answers many of their questions."),
}


@dataclass(frozen=True)
class Question:
    key: str
    text: object
    urgency: str


QUESTIONS: tuple[Question, ...] = (
    Question("breathing", _l("Any trouble speaking, swallowing or breathing?"), EMERGENCY),
    Question("sudden_weakness", _l("Sudden weakness, such as a face that droops or an arm or "
                                   "leg that suddenly will not work?"), EMERGENCY),
    Question("weakness", _l("Is the twitching area clearly weaker, for example you drop things "
                            "or a foot catches when you walk?"), THIS_WEEK),
    Question("fever_weight", _l("New twitching together with a fever or weight loss you "
                                "cannot explain?"), THIS_WEEK),
    Question("skills", _l("Changes in how you walk, or in hand skills like buttons or "
                          "writing?"), THIS_WEEK),
    Question("shrinking", _l("Has a muscle looked thinner or smaller over weeks or months?"),
             APPOINTMENT),
    Question("spreading", _l("Twitching that never stops in one spot and slowly spreads, "
                             "even when you feel calm?"), APPOINTMENT),
    Question("weeks", _l("Has it gone on for more than a few weeks without a break?"),
             APPOINTMENT),
    Question("numbness", _l("Numbness along with the twitching or spasms?"), APPOINTMENT),
)
QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}


def advice_for(flags: list[str]) -> list[dict[str, object]]:
    """Groups of advice, most urgent first, for the questions answered "yes"."""
    groups = []
    for urgency in URGENCY_ORDER:
        matched = [QUESTIONS_BY_KEY[f] for f in flags if f in QUESTIONS_BY_KEY
                   and QUESTIONS_BY_KEY[f].urgency == urgency]
        if matched:
            groups.append({"urgency": urgency, "title": URGENCY_TITLES[urgency],
                           "advice": URGENCY_ADVICE[urgency], "questions": matched})
    return groups

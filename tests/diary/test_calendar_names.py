"""The diary calendar's day links: what a person sees on a link ("2") is part of
the name a screen reader or voice control uses for it ("2 November: 3 twitches"),
so "click 2" finds it (WCAG 2.5.3, label in name)."""
from __future__ import annotations

import html
import re

DAY_LINK = re.compile(r'<a class="cal-day[^"]*"[^>]*aria-label="([^"]*)"[^>]*>([^<]*)</a>')


def test_every_calendar_link_names_what_it_shows(client, stranger, person, log_twitch):
    log_twitch(note="a note")
    page = client.get("/diary/").get_data(as_text=True)
    links = DAY_LINK.findall(page)
    assert len(links) >= 28
    for label, text in links:
        label, text = html.unescape(label), html.unescape(text).strip()
        assert text, label
        assert re.match(rf"{re.escape(text)}\b", label), (text, label)
    assert any(re.search(r": 1 twitch$", label) for label, _text in links)
    assert "Stranger" not in page

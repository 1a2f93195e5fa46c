"""DESIGN budgets for the recovery pages: the first load (HTML, CSS and every ES
module pulled in) stays inside the shared budget, with no third-party request."""
from __future__ import annotations

import re

from tests.core.test_first_load_budget import BUDGET, first_load


def test_recovery_pages_fit_the_first_load_budget(client, person, log_check):
    log_check(action="wait", timer_minutes="10")
    for url in ("/recovery/", "/recovery/offline", "/recovery/worry", "/recovery/settings"):
        total, assets = first_load(client, url)
        assert total <= BUDGET, (url, total, assets)
        html = client.get(url).data
        assert not re.search(rb'(?:src|href)="(?:https?:)?//', html.split(b"</head>")[0]), url

"""Learn pages: read-only, public, served from the in-memory library (no SQL)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from webapp.learn.library import RED_FLAGS_SLUG, current_articles, current_language, current_library
from webapp.learn.search import MAX_QUERY, search
from webapp.page_cache import remembered

bp = Blueprint("learn", __name__, url_prefix="/learn")


@bp.route("")
def index() -> ResponseReturnValue:
    """Anyone: every article in reading order, a search box and the red-flags link."""
    return render_template("learn/index.html", articles=current_articles(),
                           red_flags_slug=RED_FLAGS_SLUG, max_query=MAX_QUERY)


@bp.route("/search", endpoint="search")
def search_page() -> ResponseReturnValue:
    """Anyone: articles matching every word of ?q=, with highlighted snippets."""
    outcome = search(current_articles(), request.args.get("q", type=str))
    return render_template("learn/search.html", outcome=outcome,
                           red_flags_slug=RED_FLAGS_SLUG, max_query=MAX_QUERY)


@bp.route("/<slug>")
@remembered
def article(slug: str) -> ResponseReturnValue:
    """Anyone: one article with its sources and related reading; 404 if unknown."""
    language = current_language()
    found = current_library().get(slug, language)
    if found is None:
        abort(404)
    related = [a for a in (current_library().get(s, language) for s in found.related) if a]
    return render_template("learn/article.html", article=found, related=related,
                           show_help_now=found.slug == RED_FLAGS_SLUG)

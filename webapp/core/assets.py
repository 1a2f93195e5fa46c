"""Static files as the app serves them: every URL content-hashed, every module's
imports versioned too, each text file compressed once.

An ES module that says ``import "./core.js"`` would make the browser fetch an
unversioned URL that can only be cached with revalidation. So the served copy of
each module has its relative imports rewritten to ``./core.js?v=<hash>``, and a
module's hash is taken over its rewritten bytes: a change anywhere below a
module changes the module's own URL too, and every versioned URL is answered with
``Cache-Control: immutable``. A repeat visit asks the server for nothing static.

Text files are compressed once (brotli at its best level, and gzip) on first
request and served by ``Accept-Encoding``. In debug mode every file is read
again on each use, so an edit during development shows at once.

A reverse proxy may serve ``/static/`` itself (README), except ``.js``: the
files on disk hold the unversioned imports, so modules must come from the app."""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = {".js", ".mjs", ".css", ".svg", ".json", ".webmanifest", ".txt", ".html"}
# A relative module specifier after `from`, a bare `import`, or inside `import(...)`.
SPECIFIER = re.compile(r"""\b(from|import)(\s*\(?\s*)(["'])(\.{1,2}/[^"'?\n]+)\3""")
MIMETYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".webmanifest":
             "application/manifest+json", ".svg": "image/svg+xml"}


@dataclass
class Asset:
    """One file as served: bytes (imports rewritten), hash, and compressed copies."""

    name: str
    data: bytes
    digest: str
    imports: tuple[str, ...]  # static names this module imports, for precache lists
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def compressible(self) -> bool:
        return Path(self.name).suffix in COMPRESSIBLE

    @property
    def mimetype(self) -> str:
        suffix = Path(self.name).suffix
        return MIMETYPES.get(suffix) or mimetypes.guess_type(self.name)[0] or \
            "application/octet-stream"

    def body(self, encoding: str | None) -> bytes:
        if encoding is None:
            return self.data
        if encoding not in self.encoded:
            self.encoded[encoding] = (brotli.compress(self.data, quality=11)
                                      if encoding == "br" else
                                      gzip.compress(self.data, compresslevel=9, mtime=0))
        return self.encoded[encoding]


class Assets:
    """Every file under one static folder as served, built on first use. Kept for
    the app's life, since deployed files do not change under a running app; in
    debug mode (files edited while the server runs) rebuilt on every use."""

    def __init__(self, folder: Path, keep: bool = True) -> None:
        self.folder = folder
        self.keep = keep
        self._entries: dict[str, Asset] = {}
        self._lock = threading.RLock()

    def _path(self, name: str) -> Path | None:
        joined = safe_join(str(self.folder), name)
        if joined is None:
            return None
        path = Path(joined)
        return path if path.is_file() else None

    def get(self, name: str, _visiting: frozenset[str] = frozenset()) -> Asset | None:
        """The file ``name`` (relative to static/), or None when there is none."""
        with self._lock:
            if self.keep and name in self._entries:
                return self._entries[name]
            path = self._path(name)
            if path is None:
                return None
            raw = path.read_bytes()
            imports: list[str] = []
            if path.suffix in (".js", ".mjs"):
                raw = self._rewrite(name, raw, imports, _visiting | {name})
            asset = Asset(name, raw, hashlib.sha256(raw).hexdigest()[:10], tuple(imports))
            if self.keep:
                self._entries[name] = asset
            return asset

    def _rewrite(self, name: str, raw: bytes, imports: list[str],
                 visiting: frozenset[str]) -> bytes:
        text = raw.decode("utf-8")

        def versioned(match: re.Match[str]) -> str:
            keyword, gap, quote, spec = match.groups()
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))
            if target == name:  # a file naming itself (in a comment): nothing to load
                return match.group(0)
            # A module on an import cycle is versioned by its file's own bytes.
            found = self.get(target, visiting) if target not in visiting else None
            if found is None:
                path = self._path(target)
                if path is None:
                    return match.group(0)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            else:
                digest = found.digest
            imports.append(target)
            return f"{keyword}{gap}{quote}{spec}?v={digest}{quote}"

        return SPECIFIER.sub(versioned, text).encode("utf-8")

    def closure(self, names: list[str] | tuple[str, ...]) -> list[str]:
        """``names`` and every module they import, directly or not, in a stable order."""
        seen: dict[str, None] = {}
        waiting = list(names)
        while waiting:
            name = waiting.pop(0)
            if name in seen:
                continue
            seen[name] = None
            asset = self.get(name)
            if asset is not None:
                waiting.extend(asset.imports)
        return list(seen)


ASSETS_KEY = "steady_assets"


def assets_for(app: Flask) -> Assets:
    found: Assets = app.extensions[ASSETS_KEY]
    return found


def static_hash(filename: str) -> str:
    """The served bytes' hash (10 hex digits); a missing file hashes its name, so a
    typo in a template shows as a 404 rather than a crash."""
    asset = assets_for(current_app).get(filename)
    return asset.digest if asset else hashlib.sha256(filename.encode()).hexdigest()[:10]


def _encodings(header: str) -> Iterator[str]:
    """The codings an Accept-Encoding header takes (a weight of 0 refuses one)."""
    for part in header.split(","):
        token, _sep, params = part.partition(";")
        weight = params.strip().lower()
        if weight.startswith("q="):
            try:
                if not float(weight[2:]) > 0:
                    continue
            except ValueError:
                continue
        yield token.strip().lower()


def preferred_encoding(header: str) -> str | None:
    """Brotli when an Accept-Encoding header takes it, else gzip, else None."""
    offered = set(_encodings(header))
    return next((e for e in ("br", "gzip") if e in offered), None)


def chosen_encoding(asset: Asset, header: str) -> str | None:
    """Brotli when the client takes it, else gzip, else the plain bytes."""
    return preferred_encoding(header) if asset.compressible else None


def serve_static(filename: str) -> Response:
    """Anyone: a static file, compressed when asked; immutable for 1 year when the
    URL carries the bytes' hash, revalidated by ETag when it does not."""
    asset = assets_for(current_app).get(filename)
    if asset is None:
        abort(404)
    encoding = chosen_encoding(asset, request.headers.get("Accept-Encoding", ""))
    response = Response(asset.body(encoding), mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if asset.compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest + (f"-{encoding}" if encoding else ""))
    response.headers["Cache-Control"] = (IMMUTABLE if request.args.get("v") == asset.digest
                                        else REVALIDATE)
    response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Serve /static/ from here rather than Flask's plain file sender."""
    app.extensions[ASSETS_KEY] = Assets(Path(app.static_folder or "").resolve(),
                                        keep=not app.debug)
    app.view_functions["static"] = serve_static

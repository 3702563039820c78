"""What a served store takes at most, in one place the command line can read without
loading the server."""

from __future__ import annotations

MAX_BODY = 1024 * 1024  # bytes of a request that is not an import
MAX_UPLOAD = 50 * 1024 * 1024  # bytes of an imported file, unless 'serve --max-upload'

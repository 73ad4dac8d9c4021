"""Limits on what dealcoach reads, so that a hostile file is refused in bounded time."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a file larger than this is refused (DEALCOACH_MAX_FILE_MB)
MAX_DEPTH = 40  # nesting deeper than this is refused
# Aliases may add this many nodes, or as many as the document has, whichever is more.
ALIAS_BUDGET = 100_000

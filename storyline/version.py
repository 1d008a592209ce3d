"""The release, in a module below every layer: the fetcher's User-Agent and the report's footer read it."""

__version__ = "0.1.0"

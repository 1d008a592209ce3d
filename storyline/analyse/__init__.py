"""The analyse stage: per-article entities, quotes, time expressions and numeric claims."""

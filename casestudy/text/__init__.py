"""Text utilities, one of each: words, Markdown, text made safe to show."""

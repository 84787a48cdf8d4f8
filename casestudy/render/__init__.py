"""Data to output: terminal pages, the study guide, the skeleton, JSON. Never prints; reads no file but
its cache of rendered pages (pagecache.py)."""

"""Data to output: terminal pages, the study guide, the skeleton, JSON. Never prints, never reads files."""

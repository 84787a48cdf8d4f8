"""Quiz, spaced repetition and progress."""

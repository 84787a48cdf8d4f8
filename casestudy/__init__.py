"""casestudy: one system-design case study (Netflix's backend), to read, submit and revise."""

__version__ = "0.1.0"

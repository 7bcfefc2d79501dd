"""riskreg's version: setup.cfg reads it, and a part of a run names it (parts of another version are read again)."""
__version__ = "0.1.0"

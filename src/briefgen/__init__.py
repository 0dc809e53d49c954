"""briefgen: a static archive site for Chinese science-and-technology policy briefings."""

__version__ = "0.1.0"

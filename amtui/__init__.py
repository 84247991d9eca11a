"""amtui: a terminal workspace for one account manager and their book of business."""

__version__ = "0.1.0"

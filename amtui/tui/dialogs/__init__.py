"""Reusable modal screens: forms, confirmations, the keys list, the export chooser."""

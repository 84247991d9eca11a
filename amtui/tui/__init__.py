"""The Textual app.  Nothing here issues SQL: screens call amtui.core and get dataclasses."""

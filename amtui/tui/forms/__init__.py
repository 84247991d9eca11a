"""The forms of each record kind, built on dialogs.form.FormScreen."""

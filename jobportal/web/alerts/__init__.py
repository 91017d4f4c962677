"""Saved searches and e-mail alerts: save, confirm, manage, unsubscribe."""

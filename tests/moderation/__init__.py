"""Tests of jobportal.moderation."""

"""Tests of jobportal.alerts."""

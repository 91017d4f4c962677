"""Tests of jobportal.admin."""

"""Tests of jobportal.platform."""

"""Tests of jobportal.employers."""

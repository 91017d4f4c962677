"""Tests of jobportal.ba."""

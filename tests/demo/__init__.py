"""Tests of jobportal.demo."""

"""Helpers that know no domain: Thai dates and digits, the scheduler, worker heartbeats."""

"""Helpers every layer may use (the bottom of the house): the clock, secret masking."""

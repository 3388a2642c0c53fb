"""Runs a program under cProfile and writes its statistics as JSON (for Snakepit's profile view)."""

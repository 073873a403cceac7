"""Text to events: time tagging, actors, event extraction."""

"""Online seminars with recordings, courses and calls for events."""

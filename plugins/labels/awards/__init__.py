"""Awards: issuing, revoking and re-issuing every recognition, their certificates (PDF),
badges (Open Badges 2.0 and 3.0) and public verification."""

"""Projects between schools, their TwinSpaces, pupils and groups."""

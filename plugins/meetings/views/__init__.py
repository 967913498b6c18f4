"""The meetings pages: announcement and registration, the participants' tools of each
phase, and the trainers' and organisers' pages. Views parse input and call the services
(``plugins.meetings.services``), which check the policy again before any change."""

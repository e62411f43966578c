"""Facts: what the user declares (the profile) and what evidence proves, with provenance."""

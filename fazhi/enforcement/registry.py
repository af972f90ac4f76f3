"""What this app registers with core at start-up: menu entries, indicators,
rule settings and its demo builder."""

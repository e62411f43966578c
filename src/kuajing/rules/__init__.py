"""The rulebook: one folder per rule (rule.yaml + rule.py + cases.yaml), grouped by area."""

"""Cross-border data export: which mechanism a transfer needs, its deadlines, and the ledger."""

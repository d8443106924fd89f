"""The mail drop's periodic reading of the mailbox (built by issue 15)."""

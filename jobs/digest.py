"""The weekly digest's periodic sending (built by issue 15)."""

"""Translations of the interface: messages.po, and the French text in french/."""

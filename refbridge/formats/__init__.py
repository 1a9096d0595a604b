"""Built-in formats. Each module is a plugin registered through the entry-point group."""

"""Reading orders from and writing reports to files."""

"""Process control: signals, and work in a child bounded in time and memory."""

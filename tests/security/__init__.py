"""Attacks on Tandem: tests that try to make it act on the wrong record or leak."""

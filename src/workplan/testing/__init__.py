"""Test-suite support shipped with the package so pytest can load it before Django settings (``-p``)."""

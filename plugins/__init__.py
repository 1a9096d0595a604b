"""refbridge's first-party plugins (installed as the ``refbridge_plugins`` package).

Each module is registered through the ``refbridge`` entry-point group, exactly as
a third-party plugin would be. Import them as ``refbridge_plugins.<name>``.
"""

"""The problem codes: one :class:`~dealcoach.core.rules.registry.Rule` object per code.

Each rule holds its metadata (code, name, level, summary, a failing example and its
fix) and, where it is a check over a loaded playbook, that check. The modules here
group them by what they look at; :mod:`.registry` lists them all.
"""

"""Cost discipline (SPEC S6, playbook phase 4): prices, measured usage, the forecast, the budget.

``prices`` (the shipped table and the charter's overrides), ``usage`` (cost figures from the
draft log), ``volume`` and ``forecast`` (months ahead with bands), ``guardrails`` (the budget's
tiers), ``ledger`` (what a spend store promises), ``guard`` (reserve before a paid call, settle
after it), ``render`` and ``chart`` (the reports), ``service`` (the use cases).
"""

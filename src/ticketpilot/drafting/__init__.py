"""The drafting assistant (SPEC S4): providers, resilience, token counts and cost.

The engine (retrieve -> prompt -> generate -> check -> draft or fallback) builds on these.
"""

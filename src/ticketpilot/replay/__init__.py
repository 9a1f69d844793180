"""The shadow replay (SPEC S4): draft for held-out past tickets, compare with what agents sent.

sample.py     which tickets are held out, and the pools the baselines draw from
metrics.py    similarity, key-fact overlap, Wilson intervals, threshold calibration
model.py      per-ticket outcomes and the report's figures
run.py        the use case: the default drafter and two baselines in one pass
render.py     reports/replay.html and the JSON form
"""

"""The HTTP face of Laurel (FastAPI): thin routers that validate, call one service function, shape the answer;
the member page and the console (`api.console`, a module per page). May import every package,
the worker's tasks included (to nudge them); nothing imports api.
"""

"""The HTTP face of Laurel (FastAPI): thin routers that validate, call one service function, shape the answer."""

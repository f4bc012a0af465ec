from . import main, offline

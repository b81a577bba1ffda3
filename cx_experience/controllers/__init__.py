from . import digest

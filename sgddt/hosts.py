"""ALLOWED_HOSTS built from the units' own hostnames.

With 660 unit sites, a hand-kept ALLOWED_HOSTS list would always lag behind the
roster. `UnitHostnames` is a lazy sequence Django's host validation iterates:
the fixed names from the environment, the aliases, and every hostname of a
unit's Wagtail Site (a closed unit's host still answers with its "closed"
notice). It never touches the database at import time, and each process
rebuilds its set only when a unit or site changed (the shared units stamp).
"""


class UnitHostnames(list):
    """A list to Django's settings check; its items are read at each iteration."""

    def __init__(self, extra=(), aliases=()):
        super().__init__()
        self.extra = [host.lower() for host in extra]
        self.aliases = [host.lower() for host in aliases]

    def __iter__(self):
        from schoolsite.sites import unit_hostnames

        yield from self.extra
        yield from self.aliases
        yield from unit_hostnames()

    def allows_exactly(self, domain):
        """A quick yes for a unit's or a fixed hostname (no wildcard matching; Django's validation does that)."""
        from schoolsite.sites import unit_hostnames

        return domain in unit_hostnames() or domain in self.extra or domain in self.aliases

    def __bool__(self):
        return True

    def __len__(self):
        return sum(1 for _host in self)

    def __repr__(self):
        return f"UnitHostnames(extra={self.extra!r})"

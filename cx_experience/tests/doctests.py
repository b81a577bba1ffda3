# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run the doctests of every module of a package (each addon's ``domain/``), so that an
example in a docstring is a test that runs, not a comment that drifts."""
import doctest
import importlib
import pkgutil


def modules_of(package):
    """The package and every module below it."""
    yield package
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


def assert_doctests(case, *targets):
    """Run the doctests of ``targets`` (packages are walked) in the unittest ``case``;
    returns the number of examples run. Each module is a subtest of its own."""
    attempted = 0
    for target in targets:
        modules = modules_of(target) if hasattr(target, "__path__") else (target,)
        for module in modules:
            with case.subTest(module=module.__name__):
                result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
                case.assertEqual(result.failed, 0, "%s: %d doctest(s) failed"
                                 % (module.__name__, result.failed))
                attempted += result.attempted
    return attempted

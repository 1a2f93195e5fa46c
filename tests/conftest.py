pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.app",
    "tests.fixtures.accounts",
    "tests.fixtures.queries",
    "tests.fixtures.browser",
    "tests.fixtures.diary",
    "tests.fixtures.people",
]

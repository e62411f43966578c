"""Config-audit tests: register the ``realdata`` marker."""


def pytest_configure(config):
    config.addinivalue_line("markers", "realdata: reads the public configurations in ../shared/realdata")

"""Evaluation suites: each module runs one dataset of `evals/` and returns a `SuiteResult`."""

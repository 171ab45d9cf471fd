//! Integration tests for apierror; see `tests/`.

//! Benchmarks of `apierror`'s rendering against hand-written code, the peer crates
//! `http-api-problem` and `problem_details`, and the floor of copying finished bytes.
//!
//! Everything lives in `benches/` and `tests/`; this library is empty. See
//! `BENCHMARKS.md` at the workspace root for the results and how to reproduce them.

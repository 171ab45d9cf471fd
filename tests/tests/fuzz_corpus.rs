//! Replays every file of the checked-in fuzz seed corpus (`fuzz/corpus/<target>/`)
//! through the same checks the fuzz targets run, so `cargo test` on stable exercises
//! them without libFuzzer. A crash the fuzzer finds is added here as a seed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use apierror_tests::fuzz;

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

/// Runs `check` on every seed of `target`, and fails naming every seed that panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let failed: Vec<String> = corpus(target)
        .into_iter()
        .filter_map(|path| {
            let data = std::fs::read(&path).expect("a readable seed");
            let outcome = catch_unwind(AssertUnwindSafe(|| check(&data)));
            outcome.is_err().then(|| path.display().to_string())
        })
        .collect();
    assert!(
        failed.is_empty(),
        "seeds of {target} that fail: {failed:#?}"
    );
}

#[test]
fn problem_seeds() {
    replay("problem", fuzz::problem);
}

#[test]
fn trace_id_seeds() {
    replay("trace_id", fuzz::trace_id);
}

#[test]
fn render_seeds() {
    replay("render", fuzz::render);
}

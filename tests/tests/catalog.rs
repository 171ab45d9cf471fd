//! `Catalog`: gathering codes across types, conflicts, and the lock file.
#![allow(dead_code)] // These error types are only read through their catalogs.

use std::path::PathBuf;

use apierror::ApiError;
use apierror::catalog::{Catalog, Fact, LockError, LockMode, LockOutcome};
use apierror_test_codes::Code;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum BillingError {
    #[error("card declined")]
    #[api(code = "card_declined", status = 402, title = "Card declined")]
    Declined,
    #[error("no invoice")]
    #[api(code = "not_found", status = 404, title = "Not found")]
    NoInvoice,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum AccountError {
    #[error("no account")]
    #[api(code = Code::NotFound)]
    NotFound,
    #[error(transparent)]
    #[api(transparent)]
    Billing(#[from] BillingError),
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum LegacyError {
    #[error("gone")]
    #[api(code = "not_found", status = 410, title = "Gone for good")]
    Gone,
    #[error("declined")]
    #[api(
        code = "card_declined",
        status = 402,
        title = "Card declined",
        type = "https://legacy.example.com/declined"
    )]
    Declined,
}

#[test]
fn with_follows_transparent_variants() {
    assert_eq!(
        AccountError::catalog().len(),
        1,
        "catalog() holds only the type's own variants"
    );
    let catalog = Catalog::new().with::<AccountError>();
    let codes: Vec<&str> = catalog.descriptors().iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["not_found", "card_declined", "not_found"]);
    let unique: Vec<&str> = catalog.codes().iter().map(|d| d.code()).collect();
    assert_eq!(unique, ["card_declined", "not_found"]);
    assert!(catalog.check().is_empty(), "{:?}", catalog.check());
}

#[test]
fn adding_a_type_twice_adds_its_descriptors_once() {
    let catalog = Catalog::new()
        .with::<BillingError>()
        .with::<BillingError>()
        .with::<AccountError>();
    assert_eq!(catalog.descriptors().len(), 3);
}

#[test]
fn check_reports_every_conflict_with_the_variants_involved() {
    let catalog = Catalog::new().with::<BillingError>().with::<LegacyError>();
    let conflicts = catalog.check();
    let lines: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "code `not_found`: status 404 in BillingError::NoInvoice, 410 in LegacyError::Gone",
            "code `not_found`: title \"Not found\" in BillingError::NoInvoice, \"Gone for good\" in LegacyError::Gone",
            "code `card_declined`: type \"https://errors.example.com/card_declined\" in BillingError::Declined, \
             \"https://legacy.example.com/declined\" in LegacyError::Declined",
        ]
    );
    assert_eq!(conflicts[0].fact, Fact::Status);
}

#[test]
fn with_codes_adds_a_whole_registry() {
    let catalog = Catalog::new().with_codes::<Code>();
    let codes: Vec<&str> = catalog.codes().iter().map(|d| d.code()).collect();
    assert_eq!(
        codes,
        ["internal", "not_found", "rate_limited", "validation_failed"]
    );
    // Registry "Not found" (404) against BillingError's "Not found" (404): no conflict.
    assert!(catalog.with::<BillingError>().check().is_empty());
}

/// A fresh lock file path under the target directory's temporary folder.
fn lock_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lock-files");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.lock.json"));
    let _ = std::fs::remove_file(&path);
    path
}

/// A lock file written from `BillingError`'s codes, as a first release leaves it.
fn billing_lock(name: &str) -> PathBuf {
    let path = lock_path(name);
    Catalog::new()
        .with::<BillingError>()
        .check_stable(&path, LockMode::Update)
        .unwrap();
    path
}

#[test]
fn lock_file_is_created_then_stable() {
    let path = lock_path("created");
    let catalog = Catalog::new().with::<BillingError>();
    assert_eq!(
        catalog.check_stable(&path, LockMode::Update),
        Ok(LockOutcome::Created)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        r#"{
  "version": 1,
  "codes": [
    {
      "code": "card_declined",
      "status": 402,
      "title": "Card declined",
      "type": "https://errors.example.com/card_declined",
      "expose": true,
      "grpc": "FAILED_PRECONDITION"
    },
    {
      "code": "not_found",
      "status": 404,
      "title": "Not found",
      "type": "https://errors.example.com/not_found",
      "expose": true,
      "grpc": "NOT_FOUND"
    }
  ]
}
"#
    );
    assert_eq!(
        catalog.check_stable(&path, LockMode::Verify),
        Ok(LockOutcome::Stable { added: vec![] })
    );
    catalog.assert_stable(&path);
}

#[test]
fn new_codes_are_added_to_the_lock_file() {
    let path = billing_lock("added");
    let grown = Catalog::new().with::<BillingError>().with_codes::<Code>();
    let outcome = grown.check_stable(&path, LockMode::Update).unwrap();
    assert_eq!(
        outcome,
        LockOutcome::Stable {
            added: vec![
                "internal".into(),
                "rate_limited".into(),
                "validation_failed".into()
            ]
        }
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"rate_limited\""), "{text}");
    assert_eq!(
        grown.check_stable(&path, LockMode::Verify),
        Ok(LockOutcome::Stable { added: vec![] })
    );
}

/// Under CI a code the lock file lacks fails, with the diff and the command that
/// adds it: accepted silently, its status could later change unnoticed.
#[test]
fn verify_mode_fails_on_a_code_missing_from_the_lock_file() {
    let path = billing_lock("unlocked");
    let before = std::fs::read_to_string(&path).unwrap();
    let grown = Catalog::new().with::<BillingError>().with_codes::<Code>();
    let error = grown.check_stable(&path, LockMode::Verify).unwrap_err();
    let LockError::Outdated { changes, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(
        changes,
        &[
            "+ internal: 500 \"Internal error\" https://errors.example.com/internal",
            "+ rate_limited: 429 \"Rate limited\" https://errors.example.com/rate_limited",
            "+ validation_failed: 422 \"Validation failed\" https://errors.example.com/validation_failed",
        ]
    );
    let message = error.to_string();
    assert!(
        message.contains("APIERROR_BLESS=1 cargo test -p apierror-tests"),
        "{message}"
    );
    assert!(message.contains("+ rate_limited: 429"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "verifying writes nothing"
    );
    // The command's run (bless) locks them, and CI passes again.
    assert_eq!(
        grown.check_stable(&path, LockMode::Bless),
        Ok(LockOutcome::Blessed)
    );
    assert_eq!(
        grown.check_stable(&path, LockMode::Verify),
        Ok(LockOutcome::Stable { added: vec![] })
    );
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum CardShown {
    #[error("card declined")]
    #[api(code = "card_declined", status = 402, title = "Card declined")]
    Declined,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum CardHidden {
    #[error("card declined")]
    #[api(
        code = "card_declined",
        status = 402,
        title = "Card declined",
        expose = false
    )]
    Declined,
}

/// A changed exposure is no breaking change, but under CI the file must record it too.
#[test]
fn verify_mode_fails_on_a_changed_exposure() {
    let path = lock_path("exposure");
    Catalog::new()
        .with::<CardShown>()
        .check_stable(&path, LockMode::Update)
        .unwrap();
    let hidden = Catalog::new().with::<CardHidden>();
    let error = hidden.check_stable(&path, LockMode::Verify).unwrap_err();
    let LockError::Outdated { changes, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(changes, &["~ card_declined: expose true -> false"]);
    assert_eq!(
        hidden.check_stable(&path, LockMode::Update),
        Ok(LockOutcome::Stable { added: vec![] })
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"expose\": false")
    );
}

#[test]
fn a_removed_or_changed_code_breaks_the_lock() {
    let path = billing_lock("broken");
    let before = std::fs::read_to_string(&path).unwrap();
    let error = Catalog::new()
        .with::<LegacyError>()
        .check_stable(&path, LockMode::Update)
        .unwrap_err();
    let LockError::Broken { changes, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(
        changes,
        &[
            "~ card_declined: type \"https://errors.example.com/card_declined\" -> \"https://legacy.example.com/declined\"",
            "~ not_found: status 404 -> 410",
            "~ not_found: title \"Not found\" -> \"Gone for good\"",
        ]
    );
    let removed = Catalog::new()
        .with_codes::<Code>()
        .check_stable(&path, LockMode::Update)
        .unwrap_err();
    assert!(
        removed
            .to_string()
            .contains("- card_declined: removed (was 402 \"Card declined\")"),
        "{removed}"
    );
    assert!(
        removed.to_string().contains("APIERROR_BLESS=1"),
        "{removed}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "a broken check writes nothing"
    );
}

#[test]
#[should_panic(expected = "~ not_found: status 404 -> 410")]
fn assert_stable_panics_on_a_breaking_change() {
    let path = billing_lock("assert-broken");
    Catalog::new().with::<LegacyError>().assert_stable(&path);
}

#[test]
fn bless_rewrites_the_lock_on_purpose() {
    let path = billing_lock("bless");
    let legacy = Catalog::new().with::<LegacyError>();
    assert_eq!(
        legacy.check_stable(&path, LockMode::Bless),
        Ok(LockOutcome::Blessed)
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("Gone for good")
    );
    assert_eq!(
        legacy.check_stable(&path, LockMode::Verify),
        Ok(LockOutcome::Stable { added: vec![] })
    );
}

#[test]
fn verify_mode_fails_on_a_missing_lock_file() {
    let path = lock_path("missing");
    let error = Catalog::new()
        .with::<BillingError>()
        .check_stable(&path, LockMode::Verify)
        .unwrap_err();
    assert!(matches!(error, LockError::Missing(_)));
    assert!(!path.exists());
}

#[test]
fn a_corrupt_lock_file_is_reported() {
    let path = lock_path("corrupt");
    std::fs::write(&path, "{not json").unwrap();
    let error = Catalog::new()
        .with::<BillingError>()
        .check_stable(&path, LockMode::Update)
        .unwrap_err();
    assert!(matches!(error, LockError::Unreadable(..)), "{error}");
}

/// This crate's own error types against its committed lock file, as a service wires it.
#[test]
fn the_sample_services_codes_are_stable() {
    Catalog::new()
        .with::<AccountError>()
        .with_codes::<Code>()
        .assert_stable(concat!(env!("CARGO_MANIFEST_DIR"), "/errors.lock.json"));
}

/// The framework's canonical codes can join a service's catalog: each has one status.
#[test]
fn the_canonical_framework_codes_do_not_conflict() {
    let catalog = Catalog::new().with::<apierror::HttpError>();
    assert!(catalog.check().is_empty(), "{:?}", catalog.check());
    let statuses = |code: &str| {
        catalog
            .descriptors()
            .iter()
            .filter(|d| d.code() == code)
            .map(|d| d.status_u16())
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses("invalid_request"), [400]);
    assert_eq!(statuses("validation_failed"), [422]);
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum ServiceError {
    #[error("database down")]
    #[api(code = "internal_error", status = 500)]
    Db,
}

/// A contained panic answers the canonical `internal_error` unless the layer is
/// told the service's own: the catalog check names the difference.
#[test]
fn the_check_reports_a_code_the_framework_answers_otherwise() {
    let conflicts = Catalog::new()
        .with::<ServiceError>()
        .with::<apierror::HttpError>()
        .check();
    let messages: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "code `internal_error`: type \"https://errors.example.com/internal_error\" in \
             ServiceError::Db, \"about:blank\" in HttpError::InternalError"
        ]
    );
}

/// Several test binaries guard one lock file at once under `cargo test`: a reader
/// never catches the file half written, and no temporary file is left behind.
#[test]
fn concurrent_guards_of_one_lock_file_never_read_it_half_written() {
    const THREADS: usize = 4;
    const CALLS: usize = 200;
    let path = billing_lock("concurrent");
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|thread| {
                let path = &path;
                scope.spawn(move || {
                    // Half the threads rewrite the file on every call, half read it
                    // and rewrite it only when a code is new.
                    let mode = if thread % 2 == 0 {
                        LockMode::Bless
                    } else {
                        LockMode::Update
                    };
                    let catalog = Catalog::new().with::<BillingError>();
                    (0..CALLS)
                        .filter_map(|_| catalog.check_stable(path, mode).err())
                        .map(|error| error.to_string())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a worker finishes"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} calls failed; the first: {}",
        failures.len(),
        THREADS * CALLS,
        failures[0]
    );
    let dir = path.parent().expect("a directory");
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory lists")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.contains("concurrent") && name != "concurrent.lock.json")
        .collect();
    assert_eq!(left, Vec::<String>::new(), "temporary files left behind");
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum ArchiveError {
    #[error("gone")]
    #[api(code = "not_found", status = 410, title = "Not found")]
    Gone,
}

/// A catalog that gives `not_found` 404 in one type and 410 in another cannot be
/// locked, in any mode: the lock file would record one of them.
#[test]
fn a_conflicting_catalog_is_not_locked() {
    let catalog = Catalog::new().with::<BillingError>().with::<ArchiveError>();
    for mode in [LockMode::Update, LockMode::Verify, LockMode::Bless] {
        let path = lock_path("conflicting");
        let error = catalog.check_stable(&path, mode).unwrap_err();
        assert!(
            matches!(&error, LockError::Conflicts { conflicts, .. } if *conflicts == catalog.check()),
            "{mode:?}: {error}"
        );
        assert!(
            error.to_string().contains(
                "code `not_found`: status 404 in BillingError::NoInvoice, 410 in ArchiveError::Gone"
            ),
            "{error}"
        );
        assert!(!path.exists(), "{mode:?}: nothing is written");
    }
    let locked = billing_lock("conflicting-existing");
    let before = std::fs::read_to_string(&locked).unwrap();
    assert!(catalog.check_stable(&locked, LockMode::Bless).is_err());
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), before);
}

/// A lock file with another `version`, or with one code listed twice, is refused
/// with a message naming the file and the entry, and left as it is.
#[test]
fn a_lock_file_of_another_version_or_with_a_code_twice_is_refused() {
    let entry = |status: u16| {
        format!(
            r#"{{"code": "card_declined", "status": {status}, "title": "Card declined", "type": "https://errors.example.com/card_declined", "expose": true}}"#
        )
    };
    let cases = [
        (
            "version-2",
            format!(r#"{{"version": 2, "codes": [{}]}}"#, entry(402)),
            "`version` is 2, but this version of apierror reads only version 1",
        ),
        (
            "duplicate-code",
            format!(
                r#"{{"version": 1, "codes": [{}, {}]}}"#,
                entry(402),
                entry(409)
            ),
            "code `card_declined` is listed twice, in `codes[0]` and `codes[1]`",
        ),
    ];
    for (name, text, expected) in cases {
        let path = lock_path(name);
        std::fs::write(&path, &text).unwrap();
        for mode in [LockMode::Update, LockMode::Verify] {
            let error = Catalog::new()
                .with::<BillingError>()
                .check_stable(&path, mode)
                .unwrap_err();
            assert!(
                matches!(error, LockError::Unreadable(..)),
                "{name}: {error}"
            );
            let message = error.to_string();
            assert!(message.contains(&path.display().to_string()), "{message}");
            assert!(message.contains(expected), "{name}: {message}");
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{name}: left alone"
        );
    }
}

/// `BillingError`'s codes with `card_declined` answering another gRPC code.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://errors.example.com/")]
enum RegrpcedError {
    #[error("card declined")]
    #[api(
        code = "card_declined",
        status = 402,
        title = "Card declined",
        grpc = "permission_denied"
    )]
    Declined,
}

#[test]
fn check_reports_one_code_with_two_grpc_codes() {
    let catalog = Catalog::new()
        .with::<BillingError>()
        .with::<RegrpcedError>();
    let conflicts = catalog.check();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].fact, Fact::Grpc);
    assert_eq!(
        conflicts[0].to_string(),
        "code `card_declined`: gRPC code FAILED_PRECONDITION in BillingError::Declined, \
         PERMISSION_DENIED in RegrpcedError::Declined"
    );
}

#[test]
fn the_lock_file_records_grpc_codes_and_a_change_breaks_it() {
    let path = billing_lock("grpc");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("\"grpc\": \"FAILED_PRECONDITION\""),
        "{written}"
    );
    let error = Catalog::new()
        .with::<RegrpcedError>()
        .check_stable(&path, LockMode::Update)
        .unwrap_err();
    let LockError::Broken { changes, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(
        changes,
        &[
            "~ card_declined: gRPC code FAILED_PRECONDITION -> PERMISSION_DENIED",
            "- not_found: removed (was 404 \"Not found\")",
        ]
    );
}

#[test]
fn a_lock_file_from_before_grpc_falls_behind_without_breaking() {
    let path = billing_lock("pre-grpc");
    let written = std::fs::read_to_string(&path).unwrap();
    let old: String = written
        .lines()
        .filter(|line| !line.contains("\"grpc\""))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replace("\"expose\": false,\n", "\"expose\": false\n")
        .replace("\"expose\": true,\n", "\"expose\": true\n");
    std::fs::write(&path, old).unwrap();
    let catalog = Catalog::new().with::<BillingError>();
    let error = catalog.check_stable(&path, LockMode::Verify).unwrap_err();
    let LockError::Outdated { changes, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(
        changes,
        &[
            "~ card_declined: gRPC code FAILED_PRECONDITION recorded",
            "~ not_found: gRPC code NOT_FOUND recorded",
        ]
    );
    assert!(matches!(
        catalog.check_stable(&path, LockMode::Update),
        Ok(LockOutcome::Stable { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
}

/// Two types that answer one code, one of them hiding its detail.
#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its catalog.
enum ShownGone {
    #[error("gone {id}")]
    #[api(code = "gone", status = 410, title = "Gone")]
    Gone { id: u64 },
}

#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its catalog.
enum HiddenGone {
    #[error("gone")]
    #[api(code = "gone", status = 410, title = "Gone", expose = false)]
    Gone,
}

#[test]
fn the_lock_file_says_the_same_whatever_order_the_types_are_added_in() {
    let path = lock_path("order");
    let shown_first = Catalog::new().with::<ShownGone>().with::<HiddenGone>();
    shown_first.check_stable(&path, LockMode::Update).unwrap();
    let hidden_first = Catalog::new().with::<HiddenGone>().with::<ShownGone>();
    assert_eq!(
        hidden_first.check_stable(&path, LockMode::Verify),
        Ok(LockOutcome::Stable { added: vec![] })
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"expose\": true"), "{text}");
}

//! The lock file: the codes a service released, with their status, title, type,
//! exposure and gRPC code, which [`Catalog::assert_stable`] holds the catalog to.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::{Catalog, Conflict};

impl Catalog {
    /// Fails the calling test when a code in the lock file at `path` is missing or
    /// changed its status, title, type or gRPC code; writes the file when it does not exist, and
    /// adds new codes to it.
    ///
    /// Set `APIERROR_BLESS=1` to rewrite the file on purpose after a deliberate
    /// breaking change. Under `CI` nothing is written: a missing lock file, or one that
    /// lacks a current code, fails with the lines to add and the command that adds
    /// them, so a forgotten `git add` cannot pass and no code ships unlocked. Wire it
    /// into a test:
    ///
    /// ```no_run
    /// # use apierror::catalog::Catalog;
    /// # #[derive(Debug, thiserror::Error, apierror::ApiError)]
    /// # enum AccountError { #[error("x")] #[api(code = "x", status = 400)] X }
    /// #[test]
    /// fn error_codes_are_stable() {
    ///     Catalog::new()
    ///         .with::<AccountError>()
    ///         .assert_stable(concat!(env!("CARGO_MANIFEST_DIR"), "/errors.lock.json"));
    /// }
    /// ```
    #[track_caller]
    pub fn assert_stable(&self, path: impl AsRef<Path>) {
        let mode = if std::env::var_os("APIERROR_BLESS").is_some_and(|value| value == "1") {
            LockMode::Bless
        } else if std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false")
        {
            LockMode::Verify
        } else {
            LockMode::Update
        };
        if let Err(error) = self.check_stable(path.as_ref(), mode) {
            panic!("{error}");
        }
    }

    /// What `assert_stable` does, with the mode given rather than read from the
    /// environment.
    ///
    /// A catalog that gives one code two meanings ([`check`](Catalog::check) reports
    /// it) fails first, whatever the mode: the lock file would record one of them
    /// at random.
    pub fn check_stable(&self, path: &Path, mode: LockMode) -> Result<LockOutcome, LockError> {
        let conflicts = self.check();
        if !conflicts.is_empty() {
            return Err(LockError::Conflicts {
                path: path.display().to_string(),
                conflicts,
            });
        }
        let current = self.lock_entries();
        let existing = match std::fs::read_to_string(path) {
            Ok(text) => Some(
                parse_lock(&text)
                    .map_err(|error| LockError::Unreadable(path.display().to_string(), error))?,
            ),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Err(LockError::Unreadable(
                    path.display().to_string(),
                    error.to_string(),
                ));
            }
        };
        let Some(locked) = existing else {
            if mode == LockMode::Verify {
                return Err(LockError::Missing(path.display().to_string()));
            }
            write_lock(path, &current)?;
            return Ok(LockOutcome::Created);
        };
        if mode == LockMode::Bless {
            write_lock(path, &current)?;
            return Ok(LockOutcome::Blessed);
        }
        let breaks = breaking_changes(&locked, &current);
        if !breaks.is_empty() {
            return Err(LockError::Broken {
                path: path.display().to_string(),
                changes: breaks,
            });
        }
        let added: Vec<String> = current
            .keys()
            .filter(|code| !locked.contains_key(*code))
            .cloned()
            .collect();
        let outdated = outdated_entries(&locked, &current);
        if outdated.is_empty() {
            return Ok(LockOutcome::Stable { added });
        }
        if mode == LockMode::Verify {
            // Accepting an unlocked code here would let its status change unnoticed
            // in a later release: CI is where the lock file must be complete.
            return Err(LockError::Outdated {
                path: path.display().to_string(),
                changes: outdated,
                command: bless_command(),
            });
        }
        let mut merged = locked;
        merged.extend(current);
        write_lock(path, &merged)?;
        Ok(LockOutcome::Stable { added })
    }

    fn lock_entries(&self) -> BTreeMap<String, LockEntry> {
        // A code is exposed when any variant that answers with it is: whichever the
        // catalog met first, the file says the same.
        let exposed: std::collections::BTreeSet<&str> = self
            .descriptors()
            .iter()
            .filter(|descriptor| descriptor.expose())
            .map(|descriptor| descriptor.code())
            .collect();
        self.codes()
            .into_iter()
            .map(|descriptor| {
                let entry = LockEntry {
                    code: descriptor.code().to_owned(),
                    status: descriptor.status_u16(),
                    title: descriptor.title().to_owned(),
                    type_uri: descriptor.type_uri().to_owned(),
                    expose: exposed.contains(descriptor.code()),
                    grpc: Some(descriptor.grpc_code().to_string()),
                };
                (entry.code.clone(), entry)
            })
            .collect()
    }
}

/// How `check_stable` treats the lock file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// Write a missing file, add new codes, fail on breaking changes (local runs).
    Update,
    /// Write nothing; a missing file, a code it lacks, or a changed exposure fails
    /// (CI).
    Verify,
    /// Rewrite the file from the catalog, whatever it held (`APIERROR_BLESS=1`).
    Bless,
}

/// What `check_stable` found when it passed. Non-exhaustive: later versions may
/// report more.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LockOutcome {
    /// There was no lock file; it was written.
    Created,
    /// Every locked code is unchanged; `added` are the codes new since the file.
    Stable {
        /// Codes not yet in the lock file, now added to it (always empty when
        /// verifying, where such codes fail).
        added: Vec<String>,
    },
    /// The file was rewritten on purpose.
    Blessed,
}

/// Why `check_stable` failed. Non-exhaustive: later versions may check more.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LockError {
    /// Released codes disappeared or changed meaning.
    Broken {
        /// The lock file.
        path: String,
        /// One line per breaking change.
        changes: Vec<String>,
    },
    /// Verifying, and the lock file lacks current codes or holds an old exposure.
    Outdated {
        /// The lock file.
        path: String,
        /// One line per code: `+` for a code the file lacks, `~` for a changed exposure
        /// or a gRPC code the file does not record yet.
        changes: Vec<String>,
        /// The command that updates the file (`APIERROR_BLESS=1 cargo test -p …`).
        command: String,
    },
    /// The catalog gives a code two statuses, titles or types; nothing was read or
    /// written.
    Conflicts {
        /// The lock file.
        path: String,
        /// What [`Catalog::check`] reports.
        conflicts: Vec<Conflict>,
    },
    /// Verifying, and there is no lock file.
    Missing(String),
    /// The lock file could not be read, parsed or written.
    Unreadable(String, String),
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Broken { path, changes } => {
                writeln!(f, "error codes changed incompatibly since {path}:")?;
                for change in changes {
                    writeln!(f, "  {change}")?;
                }
                write!(
                    f,
                    "Clients branch on these codes. Restore them, or, for a deliberate breaking change, \
                     rerun with APIERROR_BLESS=1 and commit the lock file."
                )
            }
            LockError::Outdated {
                path,
                changes,
                command,
            } => {
                writeln!(f, "the error-code lock file {path} is not up to date:")?;
                for change in changes {
                    writeln!(f, "  {change}")?;
                }
                write!(
                    f,
                    "Under CI new codes are not written. Run `{command}` and commit the lock file, \
                     so that a later change to these codes fails the build."
                )
            }
            LockError::Conflicts { path, conflicts } => {
                writeln!(
                    f,
                    "cannot lock the error codes in {path}: the catalog gives codes two meanings:"
                )?;
                for conflict in conflicts {
                    writeln!(f, "  {conflict}")?;
                }
                write!(
                    f,
                    "Give each code one status, title and type in every error type, then rerun."
                )
            }
            LockError::Missing(path) => write!(
                f,
                "no error-code lock file at {path}: run the tests locally to create it, then commit it"
            ),
            LockError::Unreadable(path, error) => {
                write!(f, "cannot use the lock file {path}: {error}")
            }
        }
    }
}

impl std::error::Error for LockError {}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct LockEntry {
    code: String,
    status: u16,
    title: String,
    #[serde(rename = "type")]
    type_uri: String,
    expose: bool,
    /// The gRPC code (`ALREADY_EXISTS`); absent from files written before gRPC
    /// support, which then fall behind the catalog (and are rewritten by a bless)
    /// rather than break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grpc: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct LockFile {
    version: u32,
    codes: Vec<LockEntry>,
}

/// The lock file format this crate reads and writes.
const LOCK_VERSION: u32 = 1;

/// The entries of a lock file, by code. A version other than [`LOCK_VERSION`] and
/// a code listed twice are errors that name the entry: read leniently, the first
/// would be rewritten as version 1, the second would keep one of the two entries
/// and show later as a puzzling status change.
fn parse_lock(text: &str) -> Result<BTreeMap<String, LockEntry>, String> {
    let file: LockFile = serde_json::from_str(text).map_err(|error| error.to_string())?;
    if file.version != LOCK_VERSION {
        return Err(format!(
            "`version` is {}, but this version of apierror reads only version {LOCK_VERSION}",
            file.version
        ));
    }
    let mut entries: BTreeMap<String, (usize, LockEntry)> = BTreeMap::new();
    for (index, entry) in file.codes.into_iter().enumerate() {
        if let Some((first, _)) = entries.get(&entry.code) {
            return Err(format!(
                "code `{}` is listed twice, in `codes[{first}]` and `codes[{index}]`; keep one",
                entry.code
            ));
        }
        entries.insert(entry.code.clone(), (index, entry));
    }
    Ok(entries
        .into_iter()
        .map(|(code, (_, entry))| (code, entry))
        .collect())
}

fn write_lock(path: &Path, entries: &BTreeMap<String, LockEntry>) -> Result<(), LockError> {
    let file = LockFile {
        version: LOCK_VERSION,
        codes: entries.values().cloned().collect(),
    };
    let unreadable = |error: String| LockError::Unreadable(path.display().to_string(), error);
    let mut text =
        serde_json::to_string_pretty(&file).map_err(|error| unreadable(error.to_string()))?;
    text.push('\n');
    replace_file(path, text.as_bytes()).map_err(|error| unreadable(error.to_string()))
}

/// Writes `contents` to `path` whole or not at all: to a temporary file beside it,
/// then renamed over it, so that a test binary reading the lock file while another
/// writes it (cargo runs them in parallel) sees the old file or the new, never an
/// empty or half-written one. The rename is atomic on one file system, hence the
/// same directory.
fn replace_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let temporary = temporary_path(path);
    let written =
        std::fs::write(&temporary, contents).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A name beside `path` that no other writer uses at the same time:
/// `.errors.lock.json.<process>.<count>.tmp`.
fn temporary_path(path: &Path) -> std::path::PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let count = COUNT.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = format!(".{name}.{}.{count}.tmp", std::process::id());
    path.with_file_name(temporary)
}

/// The lines by which the lock file falls behind the catalog without breaking it:
/// codes it lacks (`+`), and codes whose exposure changed (`~`).
fn outdated_entries(
    locked: &BTreeMap<String, LockEntry>,
    current: &BTreeMap<String, LockEntry>,
) -> Vec<String> {
    current
        .iter()
        .filter_map(|(code, new)| match locked.get(code) {
            None => Some(format!(
                "+ {code}: {} {:?} {}",
                new.status, new.title, new.type_uri
            )),
            Some(old) if old.expose != new.expose => {
                Some(format!("~ {code}: expose {} -> {}", old.expose, new.expose))
            }
            Some(LockEntry { grpc: None, .. }) => Some(format!(
                "~ {code}: gRPC code {} recorded",
                new.grpc.as_deref().unwrap_or_default()
            )),
            Some(_) => None,
        })
        .collect()
}

/// The command that brings the lock file up to date, naming the package whose test
/// runs it when cargo says which.
fn bless_command() -> String {
    match std::env::var("CARGO_PKG_NAME") {
        Ok(package) if !package.is_empty() => format!("APIERROR_BLESS=1 cargo test -p {package}"),
        _ => "APIERROR_BLESS=1 cargo test".to_owned(),
    }
}

fn breaking_changes(
    locked: &BTreeMap<String, LockEntry>,
    current: &BTreeMap<String, LockEntry>,
) -> Vec<String> {
    let mut changes = Vec::new();
    for (code, old) in locked {
        let Some(new) = current.get(code) else {
            changes.push(format!(
                "- {code}: removed (was {} {:?})",
                old.status, old.title
            ));
            continue;
        };
        if old.status != new.status {
            changes.push(format!("~ {code}: status {} -> {}", old.status, new.status));
        }
        if old.title != new.title {
            changes.push(format!(
                "~ {code}: title {:?} -> {:?}",
                old.title, new.title
            ));
        }
        if old.type_uri != new.type_uri {
            changes.push(format!(
                "~ {code}: type {:?} -> {:?}",
                old.type_uri, new.type_uri
            ));
        }
        if let (Some(old_grpc), Some(new_grpc)) = (&old.grpc, &new.grpc)
            && old_grpc != new_grpc
        {
            changes.push(format!("~ {code}: gRPC code {old_grpc} -> {new_grpc}"));
        }
    }
    changes
}

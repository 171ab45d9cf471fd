//! The same accounts over gRPC: `accounts.Accounts/GetAccount` answers the same
//! `AccountError`s as `GET /accounts/{id}`, as `tonic::Status`es with
//! `google.rpc` details, and [`describe`] is the example client's reading of them.

use accounts_grpc::{Account, Accounts, GetAccount};
use apierror::FieldViolation;
use apierror::tonic::{ErrorLayer, GrpcProblem};
use tonic::Status;

use crate::accounts::Store;
use crate::codes::Code;
use crate::errors::AccountError;

/// The gRPC error layer, with the registry's entries for the framework's own
/// errors (a contained panic answers the registry's `internal_error`).
pub fn layer() -> ErrorLayer {
    ErrorLayer::default().framework_codes::<Code>()
}

/// The `accounts.Accounts` service over `store`.
pub fn service(
    store: Store,
) -> Accounts<impl Fn(GetAccount) -> Result<Account, Status> + Send + Sync + 'static> {
    Accounts::new(move |request: GetAccount| get_account(&store, request.id))
}

/// `GetAccount`: id 0 is invalid, an unknown id is `account_not_found`.
fn get_account(store: &Store, id: u64) -> Result<Account, Status> {
    if id == 0 {
        let violation = FieldViolation::new("id", "must be 1 or more").with_code("range");
        Err(AccountError::Invalid(vec![violation]))?;
    }
    let name = store.name_of(id)?;
    Ok(Account { id, name })
}

/// What the example client prints for an answer: the account, or every fact of
/// the error the status carries, its code typed by the registry.
pub fn describe(answer: Result<Account, Status>) -> String {
    let status = match answer {
        Ok(account) => return format!("account {}: {}", account.id, account.name),
        Err(status) => status,
    };
    let problem = GrpcProblem::<Code>::from_status(&status);
    let mut lines = vec![
        format!("{:?}: {}", status.code(), problem.message()),
        format!("code: {}", problem.code()),
    ];
    if let Some(domain) = problem.domain() {
        lines.push(format!("domain: {domain}"));
    }
    for violation in problem.violations() {
        lines.push(format!(
            "violation: {} {}",
            violation.field(),
            violation.message()
        ));
    }
    if let Some(delay) = problem.retry_after() {
        lines.push(format!("retry after: {}s", delay.as_secs()));
    }
    if let Some(trace_id) = problem.trace_id() {
        lines.push(format!("trace id: {trace_id}"));
    }
    lines.join("\n")
}

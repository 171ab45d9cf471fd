//! The accounts API: an in-memory store and its handlers.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use apierror::FieldViolation;
// apierror's drop-in extractors: a body or parameter that does not parse answers in
// the service's shape, with the failing field's pointer or parameter.
use apierror::axum::{Json, Path, Query, Valid};
use axum::extract::State;
use http::StatusCode;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::errors::{AccountError, BillingError, DbError};

/// How long an account waits between two exports.
const EXPORT_INTERVAL: Duration = Duration::from_secs(30);

/// One account.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Account {
    id: u64,
    name: String,
    email: String,
    balance: u64,
}

/// The store every handler shares.
#[derive(Clone, Default)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    accounts: BTreeMap<u64, Account>,
    next_id: u64,
    exports: HashMap<u64, Instant>,
}

impl Store {
    /// A store holding two accounts, 1 and 2.
    pub fn seeded() -> Store {
        let store = Store::default();
        {
            let mut inner = store.lock();
            for (name, email, balance) in [
                ("Ada", "ada@example.com", 100),
                ("Grace", "grace@example.com", 20),
            ] {
                inner.insert(name.to_owned(), email.to_owned(), balance);
            }
        }
        store
    }

    /// The name of account `id`: what the gRPC service answers.
    pub fn name_of(&self, id: u64) -> Result<String, AccountError> {
        Ok(self.lock().get(id)?.name.clone())
    }

    /// The store, even if a handler panicked while holding it: every change is
    /// one insert or one pair of balance updates, so no state is half-written.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn insert(&mut self, name: String, email: String, balance: u64) -> Account {
        self.next_id += 1;
        let account = Account {
            id: self.next_id,
            name,
            email,
            balance,
        };
        self.accounts.insert(account.id, account.clone());
        account
    }

    fn get(&self, id: u64) -> Result<&Account, AccountError> {
        self.accounts.get(&id).ok_or(AccountError::NotFound { id })
    }
}

/// The query of `GET /accounts`, checked by `validator`: a limit out of range
/// answers 400 with the parameter `limit`.
#[derive(Deserialize, IntoParams, JsonSchema, Validate)]
#[into_params(parameter_in = Query)]
pub struct Page {
    /// The most accounts to answer with.
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// `GET /accounts`
#[utoipa::path(get, path = "/accounts", params(Page), responses((status = 200, description = "The accounts")))]
pub async fn list(
    State(store): State<Store>,
    Valid(Query(page)): Valid<Query<Page>>,
) -> Json<Vec<Account>> {
    let limit = page.limit.map_or(usize::MAX, |limit| limit as usize);
    Json(
        store
            .lock()
            .accounts
            .values()
            .take(limit)
            .cloned()
            .collect(),
    )
}

/// `GET /accounts/{id}`
#[utoipa::path(get, path = "/accounts/{id}", params(("id" = u64, Path, description = "The account's id")),
    responses((status = 200, description = "The account"), AccountError))]
pub async fn get(
    State(store): State<Store>,
    Path(id): Path<u64>,
) -> Result<Json<Account>, AccountError> {
    Ok(Json(store.lock().get(id)?.clone()))
}

/// The body of `POST /accounts`.
#[derive(Deserialize, JsonSchema, ToSchema)]
pub struct NewAccount {
    /// At least one character that is not white space; at most 64.
    #[schema(min_length = 1, max_length = 64, pattern = r"\S")]
    name: String,
    /// An email address.
    #[schema(format = Email)]
    email: String,
}

/// `POST /accounts`: validates every field and reports all violations at once.
#[utoipa::path(post, path = "/accounts", request_body = NewAccount,
    responses((status = 201, description = "The new account"), AccountError))]
pub async fn create(
    State(store): State<Store>,
    Json(new): Json<NewAccount>,
) -> Result<(StatusCode, Json<Account>), AccountError> {
    let mut violations = Vec::new();
    let name = new.name.trim();
    if name.is_empty() {
        violations.push(FieldViolation::new("name", "must not be empty").with_code("required"));
    } else if name.chars().count() > 64 {
        violations.push(
            FieldViolation::new("name", "must be at most 64 characters").with_code("too_long"),
        );
    }
    let email = new.email.trim();
    if !email.contains('@') {
        violations.push(
            FieldViolation::new("email", "must be an email address").with_code("invalid_email"),
        );
    }
    if !violations.is_empty() {
        return Err(AccountError::Invalid(violations));
    }
    let mut inner = store.lock();
    if let Some(owner) = inner
        .accounts
        .values()
        .find(|account| account.email.eq_ignore_ascii_case(email))
    {
        return Err(AccountError::EmailTaken {
            field: "email",
            email: email.to_owned(),
            owner: owner.id,
        });
    }
    let account = inner.insert(name.to_owned(), email.to_owned(), 0);
    Ok((StatusCode::CREATED, Json(account)))
}

/// The body of `POST /accounts/{id}/transfers`, checked by `validator` through the
/// `Valid` extractor: an amount of 0 answers 422 with the pointer `#/amount`.
#[derive(Deserialize, JsonSchema, ToSchema, Validate)]
pub struct Transfer {
    to: u64,
    #[validate(range(min = 1, message = "must be at least 1"))]
    #[schema(minimum = 1)]
    amount: u64,
}

/// `POST /accounts/{id}/transfers`
#[utoipa::path(post, path = "/accounts/{id}/transfers", params(("id" = u64, Path, description = "The paying account's id")),
    request_body = Transfer,
    responses((status = 200, description = "The paying account after the transfer"), AccountError))]
pub async fn transfer(
    State(store): State<Store>,
    Path(id): Path<u64>,
    Valid(Json(transfer)): Valid<Json<Transfer>>,
) -> Result<Json<Account>, AccountError> {
    let mut inner = store.lock();
    inner.get(transfer.to)?;
    let balance = inner.get(id)?.balance;
    if balance < transfer.amount {
        return Err(AccountError::InsufficientFunds {
            id,
            balance,
            requested: transfer.amount,
        });
    }
    if let Some(to) = inner.accounts.get_mut(&transfer.to) {
        to.balance = to.balance.saturating_add(transfer.amount);
    }
    let from = inner
        .accounts
        .get_mut(&id)
        .ok_or(AccountError::NotFound { id })?;
    from.balance -= transfer.amount;
    Ok(Json(from.clone()))
}

/// `POST /accounts/{id}/export`: one export per account every 30 seconds.
#[utoipa::path(post, path = "/accounts/{id}/export", params(("id" = u64, Path, description = "The account's id")),
    responses((status = 200, description = "The exported account"), AccountError))]
pub async fn export(
    State(store): State<Store>,
    Path(id): Path<u64>,
) -> Result<Json<Account>, AccountError> {
    let mut inner = store.lock();
    let account = inner.get(id)?.clone();
    let now = Instant::now();
    if let Some(last) = inner.exports.get(&id) {
        let waited = now.duration_since(*last);
        if waited < EXPORT_INTERVAL {
            let left = EXPORT_INTERVAL - waited;
            return Err(AccountError::RateLimited {
                id,
                retry_after_secs: left.as_secs() + u64::from(left.subsec_nanos() > 0),
            });
        }
    }
    inner.exports.insert(id, now);
    Ok(Json(account))
}

/// `GET /accounts/{id}/invoices`: billing is down, and says so in its own words.
#[utoipa::path(get, path = "/accounts/{id}/invoices", params(("id" = u64, Path, description = "The account's id")),
    responses((status = 200, description = "The invoices"), AccountError))]
pub async fn invoices(
    State(store): State<Store>,
    Path(id): Path<u64>,
) -> Result<Json<Vec<()>>, AccountError> {
    store.lock().get(id)?;
    Err(BillingError::Unavailable(Duration::from_secs(2)).into())
}

/// `GET /reports`: the database fails; the client sees an opaque 500.
#[utoipa::path(get, path = "/reports", responses((status = 200, description = "The report"), AccountError))]
pub async fn report() -> Result<Json<Vec<()>>, AccountError> {
    let source = std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "connection reset by peer",
    );
    Err(DbError {
        query: "SELECT * FROM ledger",
        source,
    }
    .into())
}

/// `GET /panic`: a handler bug; the layer answers an opaque 500 and keeps serving.
pub async fn panic() -> &'static str {
    panic!("the report cache is corrupt (this message stays in the log)")
}

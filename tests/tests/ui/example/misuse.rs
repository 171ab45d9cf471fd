use apierror::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum AccountError {
    #[error("account {id} not found")]
    #[api(code = "account_not_found", status = 404, message = "account {id} not found", example(idd = 42))]
    NotFound { id: u64 },

    #[error("account {0} exists")]
    #[api(code = "account_exists", status = 409, message = "account {0} exists", example(_0 = 7, _0 = 8))]
    Exists(u64),

    #[error("gone")]
    #[api(code = "gone", status = 410, example(id = 1))]
    Gone,

    #[error("bad {name}")]
    #[api(code = "bad_name", status = 422, message = "bad {name}", example(name = ['a']))]
    BadName { name: String },

    #[error("limited")]
    #[api(code = "limited", status = 429, example)]
    Limited,
}

fn main() {}

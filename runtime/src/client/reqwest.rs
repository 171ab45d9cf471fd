//! `ResponseExt`: `error_for_problem` on a `reqwest::Response` (feature `reqwest`).

use std::future::Future;
use std::str::FromStr;

use super::{ApiProblem, BODY_LIMIT};

/// Turns a `reqwest::Response` with an error status into an [`ApiProblem`].
///
/// ```no_run
/// use apierror::client::{ApiProblem, ProblemCode, ResponseExt as _};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let response = reqwest::Client::new().get("http://localhost:3000/accounts/42").send().await?;
/// match response.error_for_problem::<String>().await {
///     Ok(response) => println!("{}", response.status()),
///     Err(problem) if problem.is_retryable() => println!("retry in {:?}", problem.retry_after()),
///     Err(problem) => println!("{problem}"),
/// }
/// # Ok(())
/// # }
/// ```
pub trait ResponseExt: sealed::Sealed + Sized {
    /// The response itself when its status is not a 4xx or 5xx; otherwise its body,
    /// read up to [`BODY_LIMIT`] bytes (the rest is never read), as an
    /// [`ApiProblem`]. A transport error while reading the body ends the read: the
    /// problem holds the status, the headers' facts and what arrived.
    fn error_for_problem<C: FromStr>(
        self,
    ) -> impl Future<Output = Result<reqwest::Response, ApiProblem<C>>> + Send;
}

impl ResponseExt for reqwest::Response {
    async fn error_for_problem<C: FromStr>(mut self) -> Result<reqwest::Response, ApiProblem<C>> {
        let status = self.status();
        if !status.is_client_error() && !status.is_server_error() {
            return Ok(self);
        }
        let mut body = Vec::new();
        // One byte over the limit is enough to know the body was cut.
        while body.len() <= BODY_LIMIT {
            match self.chunk().await {
                Ok(Some(chunk)) => {
                    let room = BODY_LIMIT + 1 - body.len();
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Ok(None) | Err(_) => break,
            }
        }
        Err(ApiProblem::from_parts(status, self.headers(), &body))
    }
}

mod sealed {
    /// Only `reqwest::Response` implements `ResponseExt`, so methods can be added.
    pub trait Sealed {}
    impl Sealed for reqwest::Response {}
}

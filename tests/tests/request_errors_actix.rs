//! The drop-in extractors under actix-web: every failure located, in both formats.
//! The scenarios are in [`request_errors`], shared with the axum tests.

mod actix_harness;
mod request_errors;

use actix_web::{App, web};
use apierror::Format;
use apierror::actix::ErrorMiddleware;
use request_errors::{account_order, form, garde_signup, order, order_by_id, page, signup, tenant};

/// Serves the app on 127.0.0.1, port 0, on a thread of its own; returns its base URL.
fn serve(format: Format) -> String {
    actix_harness::serve(move || {
        App::new()
            .app_data(web::PayloadConfig::new(request_errors::BODY_LIMIT))
            .route("/orders", web::post().to(order))
            .route("/orders/{id}", web::get().to(order_by_id))
            .route(
                "/accounts/{account}/orders/{order}",
                web::get().to(account_order),
            )
            .route("/pages", web::get().to(page))
            .route("/forms", web::post().to(form))
            .route("/signup", web::post().to(signup))
            .route("/garde", web::post().to(garde_signup))
            .route("/tenant", web::get().to(tenant))
            .wrap(ErrorMiddleware::default().format(format))
    })
}

#[tokio::test]
async fn every_failure_is_located() {
    request_errors::every_failure_is_located(&serve(Format::Problem), &serve(Format::Envelope))
        .await;
}

#[tokio::test]
async fn problem_members_are_exact() {
    request_errors::problem_members_are_exact(&serve(Format::Problem)).await;
}

#[tokio::test]
async fn valid_requests_pass() {
    request_errors::valid_requests_pass(&serve(Format::Problem)).await;
}

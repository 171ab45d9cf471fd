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
            // `Json` reads under `JsonConfig`, as actix-web's own does; `Form` under
            // `PayloadConfig`.
            .app_data(web::JsonConfig::default().limit(request_errors::BODY_LIMIT))
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

/// Serves `POST /orders` with the drop-in `Json` and `POST /native` with actix-web's
/// own `web::Json`, under `json_config` if given.
fn serve_both(json_config: Option<web::JsonConfig>) -> String {
    async fn native(order: web::Json<serde_json::Value>) -> String {
        order.0["name"]
            .as_str()
            .map(str::len)
            .unwrap_or_default()
            .to_string()
    }
    actix_harness::serve(move || {
        let app = App::new()
            .route("/orders", web::post().to(order))
            .route("/native", web::post().to(native))
            .wrap(ErrorMiddleware::default());
        match json_config.clone() {
            Some(config) => app.app_data(config),
            None => app,
        }
    })
}

/// The status of a JSON order whose name is `name_len` bytes long, on `path`.
async fn status_of(base: &str, path: &str, name_len: usize) -> u16 {
    let body = format!(
        r#"{{"name":"{}","profile":{{"color":"red"}},"items":[]}}"#,
        "a".repeat(name_len)
    );
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client")
        .post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    response.status().as_u16()
}

/// The drop-in `Json` reads the body as actix-web's `web::Json` does: under the app's
/// `JsonConfig` limit, else its 2 MiB default (not `PayloadConfig`'s 256 KiB), so that
/// a service switching extractors takes the same bodies.
#[tokio::test]
async fn json_takes_the_bodies_actix_webs_own_json_takes() {
    let default = serve_both(None);
    let configured = serve_both(Some(web::JsonConfig::default().limit(4 << 20)));
    let small = serve_both(Some(web::JsonConfig::default().limit(1024)));
    for (base, name_len, expected) in [
        (&default, 300 << 10, 200),
        (&default, 3 << 20, 413),
        (&configured, 3 << 20, 200),
        (&small, 2048, 413),
        (&small, 10, 200),
    ] {
        for path in ["/native", "/orders"] {
            let status = status_of(base, path, name_len).await;
            assert_eq!(status, expected, "{path}, a {name_len}-byte name");
        }
    }
}

//! The drop-in extractors under axum: every failure located, in both formats. The
//! scenarios are in [`request_errors`], shared with the actix-web tests.

mod request_errors;

use apierror::Format;
use apierror::axum::ErrorLayer;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use request_errors::{account_order, form, garde_signup, order, order_by_id, page, signup, tenant};

/// The app of drop-in extractors, answering in `format`; returns its base URL.
async fn serve(format: Format) -> String {
    let app = Router::new()
        .route("/orders", post(order))
        .route("/orders/{id}", get(order_by_id))
        .route("/accounts/{account}/orders/{order}", get(account_order))
        .route("/pages", get(page))
        .route("/forms", post(form))
        .route("/signup", post(signup))
        .route("/garde", post(garde_signup))
        .route("/tenant", get(tenant))
        .layer(DefaultBodyLimit::max(request_errors::BODY_LIMIT))
        .layer(ErrorLayer::default().format(format));
    serve_app(app).await
}

/// Serves `app` on 127.0.0.1, port 0, for the rest of the test; returns its base URL.
async fn serve_app(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    format!("http://{address}")
}

#[tokio::test]
async fn every_failure_is_located() {
    let (problem, envelope) = (serve(Format::Problem).await, serve(Format::Envelope).await);
    request_errors::every_failure_is_located(&problem, &envelope).await;
}

#[tokio::test]
async fn problem_members_are_exact() {
    request_errors::problem_members_are_exact(&serve(Format::Problem).await).await;
}

#[tokio::test]
async fn valid_requests_pass() {
    request_errors::valid_requests_pass(&serve(Format::Problem).await).await;
}

mod axums_own {
    //! axum's own extractors behind the layer: the layer reads the failing field or
    //! parameter from axum's rejection text.

    use axum::extract::{Json, Path, Query};

    use super::request_errors::{Order, OrderPath, Page};

    pub async fn order(Json(order): Json<Order>) -> String {
        order.name
    }

    pub async fn account_order(Path(path): Path<OrderPath>) -> String {
        format!("{}/{}", path.account, path.order)
    }

    pub async fn page(Query(page): Query<Page>) -> String {
        page.limit.to_string()
    }
}

async fn serve_axums_own() -> String {
    let app = Router::new()
        .route("/orders", post(axums_own::order))
        .route(
            "/accounts/{account}/orders/{order}",
            get(axums_own::account_order),
        )
        .route("/pages", get(axums_own::page))
        .layer(ErrorLayer::default());
    serve_app(app).await
}

#[tokio::test]
async fn the_layer_locates_axums_own_rejections() {
    request_errors::the_layer_locates_axums_own_rejections(&serve_axums_own().await).await;
}

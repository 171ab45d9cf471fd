//! The drop-in extractors under axum: every failure located, in both formats. The
//! scenarios are in [`request_errors`], shared with the actix-web tests.

mod request_errors;

use apierror::Format;
use apierror::axum::{ErrorLayer, Form, Garde, Json, Path, Query, Valid};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use request_errors::{GardeSignup, Item, Order, OrderPath, Page, Signup, TenantError};
use serde_json::{Value, json};

async fn order(Json(order): Json<Order>) -> Json<Value> {
    let _ = (
        &order.profile.color,
        order.items.first().map(|item| item.qty),
    );
    Json(json!({ "name": order.name, "items": order.items.len() }))
}

async fn order_by_id(Path(id): Path<u64>) -> String {
    id.to_string()
}

async fn account_order(Path(path): Path<OrderPath>) -> String {
    format!("{}/{}", path.account, path.order)
}

async fn page(Query(page): Query<Page>) -> String {
    page.limit.to_string()
}

async fn form(Form(item): Form<Item>) -> String {
    item.qty.to_string()
}

async fn signup(Valid(Json(signup)): Valid<Json<Signup>>) -> String {
    signup.name
}

async fn garde_signup(Garde(Json(signup)): Garde<Json<GardeSignup>>) -> String {
    signup.name
}

async fn tenant() -> Result<(), TenantError> {
    Err(request_errors::missing_tenant())
}

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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the server runs") });
    format!("http://{address}")
}

#[tokio::test]
async fn the_layer_locates_axums_own_rejections() {
    request_errors::the_layer_locates_axums_own_rejections(&serve_axums_own().await).await;
}
